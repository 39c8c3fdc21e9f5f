"""Pay schemes and pay sheets (read only; the same access as the pages: officers and the
village secretary within their subtree)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.errors import AccessDenied
from jiceng.core.permissions import is_editor
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import queries
from .models import Scheme

router = Router(tags=["村干部报酬"])


class Message(Schema):
    detail: str


class PaySchemeOut(Schema):
    id: int
    organization: str
    year: int
    title: str
    secretary_base_fen: int
    shares_bp: dict[str, int]
    combined_rule: str
    combined_share_bp: int
    bands: list[tuple[str, int]]


class PayLineOut(Schema):
    person_id: int
    name: str
    posts: str
    months: int
    share_bp: int | None
    pay_fen: int | None
    awards_fen: int
    due_fen: int | None
    paid_fen: int
    balance_fen: int | None


class SheetOut(Schema):
    organization: str
    year: int
    scheme_id: int | None
    secretary_base_fen: int | None
    score: str | None
    score_source: str
    coefficient_bp: int | None
    problem: str
    lines: list[PayLineOut]
    due_fen: int | None
    paid_fen: int
    balance_fen: int | None


def _scheme(s: Scheme) -> dict[str, Any]:
    return {"id": s.pk, "organization": s.organization.full_path, "year": s.year, "title": s.title,
            "secretary_base_fen": s.secretary_base, "shares_bp": s.shares, "combined_rule": s.combined_rule,
            "combined_share_bp": s.combined_share, "bands": [(str(b), int(c)) for b, c in s.bands]}  # fmt: skip


@router.get(
    "/pay/schemes", response={200: list[PaySchemeOut], 401: Message}, summary="村干部报酬方案（本人可见范围内）"
)
def list_schemes(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)) -> Any:  # type: ignore[type-arg]
    if not is_editor(request.user):
        return []
    schemes = Scheme.objects.visible_to(request.user).select_related("organization")
    if year is not None:
        schemes = schemes.filter(year=year)
    return [_scheme(s) for s in schemes[:500]]


@router.get(
    "/pay/schemes/{scheme_id}", response={200: PaySchemeOut, 401: Message, 404: Message}, summary="报酬方案详情"
)
def get_scheme(request: HttpRequest, scheme_id: int) -> Any:
    scheme = get_visible_or_404(Scheme.objects.select_related("organization"), request.user, pk=scheme_id)
    if not is_editor(request.user):
        raise Http404
    return _scheme(scheme)


@router.get(
    "/pay/sheets/{org_id}/{year}",
    response={200: SheetOut, 401: Message, 404: Message},
    summary="村干部年度报酬发放表（金额为分）",
)
def get_sheet(request: HttpRequest, org_id: int, year: int = Path(..., ge=2000, le=2100)) -> Any:  # type: ignore[type-arg]
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise Http404
    if not request.user.has_perm("pay.view_org", org):
        raise AccessDenied("您没有权限查看村干部报酬")
    data = queries.sheet(org, year)
    return {"organization": org.full_path, "year": year, "scheme_id": data.scheme.pk if data.scheme else None,
            "secretary_base_fen": data.base, "score": str(data.score) if data.score is not None else None,
            "score_source": data.score_source, "coefficient_bp": data.coefficient, "problem": data.problem,
            "lines": [{"person_id": ln.person_id, "name": ln.name, "posts": ln.label, "months": ln.months,
                       "share_bp": ln.share, "pay_fen": ln.pay, "awards_fen": ln.awards, "due_fen": ln.due,
                       "paid_fen": ln.paid, "balance_fen": ln.balance} for ln in data.lines],
            "due_fen": data.due, "paid_fen": data.paid, "balance_fen": data.balance}  # fmt: skip

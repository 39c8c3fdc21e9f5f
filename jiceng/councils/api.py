"""Care councils, their month coverage and care targets (read only; the same access as the
pages: 特殊人员 only for the branch secretary's account and officers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.households.models import Household

from . import actions, queries
from .forms import parse_month
from .models import CareTarget, Council, CouncilVisit

router = Router(tags=["关怀理事会"])


class CouncilMessage(Schema):
    detail: str


class CouncilCoverageOut(Schema):
    month: str
    visited: int
    households: int
    complete: bool
    deeds: int


class CouncilOut(Schema):
    id: int
    organization: str
    chair: str
    executive: str
    founded_on: dt.date
    coverage: CouncilCoverageOut


class CouncilPostOut(Schema):
    name: str
    group: str
    leader: str
    councillors: list[str]


class CouncilDetailOut(CouncilOut):
    posts: list[CouncilPostOut]
    pending: int
    balance_fen: int


class CouncilTargetOut(Schema):
    id: int
    kind: str
    detail: str
    name: str
    councillor: str
    since: dt.date


def _out(c: Council, cov: Any, month: dt.date) -> dict[str, Any]:
    return {"id": c.pk, "organization": c.organization.full_path, "chair": c.chair.name,
            "executive": c.executive.name if c.executive else "", "founded_on": c.founded_on,
            "coverage": {"month": f"{month:%Y-%m}", "visited": cov.visited, "households": cov.households,
                         "complete": cov.complete, "deeds": cov.deeds}}  # fmt: skip


def _month(text: str | None) -> dt.date:
    return parse_month(text or "", timezone.localdate())


@router.get("/councils", response={200: list[CouncilOut], 401: CouncilMessage},
            summary="关怀理事会及某月走访覆盖（本人可见范围内）")  # fmt: skip
def list_councils(request: HttpRequest, month: str | None = Query(None)) -> Any:  # type: ignore[type-arg]
    day = _month(month)
    councils = list(Council.objects.visible_to(request.user).select_related("organization", "chair", "executive")[:500])
    figures = queries.coverage(councils, day)
    return [_out(c, figures[c.pk], day) for c in councils]


@router.get("/councils/{council_id}", response={200: CouncilDetailOut, 401: CouncilMessage, 404: CouncilMessage},
            summary="关怀理事会：岗位（党小组）、理事、经费余额、某月覆盖")  # fmt: skip
def get_council(request: HttpRequest, council_id: int, month: str | None = Query(None)) -> Any:  # type: ignore[type-arg]
    c = get_visible_or_404(Council.objects.select_related("organization", "chair", "executive"), request.user,
                           pk=council_id)  # fmt: skip
    day = _month(month)
    posts = [{"name": p.name, "group": p.group.name, "leader": p.leader.name if p.leader else "",
              "councillors": [m.name for m in p.councillors.filter(status="confirmed").order_by("name", "pk")]}
             for p in c.posts.select_related("group", "leader").order_by("pk")]  # fmt: skip
    return {**_out(c, queries.coverage([c], day)[c.pk], day), "posts": posts,
            "pending": c.councillors.filter(status="pending").count(), "balance_fen": actions.balance(c)}  # fmt: skip


@router.get("/councils/{council_id}/targets",
            response={200: list[CouncilTargetOut], 401: CouncilMessage, 404: CouncilMessage},
            summary="关怀对象（特殊人员仅本支部书记和乡镇、县级工作人员可见）")  # fmt: skip
def list_targets(request: HttpRequest, council_id: int) -> Any:
    c = get_visible_or_404(Council.objects.select_related("organization"), request.user, pk=council_id)
    if not request.user.has_perm("councils.change_org", c.organization):
        raise AccessDenied("您没有权限查看关怀对象")
    rows = CareTarget.objects.visible_to(request.user).filter(council=c).select_related("councillor")
    return [{"id": t.pk, "kind": t.kind, "detail": t.detail, "name": t.name, "councillor": t.councillor.name,
             "since": t.since} for t in rows]  # fmt: skip


class CouncilVisitOut(Schema):
    id: int
    councillor: str
    household: str
    visited_on: dt.date
    asked: str
    done: str
    deed: bool
    problem: str
    ledger_item_id: int | None


class CouncilVisitIn(CleanIn):
    councillor_id: Id
    household_id: Id
    visited_on: PastDate
    asked: str = Field(max_length=1000)
    done: str = Field("", max_length=1000)
    deed: bool = False
    problem: str = Field("", max_length=1000)


def _visit_out(v: CouncilVisit) -> dict[str, Any]:
    return {"id": v.pk, "councillor": v.councillor.name, "household": v.household.head_name,
            "visited_on": v.visited_on, "asked": v.asked, "done": v.done, "deed": v.deed, "problem": v.problem,
            "ledger_item_id": v.ledger_ref}  # fmt: skip


@router.get("/councils/{council_id}/visits", response={200: list[CouncilVisitOut], 401: CouncilMessage,
            404: CouncilMessage}, url_name="council_visits", summary="某月的理事走访记录")  # fmt: skip
def list_visits(request: HttpRequest, council_id: int, month: str | None = Query(None)) -> Any:  # type: ignore[type-arg]
    c = get_visible_or_404(Council.objects.all(), request.user, pk=council_id)
    first, nxt = queries.month_bounds(_month(month))
    rows = CouncilVisit.objects.visible_to(request.user).filter(council=c, visited_on__gte=first, visited_on__lt=nxt)
    return [_visit_out(v) for v in rows.select_related("councillor", "household")[:2000]]


@router.post("/councils/{council_id}/visits", response={201: CouncilVisitOut, 400: CouncilMessage,
             401: CouncilMessage, 404: CouncilMessage}, url_name="council_visit_create",
             summary="登记理事走访（只能是本村农户）")  # fmt: skip
def create_visit(request: HttpRequest, council_id: int, payload: CouncilVisitIn) -> Any:
    c = get_visible_or_404(Council.objects.select_related("organization"), request.user, pk=council_id)
    member = c.councillors.filter(pk=payload.councillor_id).first()
    house = Household.objects.select_related("grid").filter(pk=payload.household_id).first()
    if member is None or house is None:
        raise DomainError("理事或农户不存在")
    data = payload.dict(exclude={"councillor_id", "household_id"})
    visit = actions.record_visit(actor_of(request), c, councillor=member, household=house, **data)
    return 201, _visit_out(visit)

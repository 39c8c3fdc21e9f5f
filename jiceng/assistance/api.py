"""Pairings (coverage, duties), contact records and the hardship fund (balance at a date,
grants, the public summary): the same access as the pages — officers of the township's subtree;
the summary (counts and totals, no names) for any signed-in user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import actions, queries
from .models import Fund, Pairing

router = Router(tags=["结对帮扶"])


class AssistMessage(Schema):
    detail: str


class AssistCoverageOut(Schema):
    organ_members: int
    organ_helping: int
    organ_percent: int
    poor: int
    poor_paired: int
    shuanglian_members: int
    affair_members: int
    affair_kinds: int
    hardship_members: int
    hardship_people: int


class AssistPairOut(Schema):
    id: int
    kind: str
    helper: str
    helped: str
    started_on: dt.date
    ended_on: dt.date | None
    quarters: list[str]
    warmth: bool | None
    deed: bool | None


class AssistContactIn(CleanIn):
    kind: str = Field(max_length=10)
    on: PastDate
    content: str = Field(max_length=500)


class AssistContactOut(Schema):
    id: int
    kind: str
    on: dt.date
    content: str


class AssistFundOut(Schema):
    on: dt.date
    balance_fen: int


class AssistGrantIn(CleanIn):
    person_id: Id
    reason: str = Field(max_length=20)
    amount_fen: int = Field(ge=1, le=10**12)
    approved_by: str = Field(max_length=50)
    approved_on: PastDate
    paid_on: PastDate
    note: str = Field("", max_length=200)


class AssistGrantOut(Schema):
    id: int
    reason: str
    amount_fen: int
    paid_on: dt.date
    balance_fen: int


class AssistLineOut(Schema):
    label: str
    count: int
    total_fen: int


class AssistSummaryOut(Schema):
    on: dt.date
    balance_fen: int
    poor_ledger: int
    recipients: int
    grant_count: int
    granted_fen: int
    deeds: int
    income: list[AssistLineOut]
    grants: list[AssistLineOut]


def _town(request: HttpRequest, org_id: int) -> Organization:
    town = get_visible_or_404(Organization.objects.filter(kind=OrgKind.TOWNSHIP_COMMITTEE), request.user, pk=org_id)
    if not request.user.has_perm("assistance.change_org", town):
        raise AccessDenied("您没有权限查看结对帮扶记录")
    return town


def _when(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


@router.get("/assistance/townships/{org_id}/coverage", response={200: AssistCoverageOut, 401: AssistMessage,
            403: AssistMessage, 404: AssistMessage},
            summary="结对帮扶覆盖情况（机关党员参与、贫困党员结对、双联双定双带）")  # fmt: skip
def assistance_coverage(request: HttpRequest, org_id: int, on: dt.date | None = None) -> Any:
    c = queries.coverage(_town(request, org_id), _when(on))
    return {**c.__dict__, "organ_percent": c.organ_percent}


@router.get("/assistance/townships/{org_id}/pairings", response={200: list[AssistPairOut], 400: AssistMessage,
            401: AssistMessage, 403: AssistMessage, 404: AssistMessage},
            summary="结对及某年的履责情况（每季度走访、送温暖、办实事）")  # fmt: skip
def assistance_pairings(request: HttpRequest, org_id: int, year: int | None = None) -> Any:
    today = timezone.localdate()
    if year is not None and not 2000 <= year <= today.year:
        raise DomainError(f"年度应在2000至{today.year}年之间")
    rows = queries.duty_rows(_town(request, org_id), year or today.year, today)
    return [{"id": r.pair.pk, "kind": r.pair.kind, "helper": r.pair.helper.name, "helped": r.pair.helped,
             "started_on": r.pair.started_on, "ended_on": r.pair.ended_on, "quarters": list(r.duties.quarters),
             "warmth": r.duties.warmth, "deed": r.duties.deed} for r in rows]  # fmt: skip


@router.post("/assistance/pairings/{pair_id}/contacts", response={201: AssistContactOut, 400: AssistMessage,
             401: AssistMessage, 403: AssistMessage, 404: AssistMessage},
             summary="登记帮扶记录（上门走访、送温暖、办实事）")  # fmt: skip
def assistance_contact(request: HttpRequest, pair_id: int, payload: AssistContactIn) -> Any:
    pair = get_visible_or_404(Pairing.objects.select_related("township"), request.user, pk=pair_id)
    c = actions.record_contact(actor_of(request), pair, kind=payload.kind, on=payload.on, content=payload.content)
    return 201, {"id": c.pk, "kind": c.kind, "on": c.on, "content": c.content}


@router.get("/assistance/townships/{org_id}/fund", response={200: AssistFundOut, 401: AssistMessage,
            403: AssistMessage, 404: AssistMessage}, summary="困难党员帮扶基金某日的余额")  # fmt: skip
def assistance_fund(request: HttpRequest, org_id: int, on: dt.date | None = None) -> Any:
    fund = Fund.objects.filter(township=_town(request, org_id)).first()
    day = _when(on)
    return {"on": day, "balance_fen": actions.balance(fund, day) if fund else 0}


@router.post("/assistance/townships/{org_id}/fund/grants", response={201: AssistGrantOut, 400: AssistMessage,
             401: AssistMessage, 403: AssistMessage, 404: AssistMessage},
             summary="登记补助发放（超过当日余额的补助不予发放）")  # fmt: skip
def assistance_grant(request: HttpRequest, org_id: int, payload: AssistGrantIn) -> Any:
    town = _town(request, org_id)
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise DomainError("补助对象不存在")
    data = payload.dict(exclude={"person_id", "amount_fen"})
    g = actions.grant(actor_of(request), town, person, amount=payload.amount_fen, **data)
    return 201, {"id": g.pk, "reason": g.reason, "amount_fen": g.amount, "paid_on": g.paid_on,
                 "balance_fen": actions.balance(g.fund, g.paid_on)}  # fmt: skip


@router.get("/assistance/townships/{org_id}/fund/summary", response={200: AssistSummaryOut, 401: AssistMessage,
            404: AssistMessage}, summary="帮扶基金公开汇总（只有笔数和金额，不含姓名）")  # fmt: skip
def assistance_fund_summary(request: HttpRequest, org_id: int, on: dt.date | None = None) -> Any:
    town = get_object_or_404(Organization, pk=org_id, kind=OrgKind.TOWNSHIP_COMMITTEE)
    s = queries.summary(town, _when(on))
    return {"on": s.on, "balance_fen": s.balance, "poor_ledger": s.poor_ledger, "recipients": s.recipients,
            "grant_count": s.grant_count, "granted_fen": s.granted, "deeds": s.deeds,
            "income": [{"label": a, "count": n, "total_fen": t} for a, n, t in s.income],
            "grants": [{"label": a, "count": n, "total_fen": t} for a, n, t in s.grants]}  # fmt: skip

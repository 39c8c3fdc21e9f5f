"""Dues API (党费): a branch's collection sheet of a month, the totals per township and branch,
the arrears, and recording a base or a payment — the same access rules and refusals as the
pages (issue 14.6). Money is integer fen (分) throughout."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, queries, rules
from .models import Place

router = Router(tags=["党费"])
MONTH = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="月份，如 2026-03")


class Message(Schema):
    detail: str


class DuesLineOut(Schema):
    person_id: int
    name: str
    organization: str
    kind: str | None
    income_fen: int | None
    rate: str | None
    due_fen: int
    paid_fen: int | None
    paid_on: dt.date | None
    place: str | None
    receipt: str


class DuesSheetOut(Schema):
    organization_id: int
    organization: str
    month: str
    due_fen: int
    paid_fen: int
    paid_count: int
    unpaid_count: int
    no_base: int
    lines: list[DuesLineOut]


class DuesTotalOut(Schema):
    organization_id: int
    organization: str
    members: int
    due_fen: int
    paid_fen: int
    remitted_fen: int
    branches: list[DuesTotalOut] = []


class DuesArrearsOut(Schema):
    person_id: int
    name: str
    organization: str
    first_month: str
    last_month: str
    months: int


class DuesBaseIn(CleanIn):
    person_id: Id
    from_month: str = MONTH
    kind: rules.Kind
    income_fen: int | None = Field(None, ge=0, le=10**12)
    fixed_fen: int | None = Field(None, ge=0, le=10**9)
    relief: rules.Relief = rules.Relief.NONE
    approved_by: str = Field("", max_length=100)
    approved_on: PastDate | None = None
    note: str = Field("", max_length=200)
    confirmed: bool = False


class DuesBaseOut(Schema):
    id: int
    person_id: int
    from_month: dt.date
    kind: str
    due_fen: int


class DuesPaymentIn(CleanIn):
    person_id: Id
    first_month: str = MONTH
    count: int = Field(1, ge=1, le=12)
    paid_on: PastDate
    amount_fen: int | None = Field(None, ge=0, le=10**9, description="每月金额（分），不填为应交额")
    place: Place = Place.BRANCH
    place_name: str = Field("", max_length=100)
    receipt: str = Field("", max_length=40)


class DuesPaymentOut(Schema):
    id: int
    person_id: int
    month: dt.date
    amount_fen: int
    due_fen: int
    paid_on: dt.date
    entered_at: dt.datetime


def _org(request: HttpRequest, org_id: int) -> Organization:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    if not request.user.has_perm("dues.manage_org", org):
        raise PermissionDenied
    return org


def _person(request: HttpRequest, person_id: int) -> Person:
    return get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=person_id)


def _month(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[5:7]), 1)


def _total(t: queries.Total) -> dict[str, Any]:
    return {"organization_id": t.org.pk, "organization": t.org.name, "members": t.members, "due_fen": t.due,
            "paid_fen": t.paid, "remitted_fen": t.remitted, "branches": [_total(b) for b in t.branches]}  # fmt: skip


@router.get("/dues/sheet/{org_id}", response={200: DuesSheetOut, 401: Message, 403: Message, 404: Message},
            url_name="dues_sheet", summary="党费收缴表（一个月）")  # fmt: skip
def sheet(request: HttpRequest, org_id: Id, month: str = Query("", pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$")) -> Any:
    org = _org(request, org_id)
    data = queries.sheet(org, _month(month) if month else rules.month_start(timezone.localdate()))
    lines = [{
        "person_id": line.person.pk, "name": line.person.name, "organization": line.person.organization.name,
        "kind": line.base.kind if line.base else None, "income_fen": line.base.income if line.base else None,
        "rate": str(line.due.rate) if line.due else None, "due_fen": line.owed,
        "paid_fen": line.payment.amount if line.payment else None,
        "paid_on": line.payment.paid_on if line.payment else None,
        "place": line.payment.place if line.payment else None,
        "receipt": line.payment.receipt if line.payment else "",
    } for line in data.lines]  # fmt: skip
    return {"organization_id": org.pk, "organization": org.name, "month": f"{data.month:%Y-%m}", "due_fen": data.due,
            "paid_fen": data.paid, "paid_count": data.paid_count, "unpaid_count": data.unpaid_count,
            "no_base": data.no_base, "lines": lines}  # fmt: skip


@router.get("/dues/totals/{org_id}", response={200: list[DuesTotalOut], 401: Message, 403: Message, 404: Message},
            url_name="dues_totals", summary="党费合计（按乡镇、支部）")  # fmt: skip
def totals(request: HttpRequest, org_id: Id, year: int = Query(None, ge=2000, le=2100)) -> Any:
    org = _org(request, org_id)
    year = year or timezone.localdate().year
    return [_total(t) for t in queries.totals(org, dt.date(year, 1, 1), dt.date(year, 12, 1))]


@router.get("/dues/arrears/{org_id}", response={200: list[DuesArrearsOut], 401: Message, 403: Message, 404: Message},
            url_name="dues_arrears", summary="连续六个月未交党费（党章第九条，只提示）")  # fmt: skip
def arrears(request: HttpRequest, org_id: Id) -> Any:
    org = _org(request, org_id)
    return [{"person_id": a.person.pk, "name": a.person.name, "organization": a.person.organization.name,
             "first_month": f"{a.first:%Y-%m}", "last_month": f"{a.last:%Y-%m}", "months": len(a.run)}
            for a in queries.arrears(org, timezone.localdate())]  # fmt: skip


@router.post("/dues/bases", response={201: DuesBaseOut, 400: Message, 401: Message, 403: Message, 404: Message},
             url_name="dues_base_create", summary="核定党费基数（从某月起）")  # fmt: skip
def set_base(request: HttpRequest, payload: DuesBaseIn) -> Any:
    person = _person(request, payload.person_id)
    base = actions.set_base(actor_of(request), person, _month(payload.from_month), payload.kind,
                            income=payload.income_fen, fixed=payload.fixed_fen, relief=payload.relief,
                            approved_by=payload.approved_by, approved_on=payload.approved_on, note=payload.note,
                            confirmed=payload.confirmed)  # fmt: skip
    return 201, {"id": base.pk, "person_id": person.pk, "from_month": base.from_month, "kind": base.kind,
                 "due_fen": base.due.amount}  # fmt: skip


@router.post("/dues/payments", response={201: list[DuesPaymentOut], 400: Message, 401: Message, 403: Message,
             404: Message}, url_name="dues_payment_create", summary="登记交纳党费（可预交）")  # fmt: skip
def pay(request: HttpRequest, payload: DuesPaymentIn) -> Any:
    person = _person(request, payload.person_id)
    rows = actions.record_payment(actor_of(request), person, _month(payload.first_month), paid_on=payload.paid_on,
                                  count=payload.count, amount=payload.amount_fen, place=payload.place,
                                  place_name=payload.place_name, receipt=payload.receipt)  # fmt: skip
    return 201, [{"id": r.pk, "person_id": person.pk, "month": r.month, "amount_fen": r.amount, "due_fen": r.due,
                  "paid_on": r.paid_on, "entered_at": r.entered_at} for r in rows]  # fmt: skip

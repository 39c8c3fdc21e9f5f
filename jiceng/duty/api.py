"""Duty API (值班): a village's rota, a month's log with the gaps (working days on the rota
without a log), writing a log entry — the same access rules and refusals as the pages (issue 14.6)."""

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

from . import actions, queries
from .models import DutyEntry

router = Router(tags=["村干部值班"])


class Message(Schema):
    detail: str


class DutyDayOut(Schema):
    weekday: int
    label: str
    people: list[str]


class DutyEntryOut(Schema):
    id: int
    on: dt.date
    person_id: int
    person: str
    callers: str
    handled: str
    referred: str
    entered_at: dt.datetime
    late: bool
    ledger_item_id: int | None


class DutyMonthOut(Schema):
    organization_id: int
    month: str
    entries: list[DutyEntryOut]
    gaps: list[dt.date]


class DutyEntryIn(CleanIn):
    on: PastDate
    person_id: Id
    callers: str = Field(max_length=5000)
    handled: str = Field("", max_length=5000)
    referred: str = Field("", max_length=5000)


def _org(request: HttpRequest, org_id: int, perm: str = "duty.view_duty") -> Organization:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    if not request.user.has_perm(perm, org):
        raise PermissionDenied
    return org


def _entry(e: DutyEntry) -> dict[str, Any]:
    return {"id": e.pk, "on": e.on, "person_id": e.person_id, "person": e.person.name, "callers": e.callers,
            "handled": e.handled, "referred": e.referred, "entered_at": e.created_at, "late": e.late,
            "ledger_item_id": e.ledger_ref}  # fmt: skip


@router.get("/duty/{org_id}/rota", response={200: list[DutyDayOut], 401: Message, 403: Message, 404: Message},
            url_name="duty_rota", summary="值班安排（按星期）")  # fmt: skip
def rota(request: HttpRequest, org_id: Id) -> Any:
    org = _org(request, org_id)
    return [{"weekday": d.weekday, "label": d.label, "people": [p.name for p in d.people]} for d in queries.rota(org)]


@router.get("/duty/{org_id}/log", response={200: DutyMonthOut, 401: Message, 403: Message, 404: Message},
            url_name="duty_log", summary="一个月的值班日志与未记日志的值班日")  # fmt: skip
def month_log(request: HttpRequest, org_id: Id,
              month: str = Query("", pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$")) -> Any:  # fmt: skip
    org = _org(request, org_id)
    today = timezone.localdate()
    year, number = (int(month[:4]), int(month[5:])) if month else (today.year, today.month)
    entries, gaps = queries.month(org, year, number, today)
    return {"organization_id": org.pk, "month": f"{year}-{number:02d}", "entries": [_entry(e) for e in entries],
            "gaps": gaps}  # fmt: skip


@router.post("/duty/{org_id}/log", response={201: DutyEntryOut, 400: Message, 401: Message, 403: Message,
             404: Message}, url_name="duty_log_create", summary="记值班日志")  # fmt: skip
def log_entry(request: HttpRequest, org_id: Id, payload: DutyEntryIn) -> Any:
    org = _org(request, org_id, "duty.manage_duty")
    made = actions.log_entry(actor_of(request), org, on=payload.on, person=payload.person_id, callers=payload.callers,
                             handled=payload.handled, referred=payload.referred)  # fmt: skip
    return 201, _entry(DutyEntry.objects.select_related("person").get(pk=made.pk))

"""Training API (学时): sessions of an organization, recording one, a person's 学时 with each
source (meetings included, entered once), the members' yearly hours against the requirement and
the figures as the seeds write them — the same access rules and refusals as the pages (issue 14.6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate, entry_gap_days
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, queries, rules
from .models import Session

router = Router(tags=["培训学时"])
PAGE = 100
YEAR = Query(None, ge=2000, le=2100, description="年度，默认今年")


class Message(Schema):
    detail: str


class TrainingSessionOut(Schema):
    id: int
    organization_id: int
    organization: str
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    trainer: str
    hours: Decimal  # 每人学时
    days: Decimal
    participants: int
    entered_at: dt.datetime
    late_days: int


class TrainingSessionIn(CleanIn):
    organization_id: Id
    title: str = Field(max_length=200)
    kind: rules.SessionKind
    starts_on: PastDate
    ends_on: PastDate
    unit: rules.Unit
    amount: float = Field(gt=0, le=1000, description="时长（天、半天或学时，按计时方式）")
    participants: list[Id] = Field(min_length=1, max_length=5000)
    place: str = Field("", max_length=200)
    trainer: str = Field("", max_length=100)
    note: str = Field("", max_length=2000)


class TrainingLineOut(Schema):
    on: dt.date
    title: str
    kind: str
    hours: Decimal
    source: str
    organization: str
    late_days: int


class TrainingPersonOut(Schema):
    person_id: int
    name: str
    year: int
    total: Decimal
    required: int | None
    short: Decimal
    rule: str
    lines: list[TrainingLineOut]


class TrainingRowOut(Schema):
    person_id: int
    name: str
    organization: str
    role: str
    required: int
    hours: Decimal
    short: Decimal


class TrainingFiguresOut(Schema):
    sessions: int
    person_times: int
    meetings: int
    meeting_person_times: int
    text: str


def _org(request: HttpRequest, org_id: int) -> Organization:
    return get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)


def _session_out(s: Session) -> dict[str, Any]:
    return {"id": s.pk, "organization_id": s.organization_id, "organization": s.organization.name, "title": s.title,
            "kind": s.kind, "starts_on": s.starts_on, "ends_on": s.ends_on, "place": s.place, "trainer": s.trainer,
            "hours": s.hours, "days": s.days, "participants": getattr(s, "n", None) or s.participants.count(),
            "entered_at": s.created_at,
            "late_days": entry_gap_days(s.ends_on, timezone.localtime(s.created_at).date())}  # fmt: skip


@router.get("/training/sessions/{org_id}", response={200: list[TrainingSessionOut], 401: Message, 404: Message},
            url_name="training_sessions", summary="培训（本组织及下级举办的）")  # fmt: skip
def list_sessions(request: HttpRequest, org_id: Id, year: int = YEAR, page: int = Query(1, ge=1, le=10000)) -> Any:
    org = _org(request, org_id)
    year = year or timezone.localdate().year
    rows = Session.objects.filter(org_path__startswith=org.path, starts_on__year=year)
    rows = rows.select_related("organization").annotate(n=Count("participants"))
    return [_session_out(s) for s in rows.order_by("-starts_on", "-id")[(page - 1) * PAGE : page * PAGE]]


@router.post("/training/sessions", response={201: TrainingSessionOut, 400: Message, 401: Message, 404: Message},
             url_name="training_session_create", summary="登记一次已举办的培训及参训人员")  # fmt: skip
def create_session(request: HttpRequest, payload: TrainingSessionIn) -> Any:
    org = _org(request, payload.organization_id)
    data = payload.dict(exclude={"organization_id", "amount"})
    amount = Decimal(str(payload.amount)).quantize(Decimal("0.1"))
    made = actions.create_session(actor_of(request), org, amount=amount, **data)
    return 201, _session_out(Session.objects.select_related("organization").get(pk=made.pk))


@router.get("/training/people/{person_id}", response={200: TrainingPersonOut, 401: Message, 404: Message},
            url_name="training_person", summary="一人一年的学时及每项来源")  # fmt: skip
def person_hours(request: HttpRequest, person_id: Id, year: int = YEAR) -> Any:
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=person_id)
    year = year or timezone.localdate().year
    lines = queries.lines_of(person, dt.date(year, 1, 1), dt.date(year, 12, 31))
    on = queries.judge_on(year)
    required = queries.requirement(person, bool(queries.cadre_ids(Person.objects.filter(pk=person.pk), on)), on)
    total = sum((line.hours for line in lines), queries.tenths(0))
    return {"person_id": person.pk, "name": person.name, "year": year, "total": total, "required": required,
            "short": rules.shortfall(total, required), "rule": rules.rules_on(on).cite("hours"),
            "lines": [{"on": x.on, "title": x.title, "kind": x.kind, "hours": x.hours, "source": x.source,
                       "organization": x.organization, "late_days": x.entry_gap_days} for x in lines]}  # fmt: skip


@router.get("/training/hours/{org_id}", response={200: list[TrainingRowOut], 401: Message, 404: Message},
            url_name="training_hours", summary="党员年度学时与要求（32/56学时）")  # fmt: skip
def year_hours(request: HttpRequest, org_id: Id, year: int = YEAR, short_only: bool = Query(False)) -> Any:
    org = _org(request, org_id)
    rows = queries.year_rows(org, year or timezone.localdate().year)
    return [{"person_id": r.person.pk, "name": r.person.name, "organization": r.person.organization.name,
             "role": r.role, "required": r.required, "hours": r.hours, "short": r.short}
            for r in rows if r.short > 0 or not short_only]  # fmt: skip


@router.get("/training/figures/{org_id}", response={200: TrainingFiguresOut, 401: Message, 404: Message},
            url_name="training_figures", summary="培训次数与人次")  # fmt: skip
def figures(request: HttpRequest, org_id: Id, year: int = YEAR) -> Any:
    org = _org(request, org_id)
    year = year or timezone.localdate().year
    got = queries.figures(org, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return {"sessions": got.sessions, "person_times": got.person_times, "meetings": got.meetings,
            "meeting_person_times": got.meeting_person_times, "text": got.text}  # fmt: skip

"""Meetings API: meetings, attendance, compliance — the same access rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.organizations.models import Organization

from . import actions, services
from .models import Meeting
from .rules import Kind, Presence, Status

router = Router(tags=["会议"])


class Message(Schema):
    detail: str


class MeetingOut(Schema):
    id: int
    organization_id: int
    organization: str
    kind: str
    kind_label: str
    theme: str
    starts_at: dt.datetime
    held_on: dt.date
    place: str
    status: str
    notice_sent_at: dt.datetime | None
    notice_late: bool
    recorded_at: dt.datetime | None
    entry_gap_days: int | None


class QuorumOut(Schema):
    should_attend: int
    present: int
    excluded_away: int
    reached: bool


class DecisionOut(Schema):
    id: int
    text: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    passed: bool | None


class MeetingDetail(MeetingOut):
    leader: str
    recorder: str
    agenda: str
    minutes: str
    quorum: QuorumOut
    decisions: list[DecisionOut]


class AttendanceOut(Schema):
    id: int
    person_id: int
    name: str
    role_note: str
    presence: str
    voting: bool
    away: bool
    leave_status: str | None


class AttendanceIn(Schema):
    id: int = Field(..., ge=1, le=2**62)
    presence: Presence


class MeetingFilter(Schema):
    org_id: int | None = Field(None, ge=1, le=2**62)
    kind: Kind | None = None
    status: Status | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**7)


class KindComplianceOut(Schema):
    kind: str
    period: str
    required: int
    owed: int
    met: int
    held: int
    behind: list[str]


class BranchComplianceOut(Schema):
    id: int
    name: str
    parent: str
    full_members: int
    ok: bool  # false while nothing is judged yet (assessed false): never 达标 for nothing assessed
    assessed: bool
    kinds: list[KindComplianceOut]


def _out(m: Meeting) -> dict[str, Any]:
    return {"id": m.pk, "organization_id": m.organization_id, "organization": m.organization.name, "kind": m.kind,
            "kind_label": m.get_kind_display(), "theme": m.theme, "starts_at": m.starts_at, "held_on": m.held_on,
            "place": m.place, "status": m.status, "notice_sent_at": m.notice_sent_at, "notice_late": m.notice_late,
            "recorded_at": m.recorded_at, "entry_gap_days": m.entry_gap_days}  # fmt: skip


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_visible_or_404(Meeting.objects.select_related("organization"), request.user, pk=meeting_id)


@router.get(
    "/meetings", response={200: list[MeetingOut], 401: Message, 404: Message}, summary="会议列表（本人可见范围内）"
)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> Any:
    qs = Meeting.objects.visible_to(request.user).select_related("organization")
    if filters.org_id is not None:
        org = get_visible_or_404(Organization.objects.all(), request.user, pk=filters.org_id)
        qs = qs.filter(org_path__startswith=org.path)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(held_on__year=filters.year)
    return [_out(m) for m in qs.order_by("-starts_at", "-pk")[filters.offset : filters.offset + filters.limit]]


@router.get("/meetings/{meeting_id}", response={200: MeetingDetail, 401: Message, 404: Message},
            summary="会议详情（含法定人数与表决结果）")  # fmt: skip
def get_meeting(request: HttpRequest, meeting_id: int) -> Any:
    meeting = _meeting(request, meeting_id)
    q = services.quorum_of(meeting)
    decisions = [{"id": d.pk, "text": d.text, "votes_for": d.votes_for, "votes_against": d.votes_against,
                  "votes_abstain": d.votes_abstain, "passed": d.passed} for d in meeting.decisions.all()]  # fmt: skip
    return {**_out(meeting), "leader": meeting.leader, "recorder": meeting.recorder, "agenda": meeting.agenda,
            "minutes": meeting.minutes, "decisions": decisions,
            "quorum": {"should_attend": q.should_attend, "present": q.present, "excluded_away": q.excluded_away,
                       "reached": q.reached}}  # fmt: skip


def _attendance(meeting: Meeting) -> list[dict[str, Any]]:
    rows = meeting.attendances.select_related("person", "leave")
    return [{"id": a.pk, "person_id": a.person_id, "name": a.person.name, "role_note": a.role_note,
             "presence": a.presence, "voting": a.voting, "away": a.away,
             "leave_status": a.leave.status if hasattr(a, "leave") else None} for a in rows]  # fmt: skip


@router.get("/meetings/{meeting_id}/attendance", response={200: list[AttendanceOut], 401: Message, 404: Message},
            summary="参会人员及出席情况")  # fmt: skip
def get_attendance(request: HttpRequest, meeting_id: int) -> Any:
    return _attendance(_meeting(request, meeting_id))


@router.put("/meetings/{meeting_id}/attendance",
            response={200: list[AttendanceOut], 400: Message, 401: Message, 404: Message, 409: Message},
            summary="记录出席情况（请假须经批准）")  # fmt: skip
def put_attendance(request: HttpRequest, meeting_id: int, rows: list[AttendanceIn]) -> Any:
    meeting = _meeting(request, meeting_id)
    if not request.user.has_perm("meetings.change_meeting", meeting):
        raise Http404
    actions.record_attendance(actor_of(request), meeting, {r.id: str(r.presence) for r in rows})  # refusals: jiceng.api
    return _attendance(meeting)


@router.get("/orgs/{org_id}/meeting-compliance",
            response={200: list[BranchComplianceOut], 401: Message, 404: Message},
            summary="各党支部会议频次达标情况")  # fmt: skip
def meeting_compliance(request: HttpRequest, org_id: int, year: int | None = Query(None, ge=2000, le=2100)) -> Any:  # type: ignore[type-arg]
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    rows = services.compliance(org, year or timezone.localdate().year)
    return [{"id": r.branch_id, "name": r.name, "parent": r.parent_name, "full_members": r.full_members, "ok": r.ok,
             "assessed": r.assessed,
             "kinds": [{"kind": k.kind, "period": k.period, "required": k.required, "owed": k.owed, "met": k.met,
                        "held": k.held, "behind": list(k.behind)} for k in r.kinds]} for r in rows]  # fmt: skip

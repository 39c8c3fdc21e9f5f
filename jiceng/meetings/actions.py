"""Every change to meetings: permission-checked, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.errors import DomainError
from jiceng.core.workflow import Transitions
from jiceng.organizations.models import Area, Organization
from jiceng.people.models import Person

from . import rules, services
from .models import (
    MONTH_FIELDS,
    Attachment,
    Attendance,
    ComplianceRule,
    Decision,
    Issue,
    LeaveRequest,
    Meeting,
    MeetingTally,
    Notice,
    TownshipRule,
    VillageReport,
)
from .rules import Kind, LeaveStatus, Presence, Route, Status

MEETING_FLOW = Transitions.of(Status, rules.MEETING_MOVES)
PRESENCE_FLOW = Transitions.of(Presence, rules.PRESENCE_MOVES)
LEAVE_FLOW = Transitions.of(LeaveStatus, rules.LEAVE_MOVES)

MEETING_FIELDS = ("kind", "theme", "starts_at", "place", "leader", "recorder", "agenda", "report_theme")


def _can_change(actor: Any, meeting: Meeting) -> None:
    require(actor.has_perm("meetings.change_meeting", meeting))


def _writable(meeting: Meeting) -> None:
    if meeting.status == Status.CANCELLED:
        raise DomainError("会议已取消，不能再修改")


def schedule_meeting(
    actor: Any,
    *,
    organization: Organization,
    kind: str,
    theme: str,
    starts_at: dt.datetime,
    invitees: Iterable[Person] | None = None,
    area: Area | None = None,
    **data: Any,
) -> Meeting:
    """Create a meeting with its invitees (by default drawn from the organization, see services)."""
    require(actor.has_perm("meetings.add_meeting_to", organization))
    if organization.is_dissolved:
        raise DomainError("不能为已撤销的组织安排会议")
    if kind in rules.TOWNSHIP_KINDS and organization.kind != "township_committee":
        raise DomainError(f"{Kind(kind).label}由乡镇党委召集")
    if not theme.strip():
        raise DomainError("请填写会议主题")
    unknown = set(data) - set(MEETING_FIELDS)
    if unknown:
        raise DomainError(f"不能填写这些字段：{'、'.join(sorted(unknown))}")
    if area is not None and (kind != Kind.AREA or area.township_id != organization.pk):
        raise DomainError("片区只用于本乡镇的片会")
    on = timezone.localdate(starts_at)
    if invitees is None:
        chosen = services.default_invitees(organization, kind, on, area)
    else:
        chosen = [(p, p.get_category_display()) for p in invitees]
    outside = [p.name for p, _ in chosen if not p.org_path.startswith(invitee_scope(organization).path)]
    if outside:
        raise DomainError(f"这些人员不在本组织范围内：{'、'.join(outside)}")
    rule = services.rule_for(organization)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            organization=organization, org_path=organization.path, kind=kind, theme=theme.strip(),
            starts_at=starts_at, held_on=on, created_by=actor if getattr(actor, "is_authenticated", False) else None,
            notice_lead_days=rule.notice_lead_days if rule else rules.NOTICE_LEAD_DAYS,
            exclude_away=rule.exclude_away_default if rule else True, area=area, **data,
        )  # fmt: skip
        Attendance.objects.bulk_create(
            [
                Attendance(meeting=meeting, person=p, role_note=note[:60], **services.seat_defaults(p))
                for p, note in chosen
            ]
        )
        audit.record(actor, "create", meeting, org=organization,
                     changes={**audit.snapshot(meeting, MEETING_FIELDS), "invitees": len(chosen)})  # fmt: skip
    return meeting


def invitee_scope(org: Organization) -> Organization:
    """Invitees come from the organizer's subtree (a 党小组 may invite its branch's members)."""
    return services.tally_subject(org) if org.kind == "party_group" else org


def update_meeting(actor: Any, meeting: Meeting, **data: Any) -> Meeting:
    _can_change(actor, meeting)
    _writable(meeting)
    allowed = {*MEETING_FIELDS, "minutes", "exclude_away"} - {"kind"}
    unknown = set(data) - allowed
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if meeting.is_held and "starts_at" in data:
        raise DomainError("会议已召开，不能修改会议时间")
    with transaction.atomic():
        before = audit.snapshot(meeting, data.keys())
        for name, value in data.items():
            setattr(meeting, name, value)
        fields = [*data, "updated_at"]
        if "starts_at" in data:
            meeting.held_on = timezone.localdate(meeting.starts_at)
            fields.append("held_on")
        meeting.save(update_fields=fields)
        changes = audit.diff(before, audit.snapshot(meeting, data.keys()))
        if changes:
            audit.record(actor, "update", meeting, org=meeting.organization, changes=changes)
    return meeting


def add_invitee(actor: Any, meeting: Meeting, person: Person, note: str = "") -> Attendance:
    _can_change(actor, meeting)
    _writable(meeting)
    if not person.org_path.startswith(invitee_scope(meeting.organization).path):
        raise DomainError("该人员不在本组织范围内")
    with transaction.atomic():
        row, created = Attendance.objects.get_or_create(
            meeting=meeting, person=person,
            defaults={"role_note": note or person.get_category_display(), **services.seat_defaults(person)},
        )  # fmt: skip
        if created:
            audit.record(actor, "update", meeting, org=meeting.organization, changes={"invitee_added": person.name})
    return row


def send_notices(actor: Any, meeting: Meeting, now: dt.datetime | None = None) -> list[Notice]:
    """One notice per invited organization; each records whether it went out too late (seed 004)."""
    _can_change(actor, meeting)
    if meeting.status != Status.SCHEDULED:
        raise DomainError("只能为尚未召开的会议发出通知")
    orgs = list(Organization.objects.filter(pk__in=meeting.attendances.values("person__organization")).order_by("path"))
    if not orgs:
        raise DomainError("会议还没有参会人员，无法发出通知")
    now = now or timezone.now()
    days = rules.notice_lead_days(timezone.localtime(now), timezone.localtime(meeting.starts_at))
    late = days < meeting.notice_lead_days
    with transaction.atomic():
        notices = []
        for org in orgs:
            notice, _ = Notice.objects.update_or_create(
                meeting=meeting, organization=org, defaults={"sent_at": now, "lead_days": days, "late": late}
            )
            notices.append(notice)
        meeting.notice_sent_at = now
        meeting.save(update_fields=["notice_sent_at", "updated_at"])
        audit.record(actor, "update", meeting, org=meeting.organization,
                     changes={"notice": [len(notices), days], "notice_late": late})  # fmt: skip
    return notices


def mark_notice_read(actor: Any, notice: Notice) -> Notice:
    require(Notice.objects.for_user(actor).filter(pk=notice.pk).exists())
    if notice.read_at is None:
        # Conditional update: two tabs opening the notice record one reading time.
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
    return notice


def request_leave(actor: Any, attendance: Attendance, reason: str) -> LeaveRequest:
    meeting = attendance.meeting
    require(actor.has_perm("meetings.request_leave", attendance))
    if meeting.status != Status.SCHEDULED:
        raise DomainError("会议已召开或已取消，不能再请假")
    if not reason.strip():
        raise DomainError("请填写请假事由")
    if LeaveRequest.objects.filter(attendance=attendance).exclude(status=LeaveStatus.REFUSED).exists():
        raise DomainError("该人员已有请假申请")
    with transaction.atomic():
        LeaveRequest.objects.filter(attendance=attendance, status=LeaveStatus.REFUSED).delete()
        leave = LeaveRequest.objects.create(
            attendance=attendance, reason=reason.strip(),
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        audit.record(actor, "create", leave, org=meeting.organization, changes={"reason": leave.reason})
    return leave


def decide_leave(actor: Any, leave: LeaveRequest, approve: bool) -> LeaveRequest:
    """Approve or refuse; only an approved request makes the invitee excused (seed 004)."""
    meeting = leave.attendance.meeting
    require(actor.has_perm("meetings.decide_leave", meeting), "请假须由乡镇规定的审批人审批")
    target = LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED
    LEAVE_FLOW.check(leave.status, target)
    with transaction.atomic():
        # Conditional update: two approvers deciding at once cannot both win.
        done = LeaveRequest.objects.filter(pk=leave.pk, status=LeaveStatus.PENDING).update(
            status=target, decided_by=actor, decided_at=timezone.now()
        )
        if not done:
            raise DomainError("该请假申请已被处理")
        leave.refresh_from_db()
        if approve:
            Attendance.objects.filter(pk=leave.attendance_id).update(presence=Presence.EXCUSED)
        audit.record(
            actor, "update", leave, org=meeting.organization, changes={"status": [LeaveStatus.PENDING, target]}
        )
    return leave


def record_attendance(
    actor: Any, meeting: Meeting, presences: Mapping[int, str], away: Mapping[int, bool] | None = None
) -> None:
    """Set presence per attendance id; excused only through an approved leave request."""
    _can_change(actor, meeting)
    _writable(meeting)
    rows = {a.pk: a for a in meeting.attendances.select_related("leave")}
    changes: dict[str, Any] = {}
    to_save = []
    for pk, presence in presences.items():
        row = rows.get(pk)
        if row is None:
            raise DomainError("参会人员不属于本次会议")
        if presence == row.presence:
            continue
        PRESENCE_FLOW.check(row.presence, presence)
        if presence == Presence.EXCUSED and not _approved(row):
            raise DomainError(f"{row.person.name}没有经批准的请假，不能记为请假")
        changes[row.person.name] = [row.presence, presence]
        row.presence = presence
        to_save.append(row)
    for pk, flag in (away or {}).items():
        row = rows.get(pk)
        if row is not None and row.away != flag:
            row.away = flag
            changes.setdefault(row.person.name, []).append("外出" if flag else "在家")
            if row not in to_save:
                to_save.append(row)
    with transaction.atomic():
        Attendance.objects.bulk_update(to_save, ["presence", "away"])
        if changes:
            audit.record(actor, "update", meeting, org=meeting.organization, changes={"attendance": changes})


def _approved(row: Attendance) -> bool:
    leave = getattr(row, "leave", None)
    return leave is not None and leave.status == LeaveStatus.APPROVED


def hold_meeting(actor: Any, meeting: Meeting, *, minutes: str = "", now: dt.datetime | None = None) -> Meeting:
    """Record the meeting as held: invitees not marked become absent (an unapproved absence stays absent)."""
    _can_change(actor, meeting)
    MEETING_FLOW.check(meeting.status, Status.HELD)
    now = now or timezone.now()
    if meeting.starts_at > now + dt.timedelta(hours=12):
        raise DomainError("会议时间还没到，不能记录为已召开")
    with transaction.atomic():
        # Conditional update: the meeting is counted once even if two clerks press the button.
        done = Meeting.objects.filter(pk=meeting.pk, status=Status.SCHEDULED).update(
            status=Status.HELD, recorded_at=now, minutes=minutes or meeting.minutes, updated_at=now
        )
        if not done:
            raise DomainError("会议已记录为召开")
        meeting.refresh_from_db()
        meeting.attendances.filter(presence=Presence.INVITED).update(presence=Presence.ABSENT)
        _tally(meeting, 1)
        changes = {"status": [Status.SCHEDULED, Status.HELD], "entry_gap_days": meeting.entry_gap_days}
        audit.record(actor, "update", meeting, org=meeting.organization, changes=changes)
    return meeting


def _tally(meeting: Meeting, delta: int) -> None:
    subject = services.tally_subject(meeting.organization)
    column = MONTH_FIELDS[meeting.held_on.month - 1]
    key = {"branch": subject, "kind": meeting.kind, "year": meeting.held_on.year}
    if MeetingTally.objects.filter(**key).update(**{column: F(column) + delta}):
        return
    try:
        with transaction.atomic():  # a savepoint: a concurrent first insert wins, we then add to it
            MeetingTally.objects.create(**key, branch_path=subject.path, **{column: delta})
    except IntegrityError:
        MeetingTally.objects.filter(**key).update(**{column: F(column) + delta})


def record_meeting(
    actor: Any,
    *,
    organization: Organization,
    kind: str,
    theme: str,
    starts_at: dt.datetime,
    presences: Mapping[int, str],
    minutes: str = "",
    decisions: Iterable[str] = (),
    **data: Any,
) -> Meeting:
    """Record a meeting that took place (late entry allowed) in one step: invitees, attendance, decisions.

    `presences` maps person id → presence for the default invitees; people not listed are absent.
    """
    with transaction.atomic():
        meeting = schedule_meeting(actor, organization=organization, kind=kind, theme=theme, starts_at=starts_at,
                                   **data)  # fmt: skip
        rows = {a.person_id: a.pk for a in meeting.attendances.all()}
        record_attendance(actor, meeting, {rows[p]: v for p, v in presences.items() if p in rows})
        for text in decisions:
            if text.strip():
                add_decision(actor, meeting, text)
        hold_meeting(actor, meeting, minutes=minutes)
    return meeting


def cancel_meeting(actor: Any, meeting: Meeting) -> Meeting:
    _can_change(actor, meeting)
    MEETING_FLOW.check(meeting.status, Status.CANCELLED)
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status=Status.CANCELLED, updated_at=timezone.now())
        meeting.refresh_from_db()
        audit.record(actor, "update", meeting, org=meeting.organization,
                     changes={"status": [Status.SCHEDULED, Status.CANCELLED]})  # fmt: skip
    return meeting


def add_decision(actor: Any, meeting: Meeting, text: str) -> Decision:
    _can_change(actor, meeting)
    _writable(meeting)
    if not text.strip():
        raise DomainError("请填写决定事项")
    with transaction.atomic():
        decision = Decision.objects.create(meeting=meeting, text=text.strip())
        audit.record(actor, "create", decision, org=meeting.organization, changes={"text": decision.text})
    return decision


def record_vote(actor: Any, decision: Decision, votes_for: int, against: int, abstain: int) -> Decision:
    """A vote on a decision; whether it passed is judged against those who should attend (Art. 11)."""
    meeting = decision.meeting
    _can_change(actor, meeting)
    _writable(meeting)
    quorum = services.quorum_of(meeting)
    problem = rules.vote_problem(votes_for, against, abstain, quorum.present)
    if problem:
        raise DomainError(problem)
    if meeting.is_congress and not quorum.reached:
        raise DomainError(f"到会有表决权党员 {quorum.present} 人，未超过应到 {quorum.should_attend} 人的半数，不能表决")
    with transaction.atomic():
        decision.votes_for, decision.votes_against, decision.votes_abstain = votes_for, against, abstain
        decision.should_attend = quorum.should_attend
        decision.save(update_fields=["votes_for", "votes_against", "votes_abstain", "should_attend"])
        audit.record(actor, "update", decision, org=meeting.organization,
                     changes={"vote": [votes_for, against, abstain], "passed": decision.passed})  # fmt: skip
    return decision


def save_report(
    actor: Any,
    meeting: Meeting,
    organization: Organization,
    content: str,
    reporter: str = "",
    quality: int | None = None,
) -> VillageReport:
    _can_change(actor, meeting)
    _writable(meeting)
    if not meeting.has_reports:
        raise DomainError("这类会议没有村级汇报")
    if not organization.path.startswith(meeting.org_path):
        raise DomainError("汇报单位不在本乡镇范围内")
    if not content.strip():
        raise DomainError("请填写汇报内容")
    with transaction.atomic():
        report, created = VillageReport.objects.update_or_create(
            meeting=meeting, organization=organization,
            defaults={"content": content.strip(), "reporter": reporter, "quality": quality},
        )  # fmt: skip
        audit.record(actor, "create" if created else "update", report, org=meeting.organization,
                     changes={"organization": organization.name, "quality": quality})  # fmt: skip
    return report


def raise_issue(
    actor: Any,
    meeting: Meeting,
    *,
    text: str,
    route: str,
    owner: str,
    deadline: dt.date | None = None,
    organization: Organization | None = None,
    resolution: str = "",
) -> Issue:
    """An issue raised at the meeting; on-the-spot issues are resolved on the meeting day (seed 004)."""
    _can_change(actor, meeting)
    _writable(meeting)
    if route not in Route.values:
        raise DomainError("请选择处理方式")
    if not text.strip() or not owner.strip():
        raise DomainError("请填写问题和责任人")
    if organization is not None and not organization.path.startswith(meeting.org_path):
        raise DomainError("反映单位不在本组织范围内")
    deadline = deadline or rules.default_deadline(route, meeting.held_on)
    resolved = meeting.held_on if route == Route.ON_THE_SPOT else None
    with transaction.atomic():
        issue = Issue.objects.create(
            meeting=meeting, organization=organization, text=text.strip(), route=route, owner=owner.strip(),
            deadline=deadline, resolved_on=resolved, resolution=resolution or ("会上当场解决" if resolved else ""),
        )  # fmt: skip
        audit.record(actor, "create", issue, org=meeting.organization,
                     changes=audit.snapshot(issue, ["route", "owner", "deadline", "resolved_on"]))  # fmt: skip
    return issue


def resolve_issue(actor: Any, issue: Issue, resolution: str, on: dt.date | None = None) -> Issue:
    _can_change(actor, issue.meeting)
    if issue.resolved_on is not None:
        raise DomainError("该问题已办结")
    if not resolution.strip():
        raise DomainError("请填写办理结果")
    on = on or timezone.localdate()
    with transaction.atomic():
        done = Issue.objects.filter(pk=issue.pk, resolved_on__isnull=True).update(
            resolved_on=on, resolution=resolution.strip(), updated_at=timezone.now()
        )
        if not done:
            raise DomainError("该问题已办结")
        issue.refresh_from_db()
        audit.record(actor, "update", issue, org=issue.meeting.organization,
                     changes={"resolved_on": [None, on.isoformat()]})  # fmt: skip
    return issue


def add_attachment(actor: Any, meeting: Meeting, file: Any, caption: str = "") -> Attachment:
    _can_change(actor, meeting)
    _writable(meeting)
    with transaction.atomic():
        item = Attachment.objects.create(meeting=meeting, file=file, caption=caption[:100])
        audit.record(actor, "create", item, org=meeting.organization, changes={"caption": caption})
    return item


def save_township_rule(actor: Any, township: Organization, **data: Any) -> TownshipRule:
    require(actor.has_perm("meetings.manage_rules", township))
    if township.kind != "township_committee":
        raise DomainError("会议规则按乡镇党委设定")
    approver = data.get("leave_approver")
    if approver is not None and (
        approver.organization is None or not approver.organization.path.startswith(township.path[:4])
    ):
        raise DomainError("审批人不在本县范围内")
    days = data.get("notice_lead_days")
    if days is not None and not 0 <= days <= 30:
        raise DomainError("通知提前天数应在0到30天之间")
    with transaction.atomic():
        rule, created = TownshipRule.objects.get_or_create(township=township)
        before = audit.snapshot(rule, data.keys())
        for name, value in data.items():
            setattr(rule, name, value)
        rule.save()
        audit.record(actor, "create" if created else "update", rule, org=township,
                     changes=audit.diff(before, audit.snapshot(rule, data.keys())))  # fmt: skip
    return rule


def save_requirement(actor: Any, organization: Organization, kind: str, period: str, required: int) -> ComplianceRule:
    """A local required count (0 = not required) for the branches under `organization`."""
    require(actor.has_perm("meetings.manage_rules", organization))
    if kind not in Kind.values or period not in rules.Period.values or not 0 <= required <= 31:
        raise DomainError("频次要求不正确")
    with transaction.atomic():
        rule, _ = ComplianceRule.objects.update_or_create(
            organization=organization, kind=kind, defaults={"period": period, "required": required}
        )
        audit.record(actor, "update", rule, org=organization, changes={"kind": kind, "period": period,
                                                                       "required": required})  # fmt: skip
    return rule


def rebuild_tallies(root: Organization | None = None) -> int:
    """Recount MeetingTally from the held meetings (after bulk loads); returns the number of rows."""
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth, ExtractYear

    from jiceng.core.bulk import insert_rows
    from jiceng.organizations.rules import OrgKind

    meetings = Meeting.objects.filter(status=Status.HELD)
    tallies = MeetingTally.objects.all()
    if root is not None:
        meetings = meetings.filter(org_path__startswith=root.path)
        tallies = tallies.filter(branch_path__startswith=root.path)
    groups = {g.pk: g.path[:-4] for g in Organization.objects.filter(kind=OrgKind.PARTY_GROUP)}
    parents = dict(Organization.objects.filter(path__in=set(groups.values())).values_list("path", "pk"))
    counts: dict[tuple[int, str, int], list[int]] = {}
    rows = (meetings.annotate(y=ExtractYear("held_on"), m=ExtractMonth("held_on"))
            .values("organization_id", "kind", "y", "m").annotate(n=Count("pk"))
            .values_list("organization_id", "kind", "y", "m", "n"))  # fmt: skip
    for org_id, kind, year, month, n in rows:
        subject = parents.get(groups[org_id], org_id) if org_id in groups else org_id
        counts.setdefault((subject, kind, year), [0] * 12)[month - 1] += n
    paths = dict(Organization.objects.filter(pk__in={k[0] for k in counts}).values_list("pk", "path"))
    with transaction.atomic():
        tallies.delete()
        if counts:
            insert_rows(MeetingTally, ("branch_id", "branch_path", "kind", "year", *MONTH_FIELDS),
                        [(b, paths[b], k, y, *months) for (b, k, y), months in counts.items()])  # fmt: skip
    return len(counts)

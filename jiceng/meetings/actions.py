"""Every change to meetings: permission-checked, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jiceng.core import audit, engine
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_user
from jiceng.core.dates import entry_gap_days
from jiceng.core.errors import DomainError
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

MEETING_FIELDS = ("kind", "theme", "starts_at", "place", "leader", "recorder", "agenda", "report_theme")


def _can_change(actor: Actor, meeting: Meeting) -> None:
    require(actor.has_perm("meetings.change_meeting", meeting))


def _writable(meeting: Meeting) -> None:
    if meeting.status == Status.CANCELLED:
        raise DomainError("会议已取消，不能再修改")


def schedule_meeting(
    actor: Actor,
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
    meeting = Meeting(
        organization=organization, org_path=organization.path, kind=kind, theme=theme.strip(), starts_at=starts_at,
        held_on=on, created_by=actor_user(actor), area=area,
        notice_lead_days=rule.notice_lead_days if rule else rules.NOTICE_LEAD_DAYS,
        exclude_away=rule.exclude_away_default if rule else True, **data,
    )  # fmt: skip
    # A meeting entered after it took place is dated on its day, never after its own holding.
    scheduled_on = min(timezone.localdate(), on)
    with transaction.atomic():
        engine.begin(meeting, scheduled_on)
        meeting.save()
        engine.started(actor, meeting, scheduled_on, label="安排会议")
        Attendance.objects.bulk_create(
            [
                Attendance(meeting=meeting, person=p, role_note=note[:60], **services.seat_defaults(p, kind))
                for p, note in chosen
            ]
        )
        audit.record(actor, "create", meeting, org=organization,
                     changes={**audit.snapshot(meeting, MEETING_FIELDS), "invitees": len(chosen)})  # fmt: skip
    return meeting


def invitee_scope(org: Organization) -> Organization:
    """Invitees come from the organizer's subtree (a 党小组 may invite its branch's members)."""
    return services.tally_subject(org) if org.kind == "party_group" else org


def update_meeting(actor: Actor, meeting: Meeting, **data: Any) -> Meeting:
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


def add_invitee(actor: Actor, meeting: Meeting, person: Person, note: str = "") -> Attendance:
    _can_change(actor, meeting)
    _writable(meeting)
    if not person.org_path.startswith(invitee_scope(meeting.organization).path):
        raise DomainError("该人员不在本组织范围内")
    with transaction.atomic():
        seat = services.seat_defaults(person, meeting.kind)
        row, created = Attendance.objects.get_or_create(
            meeting=meeting, person=person, defaults={"role_note": note or person.get_category_display(), **seat}
        )
        if created:
            audit.record(actor, "update", meeting, org=meeting.organization, changes={"invitee_added": person.name})
    return row


def send_notices(actor: Actor, meeting: Meeting, now: dt.datetime | None = None) -> list[Notice]:
    """Notices to people: one to each invitee who has an account (their inbox and own page), and
    one to each invited organization whose invitees include people without an account (the
    village relays it). Each records whether it went out too late (seed 004)."""
    _can_change(actor, meeting)
    if meeting.status != Status.SCHEDULED:
        raise DomainError("只能为尚未召开的会议发出通知")
    rows = list(meeting.attendances.select_related("person__organization").order_by("person__org_path", "pk"))
    if not rows:
        raise DomainError("会议还没有参会人员，无法发出通知")
    accounts = services.accounts_of(a.person_id for a in rows)
    people = [a.person for a in rows if a.person_id in accounts]
    orgs = {a.person.organization_id: a.person.organization for a in rows if a.person_id not in accounts}
    now = now or timezone.now()
    days = rules.notice_lead_days(timezone.localtime(now), timezone.localtime(meeting.starts_at))
    sent = {"sent_at": now, "lead_days": days, "late": days < meeting.notice_lead_days}
    with transaction.atomic():
        notices = [Notice.objects.update_or_create(meeting=meeting, organization=org, person=None, defaults=sent)[0]
                   for org in sorted(orgs.values(), key=lambda o: o.path)]  # fmt: skip
        notices += [Notice.objects.update_or_create(meeting=meeting, person=person,
                                                    defaults={**sent, "organization": person.organization})[0]
                    for person in people]  # fmt: skip
        meeting.notice_sent_at = now
        meeting.save(update_fields=["notice_sent_at", "updated_at"])
        changes = {"notice": [len(orgs), days], "notice_people": len(people), "notice_late": sent["late"]}
        audit.record(actor, "update", meeting, org=meeting.organization, changes=changes)
    return notices


def mark_notice_read(actor: Actor, notice: Notice) -> Notice:
    require(Notice.objects.for_user(actor).filter(pk=notice.pk).exists())
    if notice.read_at is None:
        # Conditional update: two tabs opening the notice record one reading time.
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
    return notice


def request_leave(actor: Actor, attendance: Attendance, reason: str) -> LeaveRequest:
    """A leave request for one invitee (one per invitee: a refused request is asked again)."""
    meeting = attendance.meeting
    require(actor.has_perm("meetings.request_leave", attendance))
    if meeting.status != Status.SCHEDULED:
        raise DomainError("会议已召开或已取消，不能再请假")
    if not reason.strip():
        raise DomainError("请填写请假事由")
    existing = LeaveRequest.objects.filter(attendance=attendance).first()
    if existing is not None and existing.status != LeaveStatus.REFUSED:
        raise DomainError("该人员已有请假申请")
    reason = reason.strip()[:200]
    fields = {"reason": reason, "requested_by": actor_user(actor)}
    with transaction.atomic():
        if existing is not None:
            engine.transition(actor, existing, LeaveStatus.PENDING, given=fields, note=reason,
                              updates={**fields, "decided_by": None, "decided_at": None})  # fmt: skip
            leave = existing
        else:
            leave = _new_leave(actor, attendance, fields)
        audit.record(actor, "update" if existing else "create", leave, org=meeting.organization,
                     changes={"reason": leave.reason})  # fmt: skip
    return leave


def _new_leave(actor: Actor, attendance: Attendance, fields: dict[str, Any]) -> LeaveRequest:
    leave = LeaveRequest(attendance=attendance, **fields)
    today = timezone.localdate()
    engine.begin(leave, today)
    try:
        with transaction.atomic():  # a savepoint: two clerks asking at once make one request
            leave.save()
    except IntegrityError as exc:
        raise DomainError("该人员已有请假申请") from exc
    engine.started(actor, leave, today, label="请假", note=leave.reason)
    return leave


def decide_leave(actor: Actor, leave: LeaveRequest, approve: bool) -> LeaveRequest:
    """Approve or refuse; only an approved request makes the invitee excused (seed 004)."""
    meeting = leave.attendance.meeting
    require(actor.has_perm("meetings.decide_leave", meeting), "请假须由乡镇规定的审批人审批")
    target = LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED
    with transaction.atomic():
        # One writer: a conditional UPDATE, so two approvers deciding at once cannot both win.
        engine.transition(actor, leave, target, updates={"decided_by": actor_user(actor), "decided_at": timezone.now()})
        if approve:  # invited (or marked absent before the meeting) → excused, never over a recorded presence
            Attendance.objects.filter(pk=leave.attendance_id, presence__in=rules.may_become_excused()).update(
                presence=Presence.EXCUSED
            )
    return leave


# A meeting may be recorded as held from 12 hours before its start (an evening meeting entered that afternoon).
HOLD_AHEAD = dt.timedelta(hours=12)


def _not_yet_held(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    return meeting.starts_at > (now or timezone.now()) + HOLD_AHEAD


def record_attendance(
    actor: Actor,
    meeting: Meeting,
    presences: Mapping[int, str],
    away: Mapping[int, bool] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Set presence per attendance id (the presence definition checks each change, the rows are
    written in one bulk update). Excused: at the township's 例会/片会 only through an approved leave
    request; at a branch's own meetings the organizer records it. Who came is never recorded before
    the meeting (only 请假 and "away" may be)."""
    _can_change(actor, meeting)
    _writable(meeting)
    if _not_yet_held(meeting, now) and any(p != Presence.EXCUSED for p in presences.values()):
        when = timezone.localtime(meeting.starts_at)
        raise DomainError(f"会议还没有召开（{when:%Y-%m-%d %H:%M}），不能记录出席或缺席")
    rows = {a.pk: a for a in meeting.attendances.select_related("leave", "person")}
    changes: dict[str, Any] = {}
    to_save = []
    for pk, presence in presences.items():
        row = rows.get(pk)
        if row is None:
            raise DomainError("参会人员不属于本次会议")
        if presence == row.presence:
            continue
        move = rules.presence_move(row.presence, presence)
        needs_request = not rules.organizer_grants_leave(meeting.kind)
        if rules.APPROVED_LEAVE in move.requires and needs_request and not _approved(row):
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


def hold_meeting(actor: Actor, meeting: Meeting, *, minutes: str = "", now: dt.datetime | None = None) -> Meeting:
    """Record the meeting as held on its own day (late entry keeps both dates): invitees not marked
    become absent (an unapproved absence stays absent) and the month's tally counts it once."""
    _can_change(actor, meeting)
    meeting.definition.move(meeting.status, Status.HELD)
    now = now or timezone.now()
    if _not_yet_held(meeting, now):
        raise DomainError("会议时间还没到，不能记录为已召开")
    gap = entry_gap_days(meeting.held_on, timezone.localdate(now))
    with transaction.atomic():
        # The engine's conditional UPDATE … WHERE status = 'scheduled': two clerks pressing the button,
        # or a cancel from a page loaded before, change nothing the second time.
        engine.transition(
            actor, meeting, Status.HELD, on=meeting.held_on, today=timezone.localdate(now + HOLD_AHEAD),
            updates={"recorded_at": now, "minutes": minutes or meeting.minutes},
            note=f"会后 {gap} 天补录" if gap else "", audit_changes={"entry_gap_days": gap},
        )  # fmt: skip
        meeting.attendances.filter(presence=Presence.INVITED).update(presence=Presence.ABSENT)
        _tally(meeting, 1)
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
    actor: Actor,
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


def cancel_meeting(actor: Actor, meeting: Meeting) -> Meeting:
    """Cancel a scheduled meeting. From a page loaded before the meeting was held the conditional
    UPDATE finds no scheduled meeting and refuses (StaleState): a held meeting stays held."""
    _can_change(actor, meeting)
    engine.transition(actor, meeting, Status.CANCELLED)
    return meeting


def add_decision(actor: Actor, meeting: Meeting, text: str) -> Decision:
    _can_change(actor, meeting)
    _writable(meeting)
    if not text.strip():
        raise DomainError("请填写决定事项")
    with transaction.atomic():
        decision = Decision.objects.create(meeting=meeting, text=text.strip())
        audit.record(actor, "create", decision, org=meeting.organization, changes={"text": decision.text})
    return decision


def record_vote(actor: Actor, decision: Decision, votes_for: int, against: int, abstain: int) -> Decision:
    """A vote on a decision; whether it passed is judged by the meeting's rule (rules.vote_passes):
    against those who should attend (支部工作条例 Art. 11) or those present (组织法 Art. 26)."""
    meeting = decision.meeting
    _can_change(actor, meeting)
    _writable(meeting)
    quorum = services.quorum_of(meeting)
    problem = rules.vote_problem(votes_for, against, abstain, quorum.present, meeting.kind) or rules.quorum_problem(
        quorum
    )
    if problem:
        raise DomainError(problem)
    with transaction.atomic():
        decision.votes_for, decision.votes_against, decision.votes_abstain = votes_for, against, abstain
        decision.should_attend, decision.present_voting = quorum.should_attend, quorum.present
        decision.save(update_fields=["votes_for", "votes_against", "votes_abstain", "should_attend", "present_voting"])
        audit.record(actor, "update", decision, org=meeting.organization,
                     changes={"vote": [votes_for, against, abstain], "passed": decision.passed})  # fmt: skip
    return decision


def save_report(
    actor: Actor,
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
    actor: Actor,
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
    if route == Route.ON_THE_SPOT and _not_yet_held(meeting):
        raise DomainError("会议还没有召开，不能登记为当场解决")
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


def resolve_issue(actor: Actor, issue: Issue, resolution: str, on: dt.date | None = None) -> Issue:
    _can_change(actor, issue.meeting)
    if issue.resolved_on is not None:
        raise DomainError("该问题已办结")
    if not resolution.strip():
        raise DomainError("请填写办理结果")
    on = on or timezone.localdate()
    if on < issue.meeting.held_on:
        raise DomainError(f"提出该问题的会议在 {issue.meeting.held_on:%Y-%m-%d} 召开，办结日期不能早于会议")
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


def add_attachment(actor: Actor, meeting: Meeting, file: Any, caption: str = "") -> Attachment:
    _can_change(actor, meeting)
    _writable(meeting)
    with transaction.atomic():
        item = Attachment.objects.create(meeting=meeting, file=file, caption=caption[:100])
        audit.record(actor, "create", item, org=meeting.organization, changes={"caption": caption})
    return item


def save_township_rule(actor: Actor, township: Organization, **data: Any) -> TownshipRule:
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


def save_requirement(actor: Actor, organization: Organization, kind: str, period: str, required: int) -> ComplianceRule:
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

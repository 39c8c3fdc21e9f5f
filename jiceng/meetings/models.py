"""Meetings (三会一课, 主题党日, 组织生活会, 例会, 片会, 三委会 …), attendance, leave, notices,
village reports, issues raised, compliance rules and the per-branch monthly tallies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiceng.core.access import in_user_subtree, user_org
from jiceng.core.actor import Actor, display_name
from jiceng.core.dates import entry_gap_days
from jiceng.core.engine import WorkflowCase
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Area, Organization
from jiceng.people.models import Person

from . import rules
from .rules import Kind, LeaveStatus, Period, Presence, ReportQuality, Route, Status


class TownshipRule(TimeStamped):
    """A township's local choices for its meetings (seed 004 makes them local rules)."""

    township = models.OneToOneField(
        Organization, verbose_name="乡镇党委", on_delete=models.CASCADE, related_name="meeting_rule"
    )
    notice_lead_days = models.PositiveSmallIntegerField("会议通知提前天数", default=rules.NOTICE_LEAD_DAYS)
    leave_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="请假审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="未指定时由乡党委书记（乡党委主要负责人）审批",
    )
    leave_approver_title = models.CharField("审批人职务", max_length=50, default="乡党委主要负责人")
    exclude_away_default = models.BooleanField("外出务工且未要求参加的党员默认不计入应到人数", default=True)

    class Meta:
        verbose_name = "乡镇会议规则"
        verbose_name_plural = "乡镇会议规则"


class ComplianceRule(TimeStamped):
    """A required count of meetings of one kind per period, for the branches under `organization`."""

    organization = models.ForeignKey(
        Organization, verbose_name="适用范围", on_delete=models.CASCADE, related_name="meeting_requirements"
    )
    kind = models.CharField("会议类别", max_length=30, choices=Kind.choices)
    period = models.CharField("周期", max_length=10, choices=Period.choices)
    required = models.PositiveSmallIntegerField("应开次数", default=1)

    class Meta:
        verbose_name = "会议频次要求"
        verbose_name_plural = "会议频次要求"
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="compliance_rule_unique")]


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Deny by default: meetings organized within the user's subtree."""
        return in_user_subtree(self, user)


class Meeting(WorkflowCase, TimeStamped):
    """A meeting; its lifecycle (已安排 → 已召开 / 已取消) runs on `core.engine` ("meetings.meeting")."""

    STATE_FIELD = "status"
    WORKFLOW_CODE = "meetings.meeting"

    organization = models.ForeignKey(
        Organization, verbose_name="召集组织", on_delete=models.PROTECT, related_name="meetings"
    )
    org_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField("会议类别", max_length=30, choices=Kind.choices)
    theme = models.CharField("会议主题", max_length=200)
    starts_at = models.DateTimeField("会议时间")
    held_on = models.DateField("召开日期", editable=False)
    place = models.CharField("会议地点", max_length=200, blank=True)
    leader = models.CharField("主持/负责领导", max_length=50, blank=True)
    recorder = models.CharField("记录人", max_length=50, blank=True)
    agenda = models.TextField("议程", blank=True)
    minutes = models.TextField("会议记录", blank=True)
    report_theme = models.CharField("村级汇报主题", max_length=200, blank=True)
    area = models.ForeignKey(
        Area, verbose_name="片区", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    exclude_away = models.BooleanField("外出未要求参加的党员不计入应到人数", default=True)
    notice_sent_at = models.DateTimeField("通知发出时间", null=True, blank=True)
    notice_lead_days = models.PositiveSmallIntegerField("通知要求提前天数", default=rules.NOTICE_LEAD_DAYS)
    recorded_at = models.DateTimeField("记录录入时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["org_path", "starts_at"], name="meeting_subtree_time"),
            # The list's order: a backward scan that stops after one page (large subtrees).
            models.Index(fields=["-starts_at", "-id"], name="meeting_list_order"),
            models.Index(fields=["organization", "kind", "held_on"], name="meeting_org_kind_day"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.theme}"

    def workflow_roles(self, actor: Actor) -> set[str]:
        return {"editor"} if actor.has_perm("meetings.change_meeting", self) else set()

    @property
    def entered_by(self) -> str:
        """Who entered the meeting, by name (录入人)."""
        return display_name(self.created_by) if self.created_by_id and self.created_by else "系统"

    def workflow_org(self) -> Any:
        return self.organization

    @property
    def is_held(self) -> bool:
        return self.status == Status.HELD

    @property
    def entry_gap_days(self) -> int | None:
        if self.recorded_at is None:
            return None
        return entry_gap_days(self.held_on, timezone.localdate(self.recorded_at))

    @property
    def notice_days(self) -> int | None:
        if self.notice_sent_at is None:
            return None
        return rules.notice_lead_days(timezone.localtime(self.notice_sent_at), timezone.localtime(self.starts_at))

    @property
    def notice_late(self) -> bool:
        days = self.notice_days
        return days is not None and days < self.notice_lead_days

    @property
    def has_reports(self) -> bool:
        return self.kind in rules.REPORTING_KINDS

    @property
    def is_congress(self) -> bool:
        return self.kind == Kind.PARTY_CONGRESS

    @property
    def has_quorum(self) -> bool:
        """A 党员大会 or 村民代表会议: its attendance decides whether it may vote (rules.QUORUM_KINDS)."""
        return self.kind in rules.QUORUM_KINDS


class Attendance(models.Model):
    """An invitee of a meeting and whether they came (invited → present / late / … / excused)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, verbose_name="参会人", on_delete=models.PROTECT, related_name="attendances")
    role_note = models.CharField("身份", max_length=60, blank=True)
    presence = models.CharField("出席情况", max_length=20, choices=Presence.choices, default=Presence.INVITED)
    voting = models.BooleanField("有表决权", default=False)
    away = models.BooleanField("外出未要求参加", default=False)

    class Meta:
        verbose_name = "参会人员"
        verbose_name_plural = "参会人员"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_presence_display()}）"

    @property
    def attended(self) -> bool:
        return self.presence in rules.ATTENDED

    def seat(self) -> rules.Seat:
        return rules.Seat(voting=self.voting, presence=self.presence, away=self.away)


class LeaveRequest(WorkflowCase, TimeStamped):
    """A leave request for one invitee; decided on `core.engine` ("meetings.leave")."""

    STATE_FIELD = "status"
    WORKFLOW_CODE = "meetings.leave"

    attendance = models.OneToOneField(Attendance, on_delete=models.CASCADE, related_name="leave")
    reason = models.CharField("请假事由", max_length=200)
    status = models.CharField("审批状态", max_length=20, choices=LeaveStatus.choices, default=LeaveStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "请假申请"
        verbose_name_plural = "请假申请"

    def __str__(self) -> str:
        return f"{self.attendance.person.name}请假（{self.get_status_display()}）"

    @property
    def requester_name(self) -> str:
        return display_name(self.requested_by) if self.requested_by_id and self.requested_by else "系统"

    @property
    def approver_name(self) -> str:
        return display_name(self.decided_by) if self.decided_by_id and self.decided_by else ""

    def workflow_roles(self, actor: Actor) -> set[str]:
        roles = set()
        if actor.has_perm("meetings.decide_leave", self.attendance.meeting):
            roles.add("approver")
        if actor.has_perm("meetings.request_leave", self.attendance):
            roles.add("requester")
        return roles

    def workflow_org(self) -> Any:
        return self.attendance.meeting.organization


class NoticeQuerySet(models.QuerySet["Notice"]):
    def for_user(self, user: Any) -> NoticeQuerySet:
        """The in-app inbox: notices addressed to the user's person (when the account belongs to
        one) and the notices to the user's own organization (for its invitees without an account)."""
        org = user_org(user)
        if org is None:
            return self.none()
        addressed = Q(organization=org, person__isnull=True)
        person = getattr(user, "person", None)
        if person is not None:
            addressed |= Q(person=person)
        return self.filter(addressed)


class Notice(models.Model):
    """A meeting notice: to one invited person who has an account (`person`), or to one invited
    organization for its invitees without an account (`person` empty; they are listed on it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices")
    organization = models.ForeignKey(Organization, verbose_name="受通知组织", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, verbose_name="受通知人", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="meeting_notices")  # fmt: skip
    sent_at = models.DateTimeField("发出时间")
    lead_days = models.IntegerField("提前天数")
    late = models.BooleanField("不足规定天数", default=False)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "会议通知"
        verbose_name_plural = "会议通知"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organization"], condition=Q(person__isnull=True),
                                    name="notice_org_once"),
            models.UniqueConstraint(fields=["meeting", "person"], condition=Q(person__isnull=False),
                                    name="notice_person_once"),
        ]  # fmt: skip

    @property
    def addressee(self) -> str:
        return self.person.name if self.person_id and self.person else self.organization.name


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("决定事项")
    votes_for = models.PositiveIntegerField("赞成", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权", null=True, blank=True)
    should_attend = models.PositiveIntegerField("表决时应到有表决权党员", null=True, blank=True)
    present_voting = models.PositiveIntegerField("表决时到会有表决权人数", null=True, blank=True)

    class Meta:
        verbose_name = "决定事项"
        verbose_name_plural = "决定事项"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def voted(self) -> bool:
        return self.votes_for is not None

    @property
    def passed(self) -> bool | None:
        if self.votes_for is None or self.should_attend is None:
            return None
        return rules.vote_passes(self.votes_for, self.should_attend, self.present_voting, self.meeting.kind)


class VillageReport(TimeStamped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(Organization, verbose_name="汇报村", on_delete=models.PROTECT, related_name="+")
    reporter = models.CharField("汇报人", max_length=50, blank=True)
    content = models.TextField("汇报内容")
    quality = models.PositiveSmallIntegerField("汇报质量", choices=ReportQuality.choices, null=True, blank=True)

    class Meta:
        verbose_name = "村级汇报"
        verbose_name_plural = "村级汇报"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "organization"], name="report_unique")]


class IssueQuerySet(models.QuerySet["Issue"]):
    def visible_to(self, user: Any) -> IssueQuerySet:
        return in_user_subtree(self, user, "meeting__org_path")

    def open(self) -> IssueQuerySet:
        return self.filter(resolved_on__isnull=True)

    def overdue(self, today: dt.date) -> IssueQuerySet:
        return self.open().filter(deadline__lt=today)


class Issue(TimeStamped):
    """An issue raised at a meeting, its route (seed 004), owner and deadline.

    `ledger_ref` holds the id of the ledger item the issue was turned into
    (`ledgers.actions.item_from_meeting_issue`; a plain string, so meetings never import ledgers).
    """

    meeting = models.ForeignKey(Meeting, verbose_name="提出会议", on_delete=models.CASCADE, related_name="issues")
    organization = models.ForeignKey(
        Organization, verbose_name="反映单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("反映问题")
    route = models.CharField("处理方式", max_length=30, choices=Route.choices)
    owner = models.CharField("责任人", max_length=50)
    deadline = models.DateField("办结时限", null=True, blank=True)
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    resolution = models.TextField("办理结果", blank=True)
    ledger_ref = models.CharField("台账编号", max_length=64, null=True, blank=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = "反映问题"
        verbose_name_plural = "反映问题"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["resolved_on", "deadline"], name="issue_open_deadline")]

    def __str__(self) -> str:
        return self.text[:50]

    def is_overdue(self, today: dt.date) -> bool:
        return rules.is_overdue(self.deadline, self.resolved_on, today)


class Attachment(TimeStamped):
    """Optional photos or scans; never required as proof (DOMAIN.md anti-formalism rules)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="meetings/%Y/%m/")
    caption = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "会议附件"
        verbose_name_plural = "会议附件"


MONTH_FIELDS = tuple(f"m{m:02d}" for m in range(1, 13))


class MeetingTally(models.Model):
    """Held meetings per branch, kind and year, one column per month: the compliance dashboard reads only this.

    Maintained by the action that holds a meeting (conditional upserts with F()), rebuilt from
    the meetings by `actions.rebuild_tallies`. Meetings of a 党小组 count for its branch. One
    row per year (not per month) keeps a county's year to a few thousand rows.
    """

    branch = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    branch_path = models.CharField(max_length=255)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    year = models.PositiveSmallIntegerField()
    m01 = models.PositiveIntegerField(default=0)
    m02 = models.PositiveIntegerField(default=0)
    m03 = models.PositiveIntegerField(default=0)
    m04 = models.PositiveIntegerField(default=0)
    m05 = models.PositiveIntegerField(default=0)
    m06 = models.PositiveIntegerField(default=0)
    m07 = models.PositiveIntegerField(default=0)
    m08 = models.PositiveIntegerField(default=0)
    m09 = models.PositiveIntegerField(default=0)
    m10 = models.PositiveIntegerField(default=0)
    m11 = models.PositiveIntegerField(default=0)
    m12 = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["branch", "kind", "year"], name="tally_unique")]
        indexes = [models.Index(fields=["year", "branch_path"], name="tally_year_subtree")]

    def monthly(self) -> dict[int, int]:
        return {m: getattr(self, f"m{m:02d}") for m in range(1, 13) if getattr(self, f"m{m:02d}")}


def issue_filter_open_before(organization: Organization, before: dt.date) -> Q:
    """Open issues of earlier meetings of the same organizer (the carried-over agenda)."""
    return Q(meeting__organization=organization, meeting__held_on__lt=before, resolved_on__isnull=True)

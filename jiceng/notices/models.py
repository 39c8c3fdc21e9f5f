"""公示 (public notices) about any record, objections from the public and their handling."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from jiceng.core.access import in_user_subtree
from jiceng.core.actor import Actor
from jiceng.core.engine import WorkflowCase
from jiceng.core.models import TimeStamped
from jiceng.core.permissions import is_officer, org_in_subtree
from jiceng.organizations.models import Organization

from . import rules
from .rules import Board, Decision, NoticeFact, ObjectionFact, Outcome


class NoticeSettings(TimeStamped):
    """The default 公示 period of a county (or of any top organization) and its office line."""

    organization = models.OneToOneField(Organization, verbose_name="组织", on_delete=models.PROTECT,
                                        related_name="notice_settings")  # fmt: skip
    days = models.PositiveSmallIntegerField("默认公示期（工作日）", default=rules.DEFAULT_DAYS)
    hotline = models.CharField("受理电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "公示设置"
        verbose_name_plural = "公示设置"

    def __str__(self) -> str:
        return f"{self.organization.name} 公示设置"


class PublicNoticeQuerySet(models.QuerySet["Notice"]):
    # Not "NoticeQuerySet": meetings has one, and django-stubs names generated managers after it.
    def visible_to(self, user: Any) -> PublicNoticeQuerySet:
        """Deny by default: the notices of organizations in the user's subtree."""
        return in_user_subtree(self, user, "organization__path")

    def in_progress(self, today: dt.date | None = None) -> PublicNoticeQuerySet:
        today = today or timezone.localdate()
        return self.filter(withdrawn_on__isnull=True, starts_on__lte=today, ends_on__gte=today)

    def about(self, ref: str, step: str | None = None) -> PublicNoticeQuerySet:
        rows = self.filter(subject_ref=ref)
        return rows.filter(step=step) if step is not None else rows


class Notice(TimeStamped):
    """A 公示 about a subject record (named by ref "app_label.model:pk") at one workflow step."""

    subject_ref = models.CharField("公示事项", max_length=100, db_index=True)
    step = models.CharField("环节", max_length=40)
    sequence = models.PositiveSmallIntegerField("第几次公示", default=1)
    title = models.CharField("标题", max_length=rules.MAX_TITLE)
    text = models.TextField("公示内容")
    organization = models.ForeignKey(Organization, verbose_name="公示组织", on_delete=models.PROTECT,
                                     related_name="notices")  # fmt: skip
    board = models.CharField("公示位置", max_length=20, choices=Board.choices, default=Board.VILLAGE)
    shown_on = models.ForeignKey(Organization, verbose_name="公开栏", on_delete=models.PROTECT,
                                 related_name="board_notices")  # fmt: skip
    days = models.PositiveSmallIntegerField("公示期（工作日）")
    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示截止")
    hotline = models.CharField("受理电话", max_length=30, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    published_by_name = models.CharField("发布人", max_length=150, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=200, blank=True)
    decision = models.CharField("处理决定", max_length=20, choices=Decision.choices, blank=True, default="")
    decision_note = models.TextField("决定说明", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by_name = models.CharField("决定人", max_length=150, blank=True)

    objects = PublicNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on", "-id"]
        constraints = [
            # Two concurrent publications for the same step: the second is refused, not doubled.
            models.UniqueConstraint(fields=["subject_ref", "step", "sequence"], name="notice_once_per_round"),
        ]
        indexes = [models.Index(fields=["shown_on", "ends_on"], name="notice_board")]

    def __str__(self) -> str:
        return self.title

    # -- reading
    def objection_facts(self) -> tuple[ObjectionFact, ...]:
        return tuple(ObjectionFact(o.state, o.answered_on) for o in self.objections.all())

    def fact(self) -> NoticeFact:
        return NoticeFact(self.starts_on, self.ends_on, self.withdrawn_on is not None, self.decision,
                          self.decided_on, self.objection_facts())  # fmt: skip

    def outcome(self, today: dt.date | None = None) -> Outcome:
        return rules.outcome(self.fact(), today or timezone.localdate())

    @property
    def outcome_now(self) -> Outcome:
        return self.outcome()

    @property
    def period_text(self) -> str:
        return rules.describe_period(self.starts_on, self.ends_on, self.days)

    @property
    def in_progress(self) -> bool:
        today = timezone.localdate()
        return self.withdrawn_on is None and self.starts_on <= today <= self.ends_on


class Channel(models.TextChoices):
    ONLINE = "online", "网上提交"
    WRITTEN = "written", "书面"
    PHONE = "phone", "电话"
    IN_PERSON = "in_person", "当面"


class ObjectionState(models.TextChoices):
    RECEIVED = "received", "已收到"
    INVESTIGATING = "investigating", "核实中"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


# The handling of an objection is a workflow on the core engine (audited, race-safe).
OBJECTION_FLOW: dict[str, Any] = {
    "title": "公示异议处理",
    "states": [
        {"key": "received", "label": "已收到"},
        {"key": "investigating", "label": "核实中"},
        {"key": "upheld", "label": "异议成立", "final": True, "outcome": "upheld"},
        {"key": "dismissed", "label": "异议不成立", "final": True, "outcome": "dismissed"},
    ],
    "initial": "received",
    "transitions": [
        {"from": "received", "to": "investigating", "label": "开始核实", "roles": ["officer"]},
        {"from": "investigating", "to": "upheld", "label": "异议成立", "roles": ["officer"], "requires": ["answer"]},
        {"from": "investigating", "to": "dismissed", "label": "异议不成立", "roles": ["officer"],
         "requires": ["answer"]},
        {"from": "upheld", "to": "investigating", "label": "重新核实", "roles": ["officer"], "requires": ["note"]},
        {"from": "dismissed", "to": "investigating", "label": "重新核实", "roles": ["officer"], "requires": ["note"]},
    ],
}  # fmt: skip
OBJECTION_ROLES = {"officer": "乡镇党委或县委组织部的组织工作人员"}
OBJECTION_REQUIREMENTS = {"answer": "答复意见", "note": "重新核实的原因"}


class Objection(WorkflowCase):
    """An objection raised by anyone, without login. Name and contact are optional and shown to
    the officers of the notice's subtree only; the sender's network address is never stored here
    (see `ObjectionSender`)."""

    notice = models.ForeignKey(Notice, verbose_name="公示", on_delete=models.PROTECT, related_name="objections")
    text = models.TextField("异议内容")
    name = models.CharField("姓名", max_length=rules.MAX_NAME, blank=True)
    contact = models.CharField("联系方式", max_length=rules.MAX_CONTACT, blank=True)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    state = models.CharField("办理状态", max_length=20, choices=ObjectionState.choices,
                             default=ObjectionState.RECEIVED)  # fmt: skip
    state_on = models.DateField("状态日期")
    received_on = models.DateField("收到日期")
    received_at = models.DateTimeField("收到时间", auto_now_add=True)
    answer = models.TextField("答复意见", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    handler_name = models.CharField("办理人", max_length=150, blank=True)
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)

    STATE_FIELD = "state"
    SINCE_FIELD = "state_on"
    WORKFLOW_CODE = "notices.objection"

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        # No name, no contact: this string goes into the audit trail.
        return f"对“{self.notice.title}”的第{self.pk or ''}号异议"

    def workflow_roles(self, actor: Actor) -> set[str]:
        return {"officer"} if is_officer(actor) and org_in_subtree(actor, self.notice.organization) else set()

    def workflow_org(self) -> Organization:
        return self.notice.organization

    @property
    def open(self) -> bool:
        return self.state in rules.OPEN_STATES


class ObjectionSender(models.Model):
    """What the rate limit needs and nothing more: a keyed hash (HMAC with a key derived from
    SECRET_KEY) of a sender's network address and the times of its objections of the last hour.
    Rows older than an hour are deleted by the next submission."""

    key = models.CharField(max_length=64, unique=True)
    recent = models.JSONField(default=list)
    last_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "异议提交频率"
        verbose_name_plural = "异议提交频率"

    def __str__(self) -> str:
        return self.key[:8]

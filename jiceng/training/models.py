"""Training sessions (培训) and their participants, and the meetings of the meetings app that a
branch marks as held "以会代训" (the attendance stays in the meetings record: entered once)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiceng.core.access import in_user_subtree
from jiceng.core.actor import display_name
from jiceng.core.dates import entry_gap_days
from jiceng.core.models import TimeStamped
from jiceng.meetings.models import Meeting
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules
from .rules import SessionKind, Unit


class SessionQuerySet(models.QuerySet["Session"]):
    def visible_to(self, user: Any) -> SessionQuerySet:
        """Deny by default: sessions organized within the user's subtree."""
        return in_user_subtree(self, user)


class Session(TimeStamped):
    """One training session; `created_at` is the entry date, `starts_on`/`ends_on` the event dates."""

    organization = models.ForeignKey(Organization, verbose_name="举办组织", on_delete=models.PROTECT,
                                     related_name="training_sessions")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    title = models.CharField("培训名称", max_length=200)
    kind = models.CharField("培训形式", max_length=20, choices=SessionKind.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    place = models.CharField("培训地点", max_length=200, blank=True)
    trainer = models.CharField("授课人", max_length=100, blank=True)
    unit = models.CharField("计时方式", max_length=10, choices=Unit.choices)
    amount = models.DecimalField("时长", max_digits=6, decimal_places=1)
    hours = models.DecimalField("每人学时", max_digits=6, decimal_places=1, editable=False)
    days = models.DecimalField("培训天数", max_digits=6, decimal_places=1, editable=False)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org_path", "starts_on"], name="training_subtree_day")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="training_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} {self.title}"

    @property
    def entered_by(self) -> str:
        return display_name(self.created_by) if self.created_by_id and self.created_by else "系统"

    @property
    def entry_gap_days(self) -> int:
        return entry_gap_days(self.ends_on, timezone.localdate(self.created_at))

    @property
    def late(self) -> bool:
        return self.entry_gap_days > rules.LATE_AFTER_DAYS

    @property
    def length_label(self) -> str:
        amount = f"{self.amount.normalize():f}"
        return {Unit.DAY: f"{amount}天", Unit.HALF_DAY: f"{amount}个半天", Unit.HOUR: f"{amount}学时"}[Unit(self.unit)]


class Participant(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, verbose_name="参训人员", on_delete=models.PROTECT,
                               related_name="training_participations")  # fmt: skip
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = "参训人员"
        verbose_name_plural = "参训人员"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="training_participant_once")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.hours}学时）"


class MeetingCredit(TimeStamped):
    """A held meeting marked "以会代训" (or a 党课 given hours of its own): every attendee present
    gets `hours`, read from the meetings record (training reads meetings; meetings never import it)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="training_credit")
    org_path = models.CharField(max_length=255, editable=False)
    hours = models.DecimalField("计入学时", max_digits=6, decimal_places=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    class Meta:
        verbose_name = "以会代训"
        verbose_name_plural = "以会代训"

    def __str__(self) -> str:
        return f"{self.meeting}（以会代训{self.hours}学时）"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


ZERO = Decimal(0)

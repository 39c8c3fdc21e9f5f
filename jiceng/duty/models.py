"""A village's duty rota (who sits in the office on each weekday) and its duty log (值班日志)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiceng.core.access import in_user_subtree
from jiceng.core.actor import display_name
from jiceng.core.dates import entry_gap_days
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules

WEEKDAY_CHOICES = list(enumerate(rules.WEEKDAYS))


class DutySlot(models.Model):
    organization = models.ForeignKey(Organization, verbose_name="村", on_delete=models.CASCADE,
                                     related_name="duty_slots")  # fmt: skip
    weekday = models.PositiveSmallIntegerField("星期", choices=WEEKDAY_CHOICES)
    person = models.ForeignKey(Person, verbose_name="值班干部", on_delete=models.CASCADE, related_name="duty_slots")

    class Meta:
        verbose_name = "值班安排"
        verbose_name_plural = "值班安排"
        ordering = ["weekday", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "weekday", "person"], name="duty_slot_once"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="duty_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{rules.WEEKDAYS[self.weekday]} {self.person.name}"


class DutyEntryQuerySet(models.QuerySet["DutyEntry"]):
    def visible_to(self, user: Any) -> DutyEntryQuerySet:
        return in_user_subtree(self, user)


class DutyEntry(TimeStamped):
    """One day's duty log; `on` is the duty date, `created_at` the entry date (late entry shown)."""

    organization = models.ForeignKey(Organization, verbose_name="村", on_delete=models.PROTECT,
                                     related_name="duty_entries")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    on = models.DateField("值班日期")
    person = models.ForeignKey(Person, verbose_name="值班干部", on_delete=models.PROTECT, related_name="duty_entries")
    callers = models.TextField("来访来电群众及事项")
    handled = models.TextField("办理情况", blank=True)
    referred = models.TextField("转交事项", blank=True)
    ledger_ref = models.PositiveBigIntegerField("台账事项", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = DutyEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "值班日志"
        verbose_name_plural = "值班日志"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["org_path", "on"], name="duty_subtree_day")]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.person.name}值班"

    @property
    def entered_by(self) -> str:
        return display_name(self.created_by) if self.created_by_id and self.created_by else "系统"

    @property
    def late(self) -> bool:
        return entry_gap_days(self.on, timezone.localdate(self.created_at)) > rules.LATE_AFTER_DAYS

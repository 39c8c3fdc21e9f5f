"""Outflow records of mobile members (流动党员): where a member went, the activity card, the
receiving organization, the contact log, thought reports, lost contact, the return, and the
cadre who keeps in touch (seed 004 五联 "联系一名流动党员").

Every record keeps its event date beside its entry time (`created_at`); late entry is shown.
The person's `is_mobile` flag follows the open record (set and cleared by the actions, through
people.actions.update_person).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiceng.core.access import in_user_subtree
from jiceng.core.dates import entry_gap_days
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules
from .rules import How, Reason


class OutflowQuerySet(models.QuerySet["Outflow"]):
    def visible_to(self, user: Any) -> OutflowQuerySet:
        """Deny by default: records of people whose home organization lies in the user's subtree."""
        return in_user_subtree(self, user)

    def open(self) -> OutflowQuerySet:
        return self.filter(returned_on__isnull=True)


class Outflow(TimeStamped):
    person = models.ForeignKey(Person, verbose_name="党员", on_delete=models.PROTECT, related_name="outflows")
    # The home organization's tree path when the record was made (the flow-out branch keeps it).
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    destination = models.CharField("流入地", max_length=100)
    workplace = models.CharField("务工经商单位", max_length=200, blank=True)
    contact = models.CharField("在外联系方式", max_length=200, blank=True)
    left_on = models.DateField("外出日期")
    expected_return_on = models.DateField("预计返回日期", null=True, blank=True)
    reason = models.CharField("外出原因", max_length=20, choices=Reason.choices)
    fixed_place = models.BooleanField("外出地点固定", default=True)
    receiving_org = models.ForeignKey(Organization, verbose_name="流入地党组织", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="received_outflows")  # fmt: skip
    receiving_name = models.CharField("流入地党组织（系统外）", max_length=200, blank=True)
    contact_every_months = models.PositiveSmallIntegerField("至少每几个月联系一次",
                                                            default=rules.CONTACT_EVERY_MONTHS)  # fmt: skip
    card_number = models.CharField("活动证编号", max_length=50, blank=True)
    card_issued_on = models.DateField("活动证发证日期", null=True, blank=True)
    card_valid_until = models.DateField("活动证有效期至", null=True, blank=True)
    lost_on = models.DateField("失联日期", null=True, blank=True)
    returned_on = models.DateField("返回日期", null=True, blank=True)
    returned_recorded_at = models.DateTimeField("返回录入时间", null=True, blank=True, editable=False)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = OutflowQuerySet.as_manager()

    class Meta:
        verbose_name = "流动党员外出登记"
        verbose_name_plural = "流动党员外出登记"
        ordering = ["org_path", "-left_on", "-id"]
        constraints = [
            # One open stay per person at a time (a second registration is refused, not duplicated).
            models.UniqueConstraint(
                fields=["person"], condition=Q(returned_on__isnull=True), name="mobile_one_open_outflow"
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=models.F("left_on")),
                name="mobile_return_after_leaving",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.left_on:%Y-%m-%d}外出，{self.destination}）"

    @property
    def receiving_label(self) -> str:
        if self.receiving_org_id and self.receiving_org:
            return self.receiving_org.name
        return self.receiving_name

    @property
    def entry_gap_days(self) -> int:
        return entry_gap_days(self.left_on, timezone.localdate(self.created_at))

    @property
    def late(self) -> bool:
        return self.entry_gap_days > rules.LATE_AFTER_DAYS


class Contact(TimeStamped):
    """One contact with the member (联系教育): when, how, by whom, what was said."""

    outflow = models.ForeignKey(Outflow, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField("联系日期")
    how = models.CharField("联系方式", max_length=20, choices=How.choices)
    by_name = models.CharField("联系人", max_length=50)
    note = models.TextField("联系内容", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    class Meta:
        verbose_name = "联系记录"
        verbose_name_plural = "联系记录"
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_how_display()}（{self.by_name}）"

    @property
    def late(self) -> bool:
        return entry_gap_days(self.on, timezone.localdate(self.created_at)) > rules.LATE_AFTER_DAYS


class ThoughtReport(TimeStamped):
    """A thought report (思想汇报) received from the member."""

    outflow = models.ForeignKey(Outflow, on_delete=models.CASCADE, related_name="reports")
    received_on = models.DateField("收到日期")
    note = models.TextField("摘要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    class Meta:
        verbose_name = "思想汇报"
        verbose_name_plural = "思想汇报"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} 思想汇报"

    @property
    def late(self) -> bool:
        return entry_gap_days(self.received_on, timezone.localdate(self.created_at)) > rules.LATE_AFTER_DAYS


class Keeper(TimeStamped):
    """The cadre assigned to keep in touch with a mobile member, from `since` until `until`
    (seed 004 五联: "乡村党员干部每人联系一名流动党员"; an assessment counts these)."""

    outflow = models.ForeignKey(Outflow, on_delete=models.CASCADE, related_name="keepers")
    cadre = models.ForeignKey(Person, verbose_name="联系干部", on_delete=models.PROTECT, related_name="kept_outflows")
    since = models.DateField("联系起始日期")
    until = models.DateField("联系结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "联系干部"
        verbose_name_plural = "联系干部"
        ordering = ["-since", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["outflow"], condition=Q(until__isnull=True), name="mobile_one_keeper"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name}（{self.since:%Y-%m-%d}起）"

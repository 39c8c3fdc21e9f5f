"""Pairings (结对帮扶, 一带一, 双联双定双带) and the hardship fund (困难党员帮扶基金) of a township.

Visibility, defined once here (views, API and exports use it): the records name people in
hardship and what they were given, so only officers of the township's subtree (township and
county) see them. The fund's public summary (counts and totals, no names) is for everyone.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from jiceng.core.access import in_user_subtree
from jiceng.core.models import TimeStamped
from jiceng.core.permissions import is_officer
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from .rules import ContactKind, GrantReason, IncomeKind, PairKind, VillageAffair


class OfficerQuerySet[M: models.Model](models.QuerySet[M]):
    def visible_to(self, user: Any) -> OfficerQuerySet[M]:
        if not is_officer(user):
            return self.none()
        return in_user_subtree(self, user)


class PoorMember(TimeStamped):
    """贫困党员台账 (seed 004 “为全乡20户贫困党员建立台账”): one open entry per member."""

    township = models.ForeignKey(Organization, verbose_name="乡镇党委", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)  # the township's path
    person = models.ForeignKey(Person, verbose_name="贫困党员", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, verbose_name="农户", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")  # fmt: skip
    since = models.DateField("建档日期")
    situation = models.CharField("困难情况", max_length=300)
    ended_on = models.DateField("销档日期", null=True, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["org_path", "person__name", "id"]
        verbose_name = "贫困党员台账"
        verbose_name_plural = "贫困党员台账"
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(ended_on__isnull=True), name="poor_member_open_once")
        ]

    def __str__(self) -> str:
        return f"贫困党员 {self.person.name}"


class Pairing(TimeStamped):
    """A pair: a helper (a member) and what they are linked to — a 贫困党员 (一带一), one of the
    nine kinds of village affairs, or a person or household in hardship (双联双定双带)."""

    township = models.ForeignKey(Organization, verbose_name="乡镇党委", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField("帮扶类型", max_length=20, choices=PairKind.choices)
    helper = models.ForeignKey(Person, verbose_name="帮扶人", on_delete=models.PROTECT, related_name="+")
    poor = models.ForeignKey(PoorMember, verbose_name="贫困党员", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="pairings")  # fmt: skip
    affair = models.CharField("联系村务", max_length=20, choices=VillageAffair.choices, blank=True)
    village = models.ForeignKey(Organization, verbose_name="村", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")  # fmt: skip
    person = models.ForeignKey(Person, verbose_name="困难群众（名册）", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")  # fmt: skip
    household = models.ForeignKey(Household, verbose_name="困难农户", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")  # fmt: skip
    name = models.CharField("困难群众姓名", max_length=50, blank=True)
    started_on = models.DateField("结对日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    entered_by = models.CharField("录入人", max_length=150, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["org_path", "kind", "id"]
        verbose_name = "结对帮扶"
        verbose_name_plural = "结对帮扶"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.helper.name} → {self.helped}"

    @property
    def helped(self) -> str:
        if self.poor is not None:
            return self.poor.person.name
        if self.affair:
            return f"{self.village.name if self.village else ''}{self.get_affair_display()}"
        if self.person is not None:
            return self.person.name
        if self.household is not None:
            return f"{self.household.head_name}户"
        return self.name

    @property
    def helped_key(self) -> str:
        """Who is helped, one key per person (counting “联系122名困难群众”)."""
        if self.poor is not None:
            return f"poor:{self.poor.person_id}"
        if self.person_id:
            return f"person:{self.person_id}"
        if self.household_id:
            return f"household:{self.household_id}"
        return f"name:{self.name}"


class Contact(TimeStamped):
    """What the helper did for the pair: a visit, 送温暖, or a real deed (no photo asked)."""

    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField("类型", max_length=10, choices=ContactKind.choices)
    on = models.DateField("日期")  # the event date; created_at is the entry date
    content = models.CharField("帮扶内容", max_length=500)
    entered_by = models.CharField("录入人", max_length=150, blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = "帮扶记录"
        verbose_name_plural = "帮扶记录"
        indexes = [models.Index(fields=["pairing", "on"], name="assist_contact_on")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Fund(TimeStamped):
    """困难党员帮扶基金 of a township. `movements` counts income and grants: every write first
    bumps it (an UPDATE that locks the row), so two grants at once run one after the other and
    the second sees the first (no check-then-act race on the balance)."""

    township = models.OneToOneField(Organization, verbose_name="乡镇党委", on_delete=models.PROTECT,
                                    related_name="hardship_fund")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    movements = models.PositiveIntegerField("收支笔数", default=0)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = "困难党员帮扶基金"
        verbose_name_plural = "困难党员帮扶基金"

    def __str__(self) -> str:
        return f"{self.township.name}困难党员帮扶基金"


class FundIncome(TimeStamped):
    fund = models.ForeignKey(Fund, verbose_name="基金", on_delete=models.PROTECT, related_name="incomes")
    kind = models.CharField("来源类别", max_length=20, choices=IncomeKind.choices)
    received_on = models.DateField("到账日期")
    amount = models.BigIntegerField("金额（分）")
    source = models.CharField("来源", max_length=200)
    entered_by = models.CharField("录入人", max_length=150, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "基金收入"
        verbose_name_plural = "基金收入"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="assist_income_positive")]

    def __str__(self) -> str:
        return f"{self.received_on} {self.get_kind_display()}"


class FundGrant(TimeStamped):
    fund = models.ForeignKey(Fund, verbose_name="基金", on_delete=models.PROTECT, related_name="grants")
    person = models.ForeignKey(Person, verbose_name="补助对象", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("补助原因", max_length=20, choices=GrantReason.choices)
    amount = models.BigIntegerField("金额（分）")
    approved_by = models.CharField("批准人", max_length=50)
    approved_on = models.DateField("批准日期")
    paid_on = models.DateField("发放日期")
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.CharField("录入人", max_length=150, blank=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = "基金补助"
        verbose_name_plural = "基金补助"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="assist_grant_positive"),
            models.CheckConstraint(condition=Q(paid_on__gte=models.F("approved_on")), name="assist_grant_paid_after"),
        ]

    def __str__(self) -> str:
        # The audit log keeps `str()`; it names no one (the log is read more widely).
        return f"{self.paid_on} {self.get_reason_display()}补助"

"""Party dues records: each member's dated base, the monthly payments, the reasons a month was
not paid, and what a branch forwarded upward (上缴). Money in integer fen.

Visibility follows the org tree through the copied tree path (`org_path`): of the person's
organization for bases and payments (as it was when the payment was entered), of the branch for
the 上缴 records.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from jiceng.core.access import SubtreeQuerySet
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules
from .rules import Kind, Relief


class DuesBase(TimeStamped):
    """A member's dues base from `from_month` on (until the next base)."""

    person = models.ForeignKey(Person, verbose_name="党员", on_delete=models.PROTECT, related_name="dues_bases")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    from_month = models.DateField("起始月份")  # the first day of the month
    kind = models.CharField("交纳类别", max_length=20, choices=Kind.choices)
    income = models.BigIntegerField("月收入（税后，分）", null=True, blank=True)
    fixed = models.IntegerField("定额（分）", null=True, blank=True)
    relief = models.CharField("少交或免交", max_length=10, choices=Relief.choices, blank=True, default="")
    approved_by = models.CharField("批准单位（人）", max_length=100, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["DuesBase"].as_manager()

    class Meta:
        verbose_name = "党费基数"
        verbose_name_plural = "党费基数"
        ordering = ["person_id", "from_month"]
        constraints = [models.UniqueConstraint(fields=["person", "from_month"], name="dues_base_one_per_month")]
        indexes = [models.Index(fields=["updated_at"], name="dues_base_changed")]  # rollup.sync

    def __str__(self) -> str:
        return f"{self.person.name}自{self.from_month:%Y年%m月}起的党费基数"

    @property
    def due(self) -> rules.Due:
        return rules.monthly_due(self.kind, self.income, self.fixed, self.relief)


class Place(models.TextChoices):
    BRANCH = "branch", "本支部"
    DESTINATION = "destination", "流入地党组织"


class Payment(models.Model):
    """One month's dues of one member (paid in advance: one row per month, the same receipt)."""

    person = models.ForeignKey(Person, verbose_name="党员", on_delete=models.PROTECT, related_name="dues_payments")
    organization = models.ForeignKey(Organization, verbose_name="党支部", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    month = models.DateField("所属月份")  # the first day of the month
    amount = models.IntegerField("金额（分）")
    due = models.IntegerField("应交（分）")
    paid_on = models.DateField("交纳日期")
    entered_at = models.DateTimeField("登记时间", auto_now_add=True)
    place = models.CharField("交纳地点", max_length=20, choices=Place.choices, default=Place.BRANCH)
    place_name = models.CharField("流入地党组织名称", max_length=100, blank=True)
    receipt = models.CharField("收据号", max_length=40, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Payment"].as_manager()

    class Meta:
        verbose_name = "党费交纳"
        verbose_name_plural = "党费交纳"
        ordering = ["month", "person_id"]
        # One payment per member and month: two clerks entering the same month make one row.
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="dues_payment_one_per_month")]
        indexes = [models.Index(fields=["org_path", "month"], name="dues_payment_subtree_month")]

    def __str__(self) -> str:
        return f"{self.person.name}{self.month:%Y年%m月}党费"

    @property
    def late(self) -> bool:
        """Entered after the day it was paid (补录): shown, never refused."""
        return self.entered_at is not None and timezone.localdate(self.entered_at) > self.paid_on


class Excuse(TimeStamped):
    """A reason a member did not pay for some months (正当理由): those months are not arrears."""

    person = models.ForeignKey(Person, verbose_name="党员", on_delete=models.PROTECT, related_name="dues_excuses")
    org_path = models.CharField(max_length=255, editable=False)
    first_month = models.DateField("起始月份")
    last_month = models.DateField("截止月份")
    reason = models.CharField("理由", max_length=200)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Excuse"].as_manager()

    class Meta:
        verbose_name = "未交党费理由"
        verbose_name_plural = "未交党费理由"
        ordering = ["person_id", "first_month"]

    def __str__(self) -> str:
        return f"{self.person.name}{self.first_month:%Y年%m月}至{self.last_month:%Y年%m月}未交党费的理由"


class Remittance(TimeStamped):
    """What a branch forwarded upward (上缴) for a month or a quarter."""

    organization = models.ForeignKey(Organization, verbose_name="党支部", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    first_month = models.DateField("起始月份")
    last_month = models.DateField("截止月份")
    amount = models.BigIntegerField("上缴金额（分）")
    remitted_on = models.DateField("上缴日期")
    receiver = models.CharField("接收党组织", max_length=100)
    receipt = models.CharField("收据号", max_length=40, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Remittance"].as_manager()

    class Meta:
        verbose_name = "党费上缴"
        verbose_name_plural = "党费上缴"
        ordering = ["org_path", "first_month"]
        constraints = [models.UniqueConstraint(fields=["organization", "first_month"], name="dues_remit_one_period")]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.first_month:%Y年%m月}起上缴党费"


# ---------------------------------------------------------------- the rollup of the summary (rollup.py)


class DueRate(models.Model):
    """From `month` on, what the members at `org_path` owe each month changes by `delta` fen: the
    sum of the rows up to a month is what they owe for that month. Kept by `rollup.sync`."""

    org_path = models.CharField(max_length=255)
    month = models.DateField()
    delta = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_path", "month"], name="dues_rate_one_per_month")]


class MemberCount(models.Model):
    """How many members (预备 and 正式) `org_path` has now. Kept by `rollup.sync`."""

    org_path = models.CharField(max_length=255, unique=True)
    members = models.IntegerField(default=0)


class PaidMonth(models.Model):
    """What was paid at `org_path` (the payer's organization when it was entered) for `month`.
    Kept by `actions.record_payment` in the payment's own transaction."""

    org_path = models.CharField(max_length=255)
    month = models.DateField()
    amount = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_path", "month"], name="dues_paid_one_per_month")]


class Tracked(models.Model):
    """What the rollup holds for one person: their organization, whether a member, and the rate
    changes of their bases (`[[month, delta], …]`). The next sync compares it with the records."""

    person_id = models.BigIntegerField(primary_key=True)
    org_path = models.CharField(max_length=255)
    member = models.BooleanField(default=False)
    deltas = models.JSONField(default=list)


class RollupState(models.Model):
    """One row: records changed at or after `read_from` are read again by the next sync (None: never
    synced, the next one rebuilds)."""

    read_from = models.DateTimeField(null=True)

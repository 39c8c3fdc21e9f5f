"""Cooperatives and associations (register, members, the numbered share register, income,
dividends, principal schedule) and the village collective economy (assets, income by source, the
county's targets and 空壳村 rule). Money in integer fen; areas in 亩.

Visibility follows the org tree through the copied tree path (`org_path`): of the organization a
cooperative belongs to, of the village for the collective economy.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from jiceng.core.access import SubtreeQuerySet, in_user_subtree
from jiceng.core.errors import DomainError
from jiceng.core.models import TimeStamped
from jiceng.core.permissions import is_editor
from jiceng.households.models import Household
from jiceng.organizations.models import Organization

from . import rules
from .rules import CollectiveSource, CoopIncomeKind, CoopKind, EntryKind


def mu(label: str) -> models.DecimalField[Any, Any]:
    """An area in 亩 (two decimals), optional."""
    return models.DecimalField(label, max_digits=12, decimal_places=2, null=True, blank=True)


class EditorQuerySet[M: models.Model](models.QuerySet[M]):
    def visible_to(self, user: Any) -> EditorQuerySet[M]:
        """Rows naming households (personal data): editors of the subtree only."""
        return in_user_subtree(self, user) if is_editor(user) else self.none()


class Cooperative(TimeStamped):
    """A 农民专业合作社 / 协会 (seed 000, 002): who runs it, its brand and standards, its shares."""

    organization = models.ForeignKey(Organization, verbose_name="所属党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    township = models.ForeignKey(Organization, verbose_name="所属乡镇", on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Organization, verbose_name="合作社党支部", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=CoopKind.choices, default=CoopKind.COOPERATIVE)
    industry = models.CharField("产业", max_length=50)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    listed = models.BooleanField("已挂牌", default=True)
    registration = models.CharField("登记注册号", max_length=50, blank=True)
    brand = models.CharField("品牌", max_length=50, blank=True)
    trademark = models.CharField("注册商标", max_length=50, blank=True)
    standards = models.TextField("质量标准", blank=True)
    standards_done = models.PositiveSmallIntegerField("已制定标准（套）", default=0)
    standards_drafting = models.PositiveSmallIntegerField("制定中标准（套）", default=0)
    share_price = models.PositiveIntegerField("每股金额（分）", default=rules.SHARE_PRICE)
    last_seq = models.PositiveIntegerField("股权登记末号", default=0, editable=False)
    repaying = models.BooleanField("已开始还本", default=False, editable=False)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = SubtreeQuerySet["Cooperative"].as_manager()

    class Meta:
        verbose_name = "合作社（协会）"
        verbose_name_plural = "合作社（协会）"
        ordering = ["org_path", "name"]
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="coop_unique_name")]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStamped):
    """A member household (社员户) of a cooperative; a household of another township is refused."""

    cooperative = models.ForeignKey(Cooperative, verbose_name="合作社", on_delete=models.CASCADE,
                                    related_name="members")  # fmt: skip
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)  # the cooperative's
    joined_on = models.DateField("入社日期")
    left_on = models.DateField("退社日期", null=True, blank=True)

    objects = EditorQuerySet["Membership"].as_manager()

    class Meta:
        verbose_name = "社员户"
        verbose_name_plural = "社员户"
        ordering = ["cooperative_id", "joined_on", "id"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "household"], name="coop_member_once")]

    def __str__(self) -> str:
        return f"{self.cooperative}社员{self.household}"


class Holding(models.Model):
    """Shares a household holds now (kept by the actions with conditional UPDATEs; the share
    register `ShareEntry` is the record, this is its running balance)."""

    cooperative = models.ForeignKey(Cooperative, verbose_name="合作社", on_delete=models.CASCADE,
                                    related_name="holdings")  # fmt: skip
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    shares = models.PositiveIntegerField("持股数", default=0)
    returned = models.BigIntegerField("已还本金（分）", default=0)

    objects = EditorQuerySet["Holding"].as_manager()

    class Meta:
        verbose_name = "持股"
        verbose_name_plural = "持股"
        ordering = ["cooperative_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "household"], name="coop_holding_once"),
            models.CheckConstraint(condition=Q(shares__gte=0), name="coop_holding_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.household}持{self.shares}股"

    @property
    def principal(self) -> int:
        """What the shares were paid in (fen), before any principal returned."""
        return self.shares * self.cooperative.share_price


class ShareEntry(models.Model):
    """One numbered line of the share register (股权登记簿): append-only, never changed."""

    cooperative = models.ForeignKey(Cooperative, verbose_name="合作社", on_delete=models.PROTECT,
                                    related_name="entries")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    seq = models.PositiveIntegerField("登记号")
    kind = models.CharField("变动类型", max_length=20, choices=EntryKind.choices)
    on = models.DateField("变动日期")
    shares = models.PositiveIntegerField("股数")
    amount = models.BigIntegerField("金额（分）")  # paid in (认购), paid back (退股), agreed price (转让)
    source = models.ForeignKey(Household, verbose_name="转出户", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    target = models.ForeignKey(Household, verbose_name="转入户", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    note = models.CharField("说明", max_length=200, blank=True)
    entered_at = models.DateTimeField("登记时间", auto_now_add=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = EditorQuerySet["ShareEntry"].as_manager()

    class Meta:
        verbose_name = "股权登记"
        verbose_name_plural = "股权登记"
        ordering = ["cooperative_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "seq"], name="coop_entry_seq_once")]

    def __str__(self) -> str:
        return f"{self.cooperative}第{self.seq}号股权登记"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DomainError("股权登记簿只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("股权登记簿只能追加，不能删除")


class Asset(TimeStamped):
    """What a cooperative bought with its capital and leases out (seed 000: 15 运输车 rented to the
    quarry company at 15 % of their price a year, to be taken over after three years)."""

    cooperative = models.ForeignKey(Cooperative, verbose_name="合作社", on_delete=models.PROTECT,
                                    related_name="assets")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    name = models.CharField("资产", max_length=50)
    count = models.PositiveIntegerField("数量", default=1)
    price = models.BigIntegerField("总价（分）")
    bought_on = models.DateField("购置日期")
    lessee = models.CharField("承租单位", max_length=100, blank=True)
    rent_rate_bp = models.PositiveIntegerField("年租金比例（万分之）", null=True, blank=True)
    lease_years = models.PositiveSmallIntegerField("租期（年）", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = SubtreeQuerySet["Asset"].as_manager()

    class Meta:
        verbose_name = "合作社资产"
        verbose_name_plural = "合作社资产"
        ordering = ["cooperative_id", "bought_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(price__gt=0), name="coop_asset_price_positive")]

    def __str__(self) -> str:
        return f"{self.cooperative}{self.name}{self.count}"

    @property
    def yearly_rent(self) -> int | None:
        return rules.rent_of(self.price, self.rent_rate_bp) if self.rent_rate_bp else None

    @property
    def rate_text(self) -> str:
        return f"{self.rent_rate_bp / 100:g}%" if self.rent_rate_bp else ""


class CoopIncome(TimeStamped):
    """Income of a cooperative (seed 000: the trucks' yearly rent)."""

    cooperative = models.ForeignKey(Cooperative, verbose_name="合作社", on_delete=models.PROTECT,
                                    related_name="incomes")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField("所属年度")
    on = models.DateField("收入日期")
    kind = models.CharField("收入类别", max_length=20, choices=CoopIncomeKind.choices)
    amount = models.BigIntegerField("金额（分）")
    payer = models.CharField("付款单位", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["CoopIncome"].as_manager()

    class Meta:
        verbose_name = "合作社收入"
        verbose_name_plural = "合作社收入"
        ordering = ["cooperative_id", "-on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="coop_income_positive")]

    def __str__(self) -> str:
        return f"{self.cooperative}{self.year}年{self.get_kind_display()}"


class Dividend(TimeStamped):
    """A dividend of a year's income, per share at the record date (股权登记日)."""

    cooperative = models.ForeignKey(Cooperative, verbose_name="合作社", on_delete=models.PROTECT,
                                    related_name="dividends")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField("所属年度")
    record_on = models.DateField("股权登记日")
    paid_on = models.DateField("分红日期")
    per_share = models.BigIntegerField("每股分红（分）", null=True, blank=True)
    total = models.BigIntegerField("分红总额（分）")
    shares = models.PositiveIntegerField("参与分红股数")
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Dividend"].as_manager()

    class Meta:
        verbose_name = "分红"
        verbose_name_plural = "分红"
        ordering = ["cooperative_id", "-year", "-id"]

    def __str__(self) -> str:
        return f"{self.cooperative}{self.year}年分红"

    @property
    def per_share_text(self) -> str:
        return rules.per_share_text(self.total, self.shares)


class DividendLine(models.Model):
    dividend = models.ForeignKey(Dividend, verbose_name="分红", on_delete=models.CASCADE, related_name="lines")
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    shares = models.PositiveIntegerField("股数")
    amount = models.BigIntegerField("分红（分）")

    class Meta:
        verbose_name = "分红明细"
        verbose_name_plural = "分红明细"
        ordering = ["dividend_id", "id"]
        constraints = [models.UniqueConstraint(fields=["dividend", "household"], name="coop_dividend_line_once")]


class Installment(TimeStamped):
    """One installment of the principal schedule (seed 000: the price back after three years)."""

    cooperative = models.ForeignKey(Cooperative, verbose_name="合作社", on_delete=models.PROTECT,
                                    related_name="installments")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    due_on = models.DateField("应还日期")
    percent = models.PositiveSmallIntegerField("还本比例（%）")
    paid_on = models.DateField("实还日期", null=True, blank=True)
    amount = models.BigIntegerField("还本金额（分）", default=0)

    objects = SubtreeQuerySet["Installment"].as_manager()

    class Meta:
        verbose_name = "还本计划"
        verbose_name_plural = "还本计划"
        ordering = ["cooperative_id", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.cooperative}{self.due_on}还本{self.percent}%"


class Repayment(models.Model):
    installment = models.ForeignKey(Installment, verbose_name="还本", on_delete=models.CASCADE, related_name="lines")
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField("还本（分）")

    class Meta:
        verbose_name = "还本明细"
        verbose_name_plural = "还本明细"
        ordering = ["installment_id", "id"]


# ----------------------------------------------------------------------------- collective economy


class VillageProfile(TimeStamped):
    """A village's collective assets and the figures of the 空壳村 test, as of a year."""

    organization = models.ForeignKey(Organization, verbose_name="村级党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    land_mu = mu("集体土地（亩）")
    land_taken_mu = mu("已征用或使用（亩）")
    forest_mu = mu("集体山林（亩）")
    economic_forest_mu = mu("高效经济林（亩）")
    yield_forest_mu = mu("高效丰产林（亩）")
    population = models.PositiveIntegerField("户籍人口", null=True, blank=True)
    converted = models.PositiveIntegerField("农转非人数", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["VillageProfile"].as_manager()

    class Meta:
        verbose_name = "村集体资产"
        verbose_name_plural = "村集体资产"
        ordering = ["org_path", "-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="village_profile_once")]

    def __str__(self) -> str:
        return f"{self.organization}{self.year}年集体资产"


class CollectiveEntry(TimeStamped):
    """One item of a village's collective income (or spending) of a year, by source."""

    organization = models.ForeignKey(Organization, verbose_name="村级党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField("所属年度")
    on = models.DateField("日期")  # the event date; created_at is the entry date
    source = models.CharField("来源", max_length=20, choices=CollectiveSource.choices)
    amount = models.BigIntegerField("金额（分）")
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["CollectiveEntry"].as_manager()

    class Meta:
        verbose_name = "村集体收支"
        verbose_name_plural = "村集体收支"
        ordering = ["org_path", "-year", "-on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="collective_amount_positive")]
        indexes = [models.Index(fields=["year", "org_path"], name="collective_year_path")]

    def __str__(self) -> str:
        return f"{self.organization}{self.year}年{self.get_source_display()}"

    @property
    def is_expense(self) -> bool:
        return rules.is_expense(self.source)


class EconomyRuleVersion(TimeStamped):
    """A county's (or township's) own targets and 空壳村 test from a date (rules.EconomyRule);
    without one, `rules.DEFAULT_RULES` apply."""

    organization = models.ForeignKey(Organization, verbose_name="制定单位", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    valid_from = models.DateField("施行日期")
    label = models.CharField("名称", max_length=100)
    economic_forest_min_mu = models.DecimalField("高效经济林目标（亩）", max_digits=10, decimal_places=2, default=100)
    yield_forest_min_mu = models.DecimalField("高效丰产林目标（亩）", max_digits=10, decimal_places=2, default=500)
    net_income_min = models.BigIntegerField("年纯收入目标（分，超过）", default=5_000_000)
    shell_no_income = models.BooleanField("无集体经济收入为空壳村", default=True)
    shell_land_pct = models.PositiveSmallIntegerField("土地征用比例（%）", null=True, blank=True)
    shell_converted_pct = models.PositiveSmallIntegerField("农转非比例（%）", null=True, blank=True)
    cite = models.CharField("依据", max_length=200, blank=True)

    objects = SubtreeQuerySet["EconomyRuleVersion"].as_manager()

    class Meta:
        verbose_name = "集体经济目标与空壳村标准"
        verbose_name_plural = "集体经济目标与空壳村标准"
        ordering = ["org_path", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["organization", "valid_from"], name="economy_rule_once")]

    def __str__(self) -> str:
        return self.label

    def as_rule(self) -> rules.EconomyRule:
        return rules.EconomyRule(self.valid_from, self.label, self.economic_forest_min_mu, self.yield_forest_min_mu,
                                 self.net_income_min, self.shell_no_income, self.shell_land_pct,
                                 self.shell_converted_pct, self.cite)  # fmt: skip

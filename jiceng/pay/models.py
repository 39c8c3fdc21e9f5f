"""Village cadre pay (村干部报酬): the township's pay scheme by year, each village's year (the
secretary's base, the assessment score entered by the township with its source), awards, the
payments made from the village's special account (专户), all money in integer fen.

Visibility follows the org tree through the copied tree path (`org_path`): of the township for
schemes, of the village branch for the rest.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from jiceng.core.access import SubtreeQuerySet
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from .rules import CombinedRule


class Scheme(TimeStamped):
    """A township's pay scheme from `year` on (until a scheme of a later year)."""

    organization = models.ForeignKey(Organization, verbose_name="乡镇党委", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField("起始年度")
    title = models.CharField("名称", max_length=100)
    secretary_base = models.BigIntegerField("党支部书记年度基本报酬（分）")
    # {PayPost value: basis points of the secretary's pay}
    shares = models.JSONField("各职务报酬比例（万分比）")
    combined_rule = models.CharField("一肩挑计发办法", max_length=10, choices=CombinedRule.choices)
    combined_share = models.IntegerField("一肩挑加发主任报酬的比例（万分比）", default=0)
    # [[lower bound of the score (text), coefficient in basis points], …] highest first
    bands = models.JSONField("考核系数表")
    note = models.CharField("依据", max_length=200, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Scheme"].as_manager()

    class Meta:
        verbose_name = "村干部报酬方案"
        verbose_name_plural = "村干部报酬方案"
        ordering = ["org_path", "-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="pay_scheme_one_per_year")]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.year}年起村干部报酬方案"


class VillageYear(TimeStamped):
    """A village's pay year: the secretary's base (default the scheme's) and the year's score."""

    organization = models.ForeignKey(Organization, verbose_name="村党组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    secretary_base = models.BigIntegerField("党支部书记年度基本报酬（分）", null=True, blank=True)
    score = models.DecimalField("考核得分", max_digits=4, decimal_places=1, null=True, blank=True)
    score_source = models.CharField("得分来源", max_length=200, blank=True)
    score_entered_by = models.CharField("得分录入人", max_length=50, blank=True)

    objects = SubtreeQuerySet["VillageYear"].as_manager()

    class Meta:
        verbose_name = "村干部年度报酬"
        verbose_name_plural = "村干部年度报酬"
        ordering = ["org_path", "-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="pay_village_one_per_year")]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.year}年村干部报酬"


class Award(TimeStamped):
    """单项工作奖 (seed 001) or another award added to a cadre's pay of the year."""

    village_year = models.ForeignKey(VillageYear, verbose_name="年度", on_delete=models.CASCADE, related_name="awards")
    org_path = models.CharField(max_length=255, editable=False)
    person = models.ForeignKey(Person, verbose_name="获奖人", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("奖项", max_length=100)
    amount = models.BigIntegerField("金额（分）")
    awarded_on = models.DateField("决定日期")
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Award"].as_manager()

    class Meta:
        verbose_name = "单项工作奖"
        verbose_name_plural = "单项工作奖"
        ordering = ["awarded_on", "id"]

    def __str__(self) -> str:
        return f"{self.person.name}{self.title}"


class Payment(models.Model):
    """Pay handed over from the special account: date, amount, to whom."""

    village_year = models.ForeignKey(
        VillageYear, verbose_name="年度", on_delete=models.CASCADE, related_name="payments"
    )
    org_path = models.CharField(max_length=255, editable=False)
    person = models.ForeignKey(Person, verbose_name="领取人", on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField("金额（分）")
    paid_on = models.DateField("发放日期")
    entered_at = models.DateTimeField("登记时间", auto_now_add=True)
    voucher = models.CharField("凭证号", max_length=40, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Payment"].as_manager()

    class Meta:
        verbose_name = "报酬发放"
        verbose_name_plural = "报酬发放"
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.person.name}{self.paid_on:%Y年%m月%d日}报酬发放"

    @property
    def gap_days(self) -> int:
        from jiceng.core.dates import entry_gap_days

        return entry_gap_days(self.paid_on, timezone.localdate(self.entered_at)) if self.entered_at else 0


class SpecialAccount(TimeStamped):
    """The village's special account for cadre pay (seed 001: "乡财政所为每个村设立专帐，统一管理")."""

    organization = models.OneToOneField(Organization, verbose_name="村党组织", on_delete=models.PROTECT,
                                        related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    name = models.CharField("账户名称", max_length=100)
    bank = models.CharField("开户银行", max_length=100, blank=True)
    number = models.CharField("账号", max_length=40, blank=True)
    managed_by = models.CharField("管理单位", max_length=100, blank=True, default="乡镇财政所")
    opened_on = models.DateField("设立日期", null=True, blank=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["SpecialAccount"].as_manager()

    class Meta:
        verbose_name = "村干部报酬专户"
        verbose_name_plural = "村干部报酬专户"

    def __str__(self) -> str:
        return self.name

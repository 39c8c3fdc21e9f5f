"""党务公开、村务公开、财务公开: publications of a village (or township), the county's rules of how
often each section is published (versioned by date), the township's spot checks of the boards,
and the decision procedures (惠农政策事项, 村民自治事项, 四议两公开) as cases on `core.engine`.

Money is integer fen. A publication is a draft until it is published (its date never in the
future); from then it stays on the public board for `days` days and in the monthly archive.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q

from jiceng.core.access import in_user_subtree
from jiceng.core.actor import Actor
from jiceng.core.engine import WorkflowCase
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization

from . import rules
from .rules import Section


class PublicationQuerySet(models.QuerySet["Publication"]):
    def visible_to(self, user: Any) -> PublicationQuerySet:
        return in_user_subtree(self, user)

    def published(self) -> PublicationQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def on_board(self, today: dt.date) -> PublicationQuerySet:
        """Published and still up on `today`."""
        return self.published().filter(published_on__lte=today, shown_until__gte=today)


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"


class Publication(TimeStamped):
    organization = models.ForeignKey(Organization, verbose_name="公开单位", on_delete=models.PROTECT,
                                     related_name="publications")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    section = models.CharField("公开栏目", max_length=20, choices=Section.choices)
    category = models.CharField("公开类别", max_length=30)
    title = models.CharField("标题", max_length=200)
    period_start = models.DateField("公开内容所属期间（起）")
    period_end = models.DateField("公开内容所属期间（止）")
    body = models.TextField("公开内容", blank=True)
    income_total = models.BigIntegerField("收入合计（分）", null=True, blank=True)
    expense_total = models.BigIntegerField("支出合计（分）", null=True, blank=True)
    days = models.PositiveSmallIntegerField("公开天数", default=rules.DEFAULT_DAYS)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("公开日期", null=True, blank=True)
    shown_until = models.DateField("公开至", null=True, blank=True, editable=False)
    published_at = models.DateTimeField("公开录入时间", null=True, blank=True, editable=False)
    # Names of the people concerned, for the privacy check only: never shown on any public page.
    concerned = models.CharField("涉及群众姓名（仅用于核对，不公开）", max_length=500, blank=True)
    source_ref = models.CharField("来源", max_length=64, blank=True)  # e.g. "openness.procedure:3"
    created_by_name = models.CharField("登记人", max_length=150, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "公开事项"
        verbose_name_plural = "公开事项"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "published_on"], name="pub_board"),
            # the boards as they stand: few rows are still up (a township's board reads its subtree's)
            models.Index(fields=["shown_until"], condition=Q(status="published"), name="pub_still_up"),
            models.Index(fields=["published_on"], condition=Q(status="published"), name="pub_month"),
            models.Index(fields=["org_path", "section", "period_end"], name="pub_subtree_section"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="pub_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finance(self) -> bool:
        return self.section == Section.FINANCE

    @property
    def category_label(self) -> str:
        return rules.category_label(self.section, self.category)

    def lines_of(self, kind: str) -> list[FinanceLine]:
        return [line for line in self.lines.all() if line.kind == kind]

    @property
    def income_lines(self) -> list[FinanceLine]:
        return self.lines_of(rules.INCOME)

    @property
    def expense_lines(self) -> list[FinanceLine]:
        return self.lines_of(rules.EXPENSE)


class FinanceLine(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField("收支", max_length=10, choices=[(rules.INCOME, "收入"), (rules.EXPENSE, "支出")])
    item = models.CharField("项目", max_length=200)
    amount = models.BigIntegerField("金额（分）")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "收支明细"
        verbose_name_plural = "收支明细"
        ordering = ["kind", "position", "id"]


class Attachment(TimeStamped):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="openness/%Y/%m/")
    caption = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "公开附件"
        verbose_name_plural = "公开附件"
        ordering = ["id"]


class CountyRule(TimeStamped):
    """A county's own cadence of the three sections from `valid_from` on (组织法 Art. 30 is the
    floor; a county may ask for more). No row: the built-in rules (`rules.BUILT_IN`)."""

    county = models.ForeignKey(Organization, verbose_name="县（市、区）委", on_delete=models.CASCADE,
                               related_name="+")  # fmt: skip
    valid_from = models.DateField("施行日期")
    party_months = models.PositiveSmallIntegerField("党务公开周期（月）", default=3)
    village_months = models.PositiveSmallIntegerField("村务公开周期（月）", default=3)
    finance_months = models.PositiveSmallIntegerField("财务公开周期（月）", default=1)
    grace_days = models.PositiveSmallIntegerField("期满后公开期限（日）", default=10)

    class Meta:
        verbose_name = "公开周期规则"
        verbose_name_plural = "公开周期规则"
        ordering = ["county", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["county", "valid_from"], name="openness_rule_once")]

    def ruleset(self) -> rules.RuleSet:
        return rules.RuleSet(self.valid_from, {Section.PARTY: self.party_months, Section.VILLAGE: self.village_months,
                                               Section.FINANCE: self.finance_months}, self.grace_days,
                             "县级规定")  # fmt: skip


class SpotCheckQuerySet(models.QuerySet["SpotCheck"]):
    def visible_to(self, user: Any) -> SpotCheckQuerySet:
        return in_user_subtree(self, user)


class SpotCheck(TimeStamped):
    """A township department's check of a village's boards (seed 004: 镇纪委、党群办、经管中心、
    社区管理办公室 定期抽查): what was found, the deadline to put it right, and when it was."""

    organization = models.ForeignKey(Organization, verbose_name="被检查村", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    checked_on = models.DateField("检查日期")
    checker = models.CharField("检查部门", max_length=30, choices=rules.Checker.choices)
    checker_names = models.CharField("检查人", max_length=100, blank=True)
    findings = models.TextField("发现问题")
    deadline = models.DateField("整改期限", null=True, blank=True)
    done_on = models.DateField("整改完成日期", null=True, blank=True)
    done_note = models.CharField("整改情况", max_length=500, blank=True)

    objects = SpotCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "公开栏抽查"
        verbose_name_plural = "公开栏抽查"
        ordering = ["-checked_on", "-id"]

    def overdue(self, today: dt.date) -> bool:
        return self.done_on is None and self.deadline is not None and today > self.deadline


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def visible_to(self, user: Any) -> ProcedureQuerySet:
        return in_user_subtree(self, user)


class Procedure(WorkflowCase, TimeStamped):
    """A matter decided by a procedure (seed 002; 四议两公开): its steps are the engine's states,
    its meetings are linked from the meetings app, its publications are board items."""

    STATE_FIELD = "step"
    SINCE_FIELD = "step_on"

    organization = models.ForeignKey(Organization, verbose_name="村党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField("程序", max_length=20, choices=rules.ProcedureKind.choices)
    title = models.CharField("事项", max_length=200)
    started_on = models.DateField("提出日期")
    step = models.CharField("当前环节", max_length=40)
    step_on = models.DateField("当前环节开始日期")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "决策程序事项"
        verbose_name_plural = "决策程序事项"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def workflow_code(self) -> str:
        return f"openness.{self.kind}"

    def workflow_roles(self, actor: Actor) -> set[str]:
        roles = set()
        if actor.has_perm("openness.change_procedure", self):
            roles.add("village")
        if actor.has_perm("openness.approve_procedure", self):
            roles.add("township")
        return roles

    def workflow_org(self) -> Any:
        return self.organization

    @property
    def finished(self) -> bool:
        return self.state_obj.final

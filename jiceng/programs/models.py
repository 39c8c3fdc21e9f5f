"""党员创业示范工程 (seed 002): the county program, each demonstrator's file (a case on
`core.engine`), the loan and its interest subsidies per period, the 《帮扶承诺书》, the households
helped, the follow-up visits and the annual reviews; training bases linked to training sessions.
Money in integer fen.

A file names a person and a loan (credit data): editors of its subtree see it; everyone of
the county sees the program and its figures (no names).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q

from jiceng.core.access import in_user_subtree, user_org
from jiceng.core.actor import Actor
from jiceng.core.calendar import ancestor_paths
from jiceng.core.engine import WorkflowCase
from jiceng.core.models import TimeStamped
from jiceng.core.permissions import is_editor
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import flow, rules
from .rules import Industry, Repayment, ReviewDecision


class ProgramQuerySet(models.QuerySet["Program"]):
    def visible_to(self, user: Any) -> ProgramQuerySet:
        """The programs of the user's county (above the user's organization) or of its subtree."""
        org = user_org(user)
        if org is None:
            return self.none()
        return self.filter(Q(org_path__in=ancestor_paths(org.path, Organization.steplen))
                           | Q(org_path__startswith=org.path))  # fmt: skip


class EditorQuerySet[M: models.Model](models.QuerySet[M]):
    def visible_to(self, user: Any) -> EditorQuerySet[M]:
        """Rows naming a person's loan: editors of the subtree only."""
        return in_user_subtree(self, user) if is_editor(user) else self.none()


class Program(TimeStamped):
    """The county's 农村党员创业示范工程: leading group, fund, partner bank, loan range, subsidy."""

    organization = models.ForeignKey(Organization, verbose_name="实施党委", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField("名称", max_length=100)
    started_on = models.DateField("实施日期")
    leading_group = models.TextField("领导小组及成员单位")
    fund_account = models.CharField("帮扶资金专帐", max_length=100, help_text="如：县扶贫办专帐")
    fund_budget = models.BigIntegerField("帮扶资金预算（分）", default=0)
    bank = models.CharField("合作银行", max_length=100)
    loan_min = models.PositiveIntegerField("每人贷款下限（分）", default=3_000_000)
    loan_max = models.PositiveIntegerField("每人贷款上限（分）", default=5_000_000)
    subsidy_share = models.DecimalField("贴息比例（%）", max_digits=5, decimal_places=2, default=Decimal("100"))
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = "党员创业示范工程"
        verbose_name_plural = "党员创业示范工程"
        ordering = ["org_path", "-started_on"]

    def __str__(self) -> str:
        return self.name


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """Names a person and a loan: editors of the subtree only."""
        return in_user_subtree(self, user) if is_editor(user) else self.none()

    def demonstrators(self) -> ApplicationQuerySet:
        return self.filter(state__in=flow.DEMONSTRATOR)


class Application(WorkflowCase, TimeStamped):
    STATE_FIELD = "state"
    SINCE_FIELD = "state_on"
    WORKFLOW_CODE = flow.CODE

    program = models.ForeignKey(Program, verbose_name="工程", on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(Person, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name="所在党支部", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    category = models.CharField("申请时身份", max_length=20)
    project = models.CharField("创业项目", max_length=200)
    industry = models.CharField("产业", max_length=20, choices=Industry.choices)
    scale = models.CharField("种养规模", max_length=100, blank=True)
    criteria = models.JSONField("帮扶条件", default=dict)
    applied_on = models.DateField("申请日期")
    state = models.CharField("当前环节", max_length=20)
    state_on = models.DateField("当前环节日期")
    evaluator = models.CharField("考察评估专员", max_length=50, blank=True)
    evaluated_on = models.DateField("考察日期", null=True, blank=True)
    feasible = models.BooleanField("项目可行", null=True, blank=True)
    evaluation = models.CharField("考察评估意见", max_length=500, blank=True)
    designated = models.CharField("跟踪落实责任人", max_length=50, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "创业示范帮扶档案"
        verbose_name_plural = "创业示范帮扶档案"
        ordering = ["org_path", "applied_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], condition=~Q(state__in=flow.FINAL),
                                    name="programs_one_open_application"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.person.name}的创业示范帮扶档案"

    def workflow_roles(self, actor: Actor) -> set[str]:
        roles = set()
        if actor.has_perm("programs.change_application", self):
            roles.add("branch")
        if actor.has_perm("programs.decide_application", self):
            roles.add("county")
        return roles

    def workflow_org(self) -> Any:
        return self.organization

    @property
    def open(self) -> bool:
        return self.state not in flow.FINAL

    def help_mode(self, count: int) -> str:
        """一对一 with one household helped, 一对多 with more (seed 002 "一对一""一对多"结对帮扶)."""
        return "" if not count else (rules.HelpMode.ONE.label if count == 1 else rules.HelpMode.MANY.label)

    @property
    def checked(self) -> list[tuple[str, bool]]:
        return [(label, bool(self.criteria.get(key))) for key, label in rules.CRITERIA]


class Loan(TimeStamped):
    """The bank's loan to a demonstrator (贴息贷款): amount within the program's range."""

    application = models.OneToOneField(Application, verbose_name="帮扶档案", on_delete=models.PROTECT,
                                       related_name="loan")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    amount = models.PositiveIntegerField("贷款金额（分）")
    bank = models.CharField("贷款银行", max_length=100)
    lent_on = models.DateField("发放日期")
    term_months = models.PositiveSmallIntegerField("期限（月）")
    rate = models.DecimalField("年利率（%）", max_digits=6, decimal_places=3)
    periods_per_year = models.PositiveSmallIntegerField("还款周期（每年期数）", default=4)
    method = models.CharField("还款方式", max_length=20, choices=Repayment.choices, default=Repayment.INTEREST_ONLY)
    subsidy_share = models.DecimalField("贴息比例（%）", max_digits=5, decimal_places=2)
    repaid_on = models.DateField("还清日期", null=True, blank=True)

    objects = EditorQuerySet["Loan"].as_manager()

    class Meta:
        verbose_name = "贴息贷款"
        verbose_name_plural = "贴息贷款"

    def __str__(self) -> str:
        return f"{self.application.person.name}的贷款"

    def schedule(self) -> list[rules.Period]:
        return rules.schedule(self.amount, self.lent_on, self.term_months, self.periods_per_year, self.rate,
                              self.subsidy_share, self.method)  # fmt: skip

    @property
    def matures_on(self) -> dt.date:
        return rules.maturity(self.lent_on, self.term_months)

    def overdue(self, today: dt.date) -> bool:
        return rules.is_overdue(self.lent_on, self.term_months, self.repaid_on, today)


class Subsidy(TimeStamped):
    """The interest subsidy of one period of a loan, as computed by `rules.schedule` (exact fen)."""

    loan = models.ForeignKey(Loan, verbose_name="贷款", on_delete=models.PROTECT, related_name="subsidies")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    period = models.PositiveSmallIntegerField("期次")
    starts_on = models.DateField("计息开始")
    ends_on = models.DateField("计息结束（不含）")
    interest = models.PositiveIntegerField("当期利息（分）")
    amount = models.PositiveIntegerField("贴息金额（分）")
    paid_on = models.DateField("拨付日期")

    class Meta:
        verbose_name = "贴息"
        verbose_name_plural = "贴息"
        ordering = ["loan", "period"]
        constraints = [models.UniqueConstraint(fields=["loan", "period"], name="programs_subsidy_once")]


class Commitment(TimeStamped):
    """The signed 《帮扶承诺书》 with its four commitments (`rules.COMMITMENTS`)."""

    application = models.OneToOneField(Application, verbose_name="帮扶档案", on_delete=models.PROTECT,
                                       related_name="commitment")  # fmt: skip
    signed_on = models.DateField("签订日期")
    commitments = models.JSONField("承诺事项", default=list)

    class Meta:
        verbose_name = "帮扶承诺书"
        verbose_name_plural = "帮扶承诺书"


class Helped(TimeStamped):
    """A household a demonstrator helps (一对一、一对多结对帮扶), kept in this app."""

    application = models.ForeignKey(Application, verbose_name="帮扶档案", on_delete=models.CASCADE,
                                    related_name="helped")  # fmt: skip
    household = models.ForeignKey(Household, verbose_name="帮带农户", on_delete=models.PROTECT, related_name="+")
    since = models.DateField("结对日期")
    help = models.CharField("帮带内容", max_length=200)

    class Meta:
        verbose_name = "帮带农户"
        verbose_name_plural = "帮带农户"
        constraints = [models.UniqueConstraint(fields=["application", "household"], name="programs_helped_once")]


class FollowUp(TimeStamped):
    """A follow-up visit by the designated person: how the commitments are kept, villagers' opinions."""

    application = models.ForeignKey(Application, verbose_name="帮扶档案", on_delete=models.CASCADE,
                                    related_name="followups")  # fmt: skip
    visited_on = models.DateField("回访日期")
    visitor = models.CharField("回访人", max_length=50)
    findings = models.TextField("生产和带动群众情况")
    opinions = models.TextField("村民评议和意见")

    class Meta:
        verbose_name = "跟踪回访"
        verbose_name_plural = "跟踪回访"
        ordering = ["application", "visited_on", "id"]


class Review(TimeStamped):
    """The year-end evaluation (年终评估考核): continue to support, or cancel (取消帮扶资格)."""

    application = models.ForeignKey(Application, verbose_name="帮扶档案", on_delete=models.CASCADE,
                                    related_name="reviews")  # fmt: skip
    year = models.PositiveSmallIntegerField("年度")
    reviewed_on = models.DateField("评估日期")
    decision = models.CharField("评估结论", max_length=20, choices=ReviewDecision.choices)
    reason = models.CharField("评估意见", max_length=500)
    reviewer = models.CharField("评估人", max_length=50)

    class Meta:
        verbose_name = "年度评估"
        verbose_name_plural = "年度评估"
        ordering = ["application", "year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="programs_review_once_a_year")]


class TrainingBase(TimeStamped):
    """A 农村党员教育培训基地 in a demonstrator's village (seed 002 (三)); its classes are training
    sessions of the training app, linked, not entered again."""

    program = models.ForeignKey(Program, verbose_name="工程", on_delete=models.PROTECT, related_name="bases")
    organization = models.ForeignKey(Organization, verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField("基地名称", max_length=100)
    industry = models.CharField("产业", max_length=20, choices=Industry.choices)
    sessions = models.ManyToManyField("training.Session", verbose_name="培训班", blank=True, related_name="+")

    objects = EditorQuerySet["TrainingBase"].as_manager()

    class Meta:
        verbose_name = "农村党员教育培训基地"
        verbose_name_plural = "农村党员教育培训基地"
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="programs_base_unique_name")]

    def __str__(self) -> str:
        return self.name

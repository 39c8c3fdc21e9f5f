"""Assessment schemes (data: an indicator tree, versioned, frozen once scored), daily entries
(台账日记法), target letters (目标责任书), rounds with their reviewers' scores, 述职 and results,
and duty quotas with hand-entered evidence. Figures come from the metrics other apps register
(`core.registry`); this app imports no domain app."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiceng.core.access import in_user_subtree
from jiceng.core.engine import WorkflowCase
from jiceng.core.models import TimeStamped
from jiceng.core.permissions import is_editor, is_officer
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules


class OfficerQuerySet[M: models.Model](models.QuerySet[M]):
    """Schemes, rounds, quotas: the officers of the owning organization's subtree (and above)."""

    def visible_to(self, user: Any) -> OfficerQuerySet[M]:
        if not is_officer(user):
            return self.none()
        return in_user_subtree(self, user)


class Scheme(TimeStamped):
    owner = models.ForeignKey(Organization, verbose_name="制定单位", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    code = models.CharField("方案编号", max_length=30)
    version = models.PositiveSmallIntegerField("版本", default=1)
    name = models.CharField("方案名称", max_length=100)
    subject = models.CharField("考核对象", max_length=10, choices=list(rules.SUBJECTS.items()))
    mode = models.CharField("计分方式", max_length=10, choices=list(rules.MODES.items()))
    period = models.CharField("考核周期", max_length=10, choices=list(rules.PERIODS.items()), default="year")
    tree = models.JSONField("指标体系", default=list)
    outcomes = models.JSONField("评定规则", default=dict)
    based_on = models.CharField("来源模板", max_length=30, blank=True)
    source = models.CharField("依据", max_length=300, blank=True)
    frozen_at = models.DateTimeField("冻结时间（已用于评分）", null=True, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        constraints = [models.UniqueConstraint(fields=["owner", "code", "version"], name="scheme_version_unique")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"

    @cached_property
    def categories(self) -> tuple[rules.Category, ...]:
        """The tree as stored (checked when saved; metrics are not looked up again here)."""
        from jiceng.core.registry import metrics

        known = {m.key: m.subject for m in metrics()}
        for category in self.tree:  # a metric unregistered since: shown, scored as no data
            for i in category.get("indicators", []):
                if i.get("metric") and i["metric"] not in known:
                    known[i["metric"]] = "organization" if self.subject == "village" else "person"
        return rules.parse_tree(self.mode, self.tree, known, self.subject)

    @property
    def indicators(self) -> dict[str, rules.Indicator]:
        return rules.indicators(self.categories)

    @property
    def total(self) -> Any:
        return rules.total_points(self.categories)


class DiaryEntry(TimeStamped):
    """台账日记法 (seed 001): a dated event of the year with its points, for one village or person."""

    owner = models.ForeignKey(Organization, verbose_name="制定单位", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    scheme_code = models.CharField("方案编号", max_length=30)
    indicator = models.CharField("指标", max_length=30)
    subject_ref = models.CharField("考核对象", max_length=60)
    subject_name = models.CharField("考核对象", max_length=100)
    on = models.DateField("日期")
    description = models.CharField("事项", max_length=300)
    points = models.DecimalField("加减分", max_digits=6, decimal_places=2)
    entered_by = models.CharField("登记人", max_length=150, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = "台账日记"
        verbose_name_plural = "台账日记"
        indexes = [models.Index(fields=["owner", "scheme_code", "on"], name="diary_scheme_on")]


class TargetQuerySet(models.QuerySet["TargetLetter"]):
    def visible_to(self, user: Any) -> TargetQuerySet:
        """The village's own letter is shown to its people; officers see their subtree."""
        return in_user_subtree(self, user)


class TargetLetter(TimeStamped):
    """目标责任书 (seed 001: 乡党委3月份与各村签订): a village's targets of the year for a scheme."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.PROTECT, related_name="targets")
    organization = models.ForeignKey(Organization, verbose_name="村党组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    signed_on = models.DateField("签订日期")
    signed_by = models.CharField("签订人", max_length=200)
    targets = models.JSONField("目标值", default=dict)  # indicator code → target value (a string)
    note = models.CharField("说明", max_length=300, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "目标责任书"
        verbose_name_plural = "目标责任书"
        constraints = [models.UniqueConstraint(fields=["scheme", "organization", "year"], name="target_once")]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.year}年目标责任书"


ROUND_FLOW: dict[str, Any] = {
    "title": "考核",
    "states": [
        {"key": "draft", "label": "评审中"},
        {"key": "scored", "label": "已计分"},
        {"key": "publicity", "label": "结果公示", "step": "notice"},
        {"key": "final", "label": "结果确定", "final": True, "outcome": "final"},
    ],
    "initial": "draft",
    "transitions": [
        {"from": "draft", "to": "scored", "label": "计分", "roles": ["manager"]},
        {"from": "scored", "to": "publicity", "label": "公示结果", "roles": ["manager"]},
        {"from": "publicity", "to": "final", "label": "确定结果", "roles": ["manager"]},
    ],
}
ROUND_ROLES = {"manager": "乡镇及以上组织工作人员"}


class Round(WorkflowCase, TimeStamped):
    STATE_FIELD = "state"
    WORKFLOW_CODE = "assessments.round"

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.PROTECT, related_name="rounds")
    organization = models.ForeignKey(Organization, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("周期", max_length=10, choices=list(rules.PERIODS.items()))
    number = models.PositiveSmallIntegerField("第几期", default=1)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    state = models.CharField("状态", max_length=20, default="draft")
    scored_at = models.DateTimeField("计分时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = "考核"
        verbose_name_plural = "考核"
        constraints = [models.UniqueConstraint(fields=["scheme", "organization", "year", "period", "number"],
                                               name="round_once")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.organization.name}{self.label}{self.scheme.name}"

    @property
    def label(self) -> str:
        return rules.period_label(self.period, self.year, self.number)

    def workflow_roles(self, actor: Any) -> set[str]:
        return {"manager"} if actor.has_perm("assessments.manage_org", self.organization) else set()

    def workflow_org(self) -> Organization:
        return self.organization


class ReviewScore(TimeStamped):
    """A reviewer's score of a qualitative indicator for one subject (评审打分, with the rubric)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reviews")
    subject_ref = models.CharField("考核对象", max_length=60)
    indicator = models.CharField("指标", max_length=30)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评审人", on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    reviewer_name = models.CharField("评审人", max_length=150)
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    comment = models.CharField("评语", max_length=300, blank=True)

    class Meta:
        verbose_name = "评审打分"
        verbose_name_plural = "评审打分"
        constraints = [models.UniqueConstraint(fields=["round", "subject_ref", "indicator", "reviewer"],
                                               name="review_once")]  # fmt: skip


class Report(TimeStamped):
    """述职 (seed 002: 书记向乡镇党委和本村全体党员述职): who reported, to whom, what was said."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(Organization, verbose_name="村党组织", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="述职人", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    reporter = models.CharField("述职人", max_length=50)
    audience = models.CharField("述职对象", max_length=100)
    reported_on = models.DateField("述职日期")
    text = models.TextField("述职内容")

    class Meta:
        verbose_name = "述职"
        verbose_name_plural = "述职"


class ResultQuerySet(models.QuerySet["Result"]):
    def visible_to(self, user: Any) -> ResultQuerySet:
        """Officers see the results of their subtree; a village's people see their village's, and a
        member of a person's evaluation (十星级) only their own."""
        rows = in_user_subtree(self, user)
        if not is_editor(user):
            own = getattr(user, "person_id", None)
            rows = rows.filter(Q(person__isnull=True) | Q(person_id=own) if own else Q(person__isnull=True))
        return rows


class Result(models.Model):
    """One subject's result of a round: total, 等次, 称号, stars, class; its lines (one per
    indicator, each with the records behind it) kept as computed, so the result never changes."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    subject_ref = models.CharField("考核对象", max_length=60)
    organization = models.ForeignKey(Organization, verbose_name="组织", null=True, on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    person = models.ForeignKey(Person, verbose_name="人员", null=True, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255)  # the village's, or the person's organization's
    name = models.CharField("名称", max_length=100)
    score = models.DecimalField("得分", max_digits=7, decimal_places=2)
    grade = models.CharField("等次", max_length=20)
    rating = models.CharField("称号", max_length=50, blank=True)
    stars = models.PositiveSmallIntegerField("星数", null=True, blank=True)
    level = models.CharField("档次", max_length=20, blank=True)
    move = models.CharField("升降", max_length=10, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)
    lines = models.JSONField("明细", default=list)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["-score", "name"]
        constraints = [models.UniqueConstraint(fields=["round", "subject_ref"], name="result_once")]
        indexes = [models.Index(fields=["organization", "round"], name="result_org_round")]


class QuotaScheme(TimeStamped):
    """Duty quotas: N of kind K per person of a role per year (三帮四定五联, 五个一)."""

    owner = models.ForeignKey(Organization, verbose_name="制定单位", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    code = models.CharField("编号", max_length=30)
    name = models.CharField("名称", max_length=100)
    items = models.JSONField("任务", default=list)
    source = models.CharField("依据", max_length=300, blank=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = "干部任务定额"
        verbose_name_plural = "干部任务定额"
        constraints = [models.UniqueConstraint(fields=["owner", "code"], name="quota_scheme_unique")]

    def __str__(self) -> str:
        return self.name


class Evidence(TimeStamped):
    """A duty no app records, entered by hand: what was done, when, how many."""

    scheme = models.ForeignKey(QuotaScheme, on_delete=models.CASCADE, related_name="evidence")
    item = models.CharField("任务", max_length=30)
    person = models.ForeignKey(Person, verbose_name="干部", on_delete=models.PROTECT, related_name="+")
    on = models.DateField("日期")
    amount = models.PositiveSmallIntegerField("数量", default=1)
    description = models.CharField("完成情况", max_length=300)
    entered_by = models.CharField("登记人", max_length=150, blank=True)

    class Meta:
        verbose_name = "任务完成情况"
        verbose_name_plural = "任务完成情况"

    @property
    def entry_gap_days(self) -> int:
        return max(0, (timezone.localdate(self.created_at) - self.on).days) if self.created_at else 0


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)

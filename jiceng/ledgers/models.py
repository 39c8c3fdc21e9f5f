"""Ledgers (台账): types as data, items with their event history, business calendar, grids,
households, visits (五访五问), village liaison assignments and the village diary (村情日记).

Every table that belongs to a place copies the tree path of its organization (`org_path`), so
subtree filters and statistics need no join (as people do).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from jiceng.core.access import user_org
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization, Village

from . import rules
from .rules import LiaisonKind, LiaisonLevel, QuotaPeriod, Source, VisitKind


def _role(user: Any) -> str:
    return str(getattr(user, "role", "")) if user_org(user) is not None else ""


def is_officer(user: Any) -> bool:
    return _role(user) in ("county_officer", "township_officer")


def is_editor(user: Any) -> bool:
    return _role(user) in ("county_officer", "township_officer", "village_secretary")


def _ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


class LedgerTypeQuerySet(models.QuerySet["LedgerType"]):
    def visible_to(self, user: Any) -> LedgerTypeQuerySet:
        """Shipped templates, types of the user's own line (ancestors) and of their subtree."""
        org = user_org(user)
        if org is None:
            return self.none()
        return self.filter(
            Q(owner__isnull=True) | Q(owner__path__in=_ancestor_paths(org.path)) | Q(owner__path__startswith=org.path)
        )

    def usable_at(self, org: Organization) -> LedgerTypeQuerySet:
        """Types an item of `org` may use: templates and types owned by `org` or its ancestors."""
        return self.filter(is_active=True).filter(Q(owner__isnull=True) | Q(owner__path__in=_ancestor_paths(org.path)))


class LedgerType(TimeStamped):
    """A kind of ledger: fields, categories, measures and its workflow, all data.

    `owner` empty = a shipped template (read-only, usable everywhere); a township's own types
    (copied from a template or new) belong to its committee and serve its villages.
    """

    owner = models.ForeignKey(
        Organization, verbose_name="所属组织", null=True, blank=True, on_delete=models.PROTECT,
        related_name="ledger_types",
    )  # fmt: skip
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("台账名称", max_length=60)
    noun = models.CharField("事项称谓", max_length=30, help_text="统计语句中的称谓，如“民生问题”")
    categories = models.JSONField("类别", default=list, blank=True)
    measures = models.JSONField("解决措施", default=list, blank=True)
    fields = models.JSONField("附加字段", default=list, blank=True)
    workflow = models.JSONField("流程")
    restricted = models.BooleanField("限制查看", default=False, help_text="只有乡镇及以上工作人员可见，可匿名反映")
    based_on = models.ForeignKey("self", verbose_name="来源模板", null=True, blank=True, on_delete=models.SET_NULL)
    is_active = models.BooleanField("启用", default=True)

    objects = LedgerTypeQuerySet.as_manager()

    class Meta:
        verbose_name = "台账类型"
        verbose_name_plural = "台账类型"
        ordering = ["owner_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="ledgertype_code_unique_per_owner"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(owner__isnull=True), name="ledgertype_template_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_template(self) -> bool:
        return self.owner_id is None

    @cached_property
    def flow(self) -> rules.Workflow:
        return rules.parse_workflow(self.workflow)


class Phase(models.TextChoices):
    """A workflow-independent summary of an item's state, kept for lists and statistics."""

    OPEN = "open", "办理中"
    PAUSED = "paused", "暂缓"
    RESOLVED = "resolved", "已解决"
    CLOSED = "closed", "已办结（未解决）"


class LedgerItemQuerySet(models.QuerySet["LedgerItem"]):
    def visible_to(self, user: Any) -> LedgerItemQuerySet:
        """Officers see their subtree; village secretaries too except restricted ledgers
        (扫黑除恶线索: anonymous reporters); other users only what is assigned to them."""
        org = user_org(user)
        if org is None:
            return self.none()
        items = self.filter(org_path__startswith=org.path)
        if is_officer(user):
            return items
        items = items.filter(restricted=False)
        if is_editor(user):
            return items
        return items.filter(assignee=user)

    def published(self) -> LedgerItemQuerySet:
        return self.filter(published=True, phase=Phase.RESOLVED, restricted=False)

    def overdue_on(self, today: dt.date) -> LedgerItemQuerySet:
        return self.filter(phase=Phase.OPEN, deadline__lt=today)


class LedgerItem(TimeStamped):
    ledger_type = models.ForeignKey(LedgerType, verbose_name="台账", on_delete=models.PROTECT, related_name="items")
    organization = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    village = models.ForeignKey(Village, verbose_name="行政村", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")  # fmt: skip
    grid = models.ForeignKey("Grid", verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="items")  # fmt: skip
    household = models.ForeignKey("Household", verbose_name="农户", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="items")  # fmt: skip
    person = models.ForeignKey("people.Person", verbose_name="当事人（人员库）", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    concerned_name = models.CharField("当事人/农户", max_length=100, blank=True)
    reporter_name = models.CharField("反映人", max_length=50, blank=True)
    anonymous = models.BooleanField("匿名反映", default=False)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.VISIT)
    # Where the item came from in another app, e.g. "meetings.issue:123" (no import of that app).
    source_ref = models.CharField("来源记录", max_length=100, null=True, blank=True, db_index=True)
    visit = models.ForeignKey("Visit", verbose_name="走访记录", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="items")  # fmt: skip
    description = models.TextField("问题描述")
    category = models.CharField("类别", max_length=40, blank=True)
    extra = models.JSONField("附加信息", default=dict, blank=True)
    collected_on = models.DateField("收集日期")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="ledger_items")  # fmt: skip
    status = models.CharField("状态", max_length=30)
    phase = models.CharField("阶段", max_length=10, choices=Phase.choices, default=Phase.OPEN)
    status_since = models.DateField("状态起始日期")
    deadline_start = models.DateField("期限起算日", null=True, blank=True)
    deadline = models.DateField("办理期限", null=True, blank=True)
    paused_on = models.DateField("暂缓日期", null=True, blank=True)
    warned_on = models.DateField("预警日期", null=True, blank=True)
    escalated_on = models.DateField("逾期上报日期", null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField("上报级数", default=0)
    escalated_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上报至", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="escalated_ledger_items")  # fmt: skip
    measures = models.JSONField("已采取措施", default=list, blank=True)
    resolution = models.TextField("处理结果", blank=True)
    resolved_on = models.DateField("解决日期", null=True, blank=True)
    resolve_days = models.PositiveIntegerField("解决用时（天）", null=True, blank=True)
    restricted = models.BooleanField("限制查看", default=False)
    published = models.BooleanField("已公开", default=False)
    public_summary = models.CharField("公开内容", max_length=300, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = LedgerItemQuerySet.as_manager()

    class Meta:
        verbose_name = "台账事项"
        verbose_name_plural = "台账事项"
        ordering = ["-collected_on", "-id"]
        indexes = [
            # The list's order (newest first, scanned backwards; the subtree filter stops after a page).
            models.Index(fields=["collected_on", "id"], name="ledgeritem_list"),
            models.Index(fields=["ledger_type", "collected_on", "id"], name="ledgeritem_type_list"),
            # Statistics read only this index (an index-only scan of the subtree).
            models.Index(
                fields=["org_path", "ledger_type", "phase", "collected_on", "deadline", "resolve_days"],
                name="ledgeritem_stats",
            ),
            models.Index(fields=["phase", "deadline"], name="ledgeritem_phase_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.ledger_type.name}：{self.description[:30]}"

    @property
    def state_label(self) -> str:
        return self.ledger_type.flow.label(self.status)

    def is_overdue(self, today: dt.date) -> bool:
        return rules.is_overdue(self.deadline, today, final=self.phase in (Phase.RESOLVED, Phase.CLOSED),
                                paused=self.phase == Phase.PAUSED)  # fmt: skip


class ItemEvent(models.Model):
    """Append-only history of an item: creation, every transition, warnings and escalations."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)
    on = models.DateField("业务日期")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")  # fmt: skip
    actor_name = models.CharField("办理人", max_length=150, blank=True)
    kind = models.CharField("类型", max_length=20)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    label = models.CharField("事项", max_length=60)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "台账事项记录"
        verbose_name_plural = "台账事项记录"


class CalendarDay(models.Model):
    """An exception to the weekend rule: a holiday (休) or a working weekend day (班, 调休)."""

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", default=False)
    name = models.CharField("名称", max_length=30, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


def load_calendar() -> rules.Calendar:
    rows = list(CalendarDay.objects.values_list("day", "is_workday"))
    return rules.Calendar(
        holidays=frozenset(d for d, work in rows if not work), workdays=frozenset(d for d, work in rows if work)
    )


class PlacedQuerySet[M: models.Model](models.QuerySet[M]):
    def in_subtree(self, user: Any) -> PlacedQuerySet[M]:
        org = user_org(user)
        return self.filter(org_path__startswith=org.path) if org is not None else self.none()


class GridQuerySet(PlacedQuerySet["Grid"]):
    def visible_to(self, user: Any) -> GridQuerySet:
        return self.in_subtree(user)  # type: ignore[return-value]


class Grid(TimeStamped):
    """定人定时定格定责 (seed 004): a grid, its responsible person, visit cycle and duties."""

    organization = models.ForeignKey(Organization, verbose_name="村级党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField("网格名称", max_length=60)
    responsible = models.CharField("网格责任人", max_length=50)
    responsible_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人账户", null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    visit_cycle_days = models.PositiveSmallIntegerField("走访周期（天）", default=30)
    duties = models.TextField("网格职责", blank=True)

    objects = GridQuerySet.as_manager()

    class Meta:
        ordering = ["org_path", "name"]
        verbose_name = "网格"
        verbose_name_plural = "网格"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="grid_unique_name")]

    def __str__(self) -> str:
        return self.name


class HouseholdQuerySet(PlacedQuerySet["Household"]):
    def visible_to(self, user: Any) -> HouseholdQuerySet:
        """Households (personal data): village secretaries and officers of the subtree."""
        return self.in_subtree(user) if is_editor(user) else self.none()  # type: ignore[return-value]


class Household(TimeStamped):
    grid = models.ForeignKey(Grid, verbose_name="网格", on_delete=models.CASCADE, related_name="households")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    head_name = models.CharField("户主", max_length=50)
    address = models.CharField("住址", max_length=100, blank=True)
    size = models.PositiveSmallIntegerField("家庭人口", default=1)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["grid_id", "head_name", "id"]
        verbose_name = "农户"
        verbose_name_plural = "农户"

    def __str__(self) -> str:
        return self.head_name


class VisitQuerySet(PlacedQuerySet["Visit"]):
    def visible_to(self, user: Any) -> VisitQuerySet:
        """Village secretaries and officers of the subtree; everyone sees their own visits."""
        org = user_org(user)
        if org is None:
            return self.none()
        if is_editor(user):
            return self.filter(org_path__startswith=org.path)
        return self.filter(visitor=user)


class Visit(TimeStamped):
    """A 五访五问 visit; what was found may become ledger items."""

    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT,
                                related_name="ledger_visits")  # fmt: skip
    organization = models.ForeignKey(Organization, verbose_name="村级党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    grid = models.ForeignKey(Grid, verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="visits")  # fmt: skip
    household = models.ForeignKey(Household, verbose_name="农户", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="visits")  # fmt: skip
    kind = models.CharField("走访类型", max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField("走访日期")  # the event date; created_at is the entry date
    visitee = models.CharField("走访对象", max_length=50)
    findings = models.TextField("了解情况", blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        indexes = [models.Index(fields=["visitor", "organization", "visited_on"], name="visit_quota")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_kind_display()} {self.visitee}"


class AssignmentQuerySet(PlacedQuerySet["LiaisonAssignment"]):
    def visible_to(self, user: Any) -> AssignmentQuerySet:
        org = user_org(user)
        if org is None:
            return self.none()
        return self.filter(Q(org_path__startswith=org.path) | Q(user=user))

    def current_on(self, day: dt.date) -> AssignmentQuerySet:
        return self.filter(Q(start_on__lte=day), Q(end_on__isnull=True) | Q(end_on__gte=day))


class LiaisonAssignment(TimeStamped):
    """包村/驻村/联片: a township cadre assigned to a village, with a visit quota (seed 000)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="干部", on_delete=models.PROTECT,
                             related_name="liaison_assignments")  # fmt: skip
    organization = models.ForeignKey(Organization, verbose_name="联系村", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField("联系方式", max_length=20, choices=LiaisonKind.choices, default=LiaisonKind.VILLAGE)
    level = models.CharField("干部类别", max_length=20, choices=LiaisonLevel.choices, default=LiaisonLevel.CADRE)
    quota_count = models.PositiveSmallIntegerField("下村次数要求")
    quota_period = models.CharField("周期", max_length=10, choices=QuotaPeriod.choices)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["org_path", "user_id"]
        verbose_name = "包村联系"
        verbose_name_plural = "包村联系"

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.organization}"


class DiaryQuerySet(PlacedQuerySet["DiaryEntry"]):
    def visible_to(self, user: Any) -> DiaryQuerySet:
        """The author, and officers of the village's subtree."""
        org = user_org(user)
        if org is None:
            return self.none()
        if is_officer(user):
            return self.filter(Q(org_path__startswith=org.path) | Q(author=user))
        return self.filter(author=user)


class DiaryEntry(TimeStamped):
    """村情日记 (seed 000): one liaison's notes on the village's economy, team and hot issues."""

    assignment = models.ForeignKey(LiaisonAssignment, verbose_name="包村联系", on_delete=models.CASCADE,
                                   related_name="diary")  # fmt: skip
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    written_on = models.DateField("日期")
    topic = models.CharField("内容类别", max_length=20)
    text = models.TextField("记录内容")

    objects = DiaryQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = "村情日记"
        verbose_name_plural = "村情日记"


KEY_FIELDS = ["scope", "period", "path", "ledger_type", "restricted", "phase", "deadline_month", "resolve_days"]


class LedgerTally(models.Model):
    """The statistics rollup: item counts per place, ledger type and period, kept exact by the
    actions in the same transaction as the item (`rollup.py`; rebuilt by `manage.py ledger_rollup`).

    The rows of `scope` S answer S's statistics: one `path` per child of S (the child's whole
    subtree) and `path` = S for the items of S itself (本级). An item therefore counts once under
    each of its ancestors (and once under its own organization). `period` is 0 (all time), a year
    (2026) or a month (202603) of collection; an open item carries its deadline month (for
    "overdue"), a resolved one its days to resolve (a histogram: medians stay exact). Sentinels
    instead of NULL keep the unique key usable by `INSERT … ON CONFLICT` on every database.
    """

    scope = models.CharField(max_length=255)
    path = models.CharField(max_length=255)  # not `org_path`: an organization move rebuilds, not rewrites
    ledger_type = models.ForeignKey(LedgerType, on_delete=models.CASCADE, related_name="+")
    restricted = models.BooleanField()
    period = models.PositiveIntegerField()
    phase = models.CharField(max_length=10, choices=Phase.choices)
    deadline_month = models.PositiveIntegerField(default=0)  # YYYYMM of an open item's deadline, else 0
    resolve_days = models.IntegerField(default=-1)  # a resolved item's days to resolve, else -1
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "台账统计汇总"
        verbose_name_plural = "台账统计汇总"
        constraints = [
            # Column order serves the reads too: one scope, a few periods.
            models.UniqueConstraint(fields=KEY_FIELDS, name="ledgertally_key"),
        ]

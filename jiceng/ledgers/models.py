"""Ledgers (台账): types as data, items that run the type's workflow on the core engine, village
liaison assignments and the village diary (村情日记). Grids, households and visits live below,
in `jiceng.households`; the items point at them.

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

from jiceng.core import engine
from jiceng.core.access import in_user_subtree, user_org
from jiceng.core.actor import Actor, is_system
from jiceng.core.calendar import ancestor_paths
from jiceng.core.models import TimeStamped, WorkflowDefinition
from jiceng.core.permissions import is_editor, is_officer
from jiceng.core.workflow import Clock, Definition, Move, State
from jiceng.organizations.models import Organization, Village

from . import rules
from .rules import LiaisonKind, LiaisonLevel, QuotaPeriod, Source

__all__ = ["is_editor", "is_officer"]

FAMILY = "ledgers.type"  # each ledger type's workflow is the definition "ledgers.type.<pk>"


def type_code(type_id: int | None) -> str:
    return f"{FAMILY}.{type_id}"


class LedgerTypeQuerySet(models.QuerySet["LedgerType"]):
    def visible_to(self, user: Any) -> LedgerTypeQuerySet:
        """Shipped templates, types of the user's own line (ancestors) and of their subtree."""
        org = user_org(user)
        if org is None:
            return self.none()
        return self.filter(
            Q(owner__isnull=True) | Q(owner__path__in=ancestor_paths(org.path)) | Q(owner__path__startswith=org.path)
        )

    def usable_at(self, org: Organization) -> LedgerTypeQuerySet:
        """Types an item of `org` may use: templates and types owned by `org` or its ancestors."""
        return self.filter(is_active=True).filter(Q(owner__isnull=True) | Q(owner__path__in=ancestor_paths(org.path)))


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

    @property
    def workflow_code(self) -> str:
        return type_code(self.pk)

    @cached_property
    def definition(self) -> Definition:
        """The type's workflow as it is now (new items start under it)."""
        return engine.validate(FAMILY, self.workflow)

    def current_flow(self) -> WorkflowDefinition:
        """The stored version of the workflow as it is now (made when the JSON changed)."""
        return engine.save_version(self.workflow_code, self.workflow)


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
        items = in_user_subtree(self, user)
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


class LedgerItem(TimeStamped, engine.WorkflowCase):
    """One matter in a ledger. It runs its type's workflow (the version it started under) on the
    core engine; `phase` and the deadline columns follow the state and the "deadline" clock
    (`workflow_changes`) so lists and statistics read plain columns."""

    STATE_FIELD = "status"
    SINCE_FIELD = "status_since"

    ledger_type = models.ForeignKey(LedgerType, verbose_name="台账", on_delete=models.PROTECT, related_name="items")
    organization = models.ForeignKey(Organization, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False)
    village = models.ForeignKey(Village, verbose_name="行政村", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")  # fmt: skip
    grid = models.ForeignKey("households.Grid", verbose_name="网格", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="items")  # fmt: skip
    household = models.ForeignKey("households.Household", verbose_name="农户", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="items")  # fmt: skip
    person = models.ForeignKey("people.Person", verbose_name="当事人（人员库）", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    concerned_name = models.CharField("当事人/农户", max_length=100, blank=True)
    reporter_name = models.CharField("反映人", max_length=50, blank=True)
    anonymous = models.BooleanField("匿名反映", default=False)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.VISIT)
    # Where the item came from in another app, e.g. "meetings.issue:123" (no import of that app).
    source_ref = models.CharField("来源记录", max_length=100, null=True, blank=True, db_index=True)
    visit = models.ForeignKey("households.Visit", verbose_name="走访记录", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="items")  # fmt: skip
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
            # The list by phase ("in progress", "overdue": a tenth of all items, mostly old ones): a page
            # is read in order from the phase's items instead of sorting all of them.
            models.Index(fields=["phase", "collected_on", "id"], name="ledgeritem_phase_list"),
            # Statistics read only this index (an index-only scan of the subtree).
            models.Index(
                fields=["org_path", "ledger_type", "phase", "collected_on", "deadline", "resolve_days"],
                name="ledgeritem_stats",
            ),
            models.Index(fields=["phase", "deadline"], name="ledgeritem_phase_deadline"),
            # One organization's items of a phase ("this village, in progress"): PostgreSQL uses a
            # btree for `LIKE 'path%'` only with pattern operators unless the database's collation
            # is "C" (C.UTF-8 is not); without it the list read a county's 50 000 open items (0.16 s).
            # Other engines ignore the operator classes.
            models.Index(
                fields=["org_path", "phase"],
                name="ledgeritem_subtree_phase",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            # The public board: the few published items, newest resolved first (without it the
            # board read every resolved item of the township: 1 s at 500 000 items).
            models.Index(fields=["published", "resolved_on", "id"], name="ledgeritem_board"),
        ]

    def __str__(self) -> str:
        return f"{self.ledger_type.name}：{self.description[:30]}"

    def is_overdue(self, today: dt.date) -> bool:
        return rules.is_overdue(self.deadline, today, final=self.phase in (Phase.RESOLVED, Phase.CLOSED),
                                paused=self.phase == Phase.PAUSED)  # fmt: skip

    # -- the engine's hooks
    def workflow_code(self) -> str:
        return type_code(self.ledger_type_id)

    def workflow_org(self) -> Organization:
        return self.organization

    def workflow_path(self) -> str:
        return self.org_path

    @property
    def definition(self) -> Definition:
        flow = self.flow
        if flow is None:  # rows inserted in bulk (bench) before their first move
            return self.ledger_type.definition
        return engine.definition_of(flow)

    def workflow_roles(self, actor: Actor) -> set[str]:
        """The actor's role if the item lies in their subtree, and "assignee" for its assignee.

        A read-only member holds no role on any item, even one assigned to them before that was
        refused (issue 11): they never move nor edit an item.
        """
        if is_system(actor):
            return set(rules.ROLE_LABELS)
        org, role = user_org(actor), str(getattr(actor, "role", ""))
        if org is None or role in ("", "member") or not self.org_path.startswith(org.path):
            return set()
        return {role, "assignee"} if self.assignee_id == actor.pk else {role}

    def workflow_changes(self, move: Move | None, state: State, on: dt.date, clocks: dict[str, Any]) -> dict[str, Any]:
        definition = self.definition
        old = definition.state(move.source) if move is not None else None
        return item_columns(definition, old, state, on, self.clocks or {}, clocks, self.collected_on)

    def workflow_after(self, move: Move, stored: Any, on: dt.date) -> None:
        from . import rollup  # rollup reads this module

        rollup.record(rollup.item_keys(stored), rollup.item_keys(self))


def phase_of(state: State) -> str:
    if state.resolved:
        return Phase.RESOLVED
    if state.final:
        return Phase.CLOSED
    return Phase.PAUSED if state.paused else Phase.OPEN


def deadline_clock(definition: Definition) -> Clock | None:
    """The clock the item's deadline columns follow: the one named "deadline", else the first."""
    return definition.clock("deadline") or next(iter(definition.clocks), None)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def item_columns(definition: Definition, old: State | None, new: State, on: dt.date, before: dict[str, Any],
                 clocks: dict[str, Any], collected_on: dt.date) -> dict[str, Any]:  # fmt: skip
    """The columns an item keeps in step with its state and clock (pure).

    The deadline is the clock's due date (moved by a pause); a clock (re)started on entering its
    start state warns and escalates afresh; resolving sets the days to resolve; leaving a final
    state (reopening) clears the resolution and withdraws the publication.
    """
    changes: dict[str, Any] = {"phase": phase_of(new), "paused_on": on if new.paused else None}
    clock = deadline_clock(definition)
    entry = clocks.get(clock.key) if clock else None
    if clock is not None and entry:
        changes["deadline_start"], changes["deadline"] = _day(entry["start"]), _day(entry["due"])
        prior = before.get(clock.key) or {}
        resuming = bool(prior.get("paused_on")) and old is not None and old.paused
        if new.key == clock.start and not resuming:
            changes.update(warned_on=None, escalated_on=None, escalation_level=0)
    if new.resolved:
        changes.update(resolved_on=on, resolve_days=(on - collected_on).days)
    elif old is not None and old.final:
        changes.update(resolved_on=None, resolve_days=None, published=False, public_summary="", published_on=None)
    return changes


class AssignmentQuerySet(models.QuerySet["LiaisonAssignment"]):
    def visible_to(self, user: Any) -> AssignmentQuerySet:
        """Assignments in the user's subtree, and the user's own (a cadre sees the villages they serve)."""
        if user_org(user) is None:
            return self.none()
        return in_user_subtree(self, user) | self.filter(user=user)

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


class DiaryQuerySet(models.QuerySet["DiaryEntry"]):
    def visible_to(self, user: Any) -> DiaryQuerySet:
        """The author, and officers of the village's subtree."""
        if user_org(user) is None:
            return self.none()
        if is_officer(user):
            return in_user_subtree(self, user) | self.filter(author=user)
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

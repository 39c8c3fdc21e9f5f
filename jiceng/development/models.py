"""The development file (发展党员档案) of one person: a case on `core.engine` ("development.file").

Every step is a `CaseEvent` of the engine (event date and entry date); the row keeps what later
steps and the township's lists read: the stage, the people named (培养联系人, 入党介绍人), the
political review, the training, the extension and the dates that start the probation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q

from jiceng.core.access import SubtreeQuerySet, in_user_subtree
from jiceng.core.actor import Actor
from jiceng.core.engine import WorkflowCase
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.rules import Category

from . import flow, rules


class FileQuerySet(models.QuerySet["File"]):
    def visible_to(self, user: Any) -> FileQuerySet:
        """Deny by default: files of the user's subtree (the person's branch)."""
        return in_user_subtree(self, user)

    def open(self) -> FileQuerySet:
        return self.exclude(step__in=flow.FINAL)


class File(WorkflowCase, TimeStamped):
    STATE_FIELD = "step"
    SINCE_FIELD = "step_on"
    WORKFLOW_CODE = flow.CODE

    person = models.ForeignKey(Person, verbose_name="申请人", on_delete=models.PROTECT,
                               related_name="development_files")  # fmt: skip
    organization = models.ForeignKey(Organization, verbose_name="所在党支部", on_delete=models.PROTECT,
                                     related_name="development_files")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    step = models.CharField("当前环节", max_length=40)
    stage = models.CharField("阶段", max_length=20, choices=Category.choices)
    step_on = models.DateField("当前环节日期")
    applied_on = models.DateField("申请入党日期")
    contacts = models.ManyToManyField(Person, verbose_name="培养联系人", blank=True, related_name="+")
    introducers = models.ManyToManyField(Person, verbose_name="入党介绍人", blank=True, related_name="+")
    vetting = models.CharField("政治审查结论", max_length=200, blank=True)
    training_days = models.PositiveSmallIntegerField("集中培训天数", null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField("集中培训学时", null=True, blank=True)
    reviewed_on = models.DateField("最近一次考察日期", null=True, blank=True)
    admitted_on = models.DateField("支部大会通过日期", null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField("延长预备期（月）", default=0)
    # Free source tags (来源: 关怀对象, 外出务工经商人员 …) the development statistics count by.
    tags = models.JSONField("来源标签", default=list, blank=True)

    objects = FileQuerySet.as_manager()

    class Meta:
        verbose_name = "发展党员档案"
        verbose_name_plural = "发展党员档案"
        ordering = ["org_path", "applied_on", "id"]
        permissions = [("approve_file", "审批发展党员")]
        indexes = [models.Index(fields=["org_path", "stage"], name="devfile_subtree_stage")]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=~Q(step__in=flow.FINAL), name="devfile_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}的发展党员档案"

    # -- the engine's hooks
    def workflow_roles(self, actor: Actor) -> set[str]:
        roles = set()
        if actor.has_perm("development.change_file", self):
            roles.add("branch")
        if actor.has_perm("development.approve_file", self):
            roles.add("township")
        return roles

    def workflow_org(self) -> Any:
        return self.organization

    def workflow_changes(self, move: Any, state: Any, on: dt.date, clocks: dict[str, Any]) -> dict[str, Any]:
        return {"stage": flow.STAGE_OF[state.key]}

    # -- reading
    @property
    def open(self) -> bool:
        return self.step not in flow.FINAL

    @property
    def rules(self) -> rules.RuleSet:
        return rules.rules_on(self.step_on)

    @property
    def probation_ends(self) -> dt.date | None:
        if self.admitted_on is None or self.step not in flow.PROBATION:
            return None
        return rules.probation_end(self.admitted_on, self.extension_months, rules.rules_on(self.admitted_on))

    @property
    def review_due(self) -> dt.date | None:
        """The next written review of an activist (every six months)."""
        if self.step not in flow.ACTIVIST_REVIEWS:
            return None
        since = self.reviewed_on or self.step_on
        return rules.review_due(since, rules.rules_on(since))


class Plan(TimeStamped):
    """How many members a village branch plans to develop in a year (seed 004: "指导每村发展一名党员"),
    set by the township; what happened is counted from the files, never entered."""

    organization = models.ForeignKey(Organization, verbose_name="村党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    planned = models.PositiveSmallIntegerField("计划发展人数")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = SubtreeQuerySet["Plan"].as_manager()

    class Meta:
        verbose_name = "发展党员计划"
        verbose_name_plural = "发展党员计划"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="development_plan_one_a_year")]
        indexes = [models.Index(fields=["org_path", "year"], name="development_plan_subtree")]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.year}年发展党员计划"

"""Shared base models and the append-only audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: Any) -> AuditEventQuerySet:
        """Officers see the events of their subtree (as it is now); everyone else sees none."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_officer", False):
            return self.none()
        subtree = user.organization.subtree().values("pk")
        return self.filter(org_id__in=subtree)

    def update(self, **kwargs: Any) -> int:  # append-only: no bulk rewriting of history
        raise TypeError("审计记录只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("审计记录只能追加，不能删除")


class AuditEvent(models.Model):
    """Who did what, when, to which record, with the changed fields (before → after).

    Append-only: saving an existing row or deleting raises. `org_id` names the organization
    the record belongs to, so officers of that subtree can read the trail.
    """

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=40)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40)
    object_repr = models.CharField("对象", max_length=200)
    # The organization the record belongs to (a plain id: core does not depend on the tree).
    org_id = models.BigIntegerField("所属组织", null=True, blank=True, db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("审计记录只能追加，不能删除")


class AppendOnlyQuerySet[M: models.Model](models.QuerySet[M]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("流程记录只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("流程记录只能追加，不能删除")


class CalendarDay(models.Model):
    """An exception to the weekend rule: a holiday (休) or a working weekend day (班, 调休).

    `scope` empty = the shipped calendar for everyone; otherwise the tree path of the county
    (or other organization) whose subtree the day applies to, overriding the shipped entry.
    """

    scope = models.CharField("适用范围", max_length=255, blank=True, default="")
    day = models.DateField("日期")
    is_workday = models.BooleanField("上班", default=False)
    name = models.CharField("名称", max_length=30, blank=True)

    class Meta:
        ordering = ["day", "scope"]
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        constraints = [models.UniqueConstraint(fields=["scope", "day"], name="calendarday_once_per_scope")]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class WorkflowDefinition(models.Model):
    """One version of a workflow definition (`core.workflow`). Rows are never changed: a case
    keeps the version it started under, an edit makes a new version."""

    code = models.CharField("流程代码", max_length=80)
    version = models.PositiveIntegerField("版本")
    data = models.JSONField("流程定义")
    digest = models.CharField(max_length=64, editable=False)
    valid_from = models.DateField("施行日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "流程定义"
        verbose_name_plural = "流程定义"
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="workflow_version_unique")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class CaseEvent(models.Model):
    """The append-only history of a case: its start, every transition and other dated events.

    `on` is the date the thing happened (event date, entered by the user, default today); `at` is
    when it was entered (entry date). The gap between them is shown, never hidden.
    """

    case_type = models.CharField("记录类型", max_length=60)
    case_id = models.BigIntegerField("记录编号")
    definition = models.ForeignKey(WorkflowDefinition, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    kind = models.CharField("类型", max_length=20)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    label = models.CharField("事项", max_length=60)
    on = models.DateField("业务日期")
    at = models.DateTimeField("录入时间", auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")  # fmt: skip
    actor_name = models.CharField("办理人", max_length=150, blank=True)
    note = models.TextField("说明", blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "流程记录"
        verbose_name_plural = "流程记录"
        indexes = [models.Index(fields=["case_type", "case_id", "at"], name="caseevent_case")]

    def __str__(self) -> str:
        return f"{self.on} {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("流程记录只能追加，不能修改")
        super().save(*args, **kwargs)

    @property
    def entry_gap_days(self) -> int:
        from django.utils import timezone

        return (timezone.localdate(self.at) - self.on).days


class CaseLink(models.Model):
    """A step of a case completed by another record: the 支部大会 (a meeting), the 公示, the
    publication. `ref` names that record as "app_label.model:pk" (no import of its app)."""

    case_type = models.CharField(max_length=60)
    case_id = models.BigIntegerField()
    step = models.CharField("环节", max_length=40)
    ref = models.CharField("关联记录", max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "环节关联记录"
        verbose_name_plural = "环节关联记录"
        constraints = [models.UniqueConstraint(fields=["case_type", "case_id", "step", "ref"], name="caselink_once")]
        indexes = [models.Index(fields=["ref"], name="caselink_ref")]


class KeyCheck(models.Model):
    """A value derived from a key, kept beside the data that key protects.

    At start the value is derived again from the configured key: a different result means the
    key is not the one the data was written with, and the server refuses to start instead of
    answering every page with an undecryptable number.
    """

    name = models.CharField("密钥", max_length=40, unique=True)
    value = models.CharField("校验值", max_length=128)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "密钥校验值"
        verbose_name_plural = "密钥校验值"

    def __str__(self) -> str:
        return self.name


class ScheduleState(models.Model):
    """One scheduled job's last and next run (jiceng.core.schedules holds the definitions)."""

    name = models.CharField("任务", max_length=60, unique=True)
    next_run = models.DateTimeField("下次运行", null=True, blank=True)
    last_enqueued = models.DateTimeField("最近加入队列", null=True, blank=True)
    last_started = models.DateTimeField("最近开始", null=True, blank=True)
    last_finished = models.DateTimeField("最近结束", null=True, blank=True)
    last_ok = models.BooleanField("最近是否成功", null=True, blank=True)
    last_result = models.TextField("最近结果", blank=True)
    last_error = models.TextField("最近错误", blank=True)
    last_failed = models.DateTimeField("最近失败", null=True, blank=True)

    class Meta:
        verbose_name = "定时任务状态"
        verbose_name_plural = "定时任务状态"

    def __str__(self) -> str:
        return self.name


class Heartbeat(models.Model):
    """When a long-running process (the scheduler, the task worker) last showed it was alive."""

    name = models.CharField("进程", max_length=40, unique=True)
    seen_at = models.DateTimeField("最近心跳")

    class Meta:
        verbose_name = "心跳"
        verbose_name_plural = "心跳"

    def __str__(self) -> str:
        return self.name

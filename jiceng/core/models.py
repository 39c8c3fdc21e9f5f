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

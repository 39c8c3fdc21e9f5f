"""Writing audit events. Every action calls `record` inside its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models

from .actor import Actor, actor_name, actor_user
from .models import AuditEvent

ACTION_LABELS = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "move": "移动",
    "move_out": "移出",
    "transfer_out": "转出",
    "rename": "更名",
    "dissolve": "撤销",
    "import": "导入",
    "export": "导出",
    "login_locked": "登录锁定",
    "revoke": "吊销",
}


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, as JSON-friendly values, for a before/after diff."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    actor: Actor,
    action: str,
    obj: models.Model,
    *,
    org: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor_user(actor),
        actor_name=actor_name(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        org_id=org.pk if org is not None else None,
        changes=changes or {},
    )


AUDIT_COLUMNS = ("at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr", "org_id",
                 "changes")  # fmt: skip


def event_row(
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    object_repr: str,
    org_id: int | None,
    changes: dict[str, Any],
) -> tuple[Any, ...]:
    """One event as plain values for `record_many` (the column order of AUDIT_COLUMNS, minus `at`)."""
    user = actor_user(actor)
    return (
        user.pk if user else None,
        actor_name(actor),
        action,
        object_type,
        str(object_id),
        object_repr[:200],
        org_id,
        changes,
    )


def record_many(rows: list[tuple[Any, ...]]) -> None:
    """Insert many events at once (from `event_row`): imports write thousands in one transaction."""
    from django.utils import timezone

    from .bulk import insert_rows

    now = timezone.now()
    insert_rows(AuditEvent, AUDIT_COLUMNS, [(now, *row) for row in rows])

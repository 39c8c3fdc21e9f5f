"""Report reads to a streaming replica, when one is configured (DATABASE_REPLICA_URL).

Off by default. Only code that asks for it reads from the replica (`report_reads`: the
statistics); every other read and every write stays on the primary, so a page shows what was
just saved. The replica's lag only delays statistics by that much.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

REPLICA = "replica"
_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)


def replica_alias() -> str | None:
    return REPLICA if REPLICA in settings.DATABASES else None


@contextmanager
def reports_from_replica() -> Iterator[None]:
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def report_reads[**P, R](fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with its reads on the replica (if configured)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reports_from_replica():
            return fn(*args, **kwargs)

    return wrapper


class ReportReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return replica_alias() if _reading_reports.get() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"  # the replica follows the primary's schema by replication

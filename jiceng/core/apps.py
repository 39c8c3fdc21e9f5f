import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_workflows(sender: Any, **kwargs: Any) -> None:
    from .engine import sync_registered

    sync_registered()


def _sync_calendar(sender: Any, **kwargs: Any) -> None:
    from .holidays import sync_shipped_calendar

    sync_shipped_calendar()


class CoreConfig(AppConfig):
    name = "jiceng.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        # Every optional select of every app (model choices, ModelChoiceField) starts with this
        # instead of Django's "- Select an option -" (no Chinese translation ships for it).
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = "请选择"
        # Built-in workflow definitions are stored (a new version when their data changed) after
        # every migrate, once all apps have registered theirs.
        post_migrate.connect(_sync_workflows, sender=self, dispatch_uid="jiceng.core.sync_workflows")
        # The shipped calendar likewise (a release adds next year's days; a test flush restores them).
        post_migrate.connect(_sync_calendar, sender=self, dispatch_uid="jiceng.core.sync_calendar")
        from django.contrib.auth.signals import user_logged_in

        from . import backup, schedules, sessions

        user_logged_in.connect(sessions.stamp_login, dispatch_uid="jiceng.core.sessions.stamp_login")

        schedules.register("backup", "数据备份（数据库与上传文件）", backup.nightly, at=dt.time(2, 0))
        schedules.register("recheck_published", "重新检查已公开内容（含个人信息的自动撤回）", _recheck_published,
                           at=dt.time(4, 0))  # fmt: skip
        schedules.register("db_statistics", "更新数据库的查询统计信息", _planner_statistics, at=dt.time(5, 0))


def _recheck_published() -> str:
    from .privacy import recheck_published

    withdrawn = recheck_published()
    return "；".join(f"{label}撤回 {n} 条" for label, n in withdrawn.items()) or "没有登记的公开内容"


def _planner_statistics() -> str:
    """SQLite plans its queries from `sqlite_stat1`, which only ANALYZE writes: without it the
    ledger list "overdue" sorted all overdue items of a county (0.3 s) instead of reading a page
    in order from its index. A full ANALYZE (1.4 s for a county's 640 MB file): a sampled one
    (`analysis_limit`) misjudged the list indexes and made the unfiltered list 50× slower.
    PostgreSQL's autovacuum keeps its statistics itself; where it is turned off, this job does."""
    from django.db import connection

    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            if cursor.fetchone()[0] == "on":
                return "PostgreSQL 由 autovacuum 自动更新统计信息"
            cursor.execute("ANALYZE")
        return "PostgreSQL 未开启 autovacuum，已更新全部表的统计信息"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit = 0")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT COUNT(DISTINCT tbl) FROM sqlite_stat1")
        (tables,) = cursor.fetchone()
    return f"已更新 {tables} 张表的统计信息"

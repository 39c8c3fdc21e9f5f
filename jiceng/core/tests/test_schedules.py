"""The scheduler: registry, claiming a due run once, recording outcomes, the heartbeat, the page."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from jiceng.core import schedules
from jiceng.core.models import Heartbeat, ScheduleState
from jiceng.core.schedules import record_run

SH = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=SH)


def test_apps_register_their_jobs_with_core() -> None:
    names = {job.name: job.at for job in schedules.jobs()}
    assert names == {"ledger_daily": dt.time(1, 0), "backup": dt.time(2, 0), "warm_stats": dt.time(3, 30),
                     "recheck_published": dt.time(4, 0), "import_housekeeping": dt.time(4, 30),
                     "db_statistics": dt.time(5, 0)}  # fmt: skip


def test_next_run_is_the_next_local_time_of_day() -> None:
    job = schedules.get("backup")
    assert job.next_after(at(5, 1, 59)) == at(5, 2)
    assert job.next_after(at(5, 2)) == at(6, 2)
    assert job.next_after(at(5, 23)) == at(6, 2)


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_and_its_outcome_recorded(monkeypatch: Any) -> None:
    ran: list[str] = []

    def warm() -> str:
        ran.append("x")
        return "完成 1 个"

    job = schedules.Job("warm_stats", "预先计算当日统计", warm, dt.time(3, 30))
    monkeypatch.setattr(schedules, "_registry", {"warm_stats": job})
    assert schedules.tick(at(5, 1)) == []  # first sight: scheduled for the next 03:30, not run now
    assert ScheduleState.objects.get(name="warm_stats").next_run == at(5, 3, 30)
    assert schedules.tick(at(5, 3, 29)) == []
    assert schedules.tick(at(5, 3, 31)) == ["warm_stats"]  # ImmediateBackend: run at once
    assert schedules.tick(at(5, 3, 32)) == []  # claimed: a second scheduler enqueues nothing
    state = ScheduleState.objects.get(name="warm_stats")
    assert ran == ["x"] and state.last_ok is True and state.last_result == "完成 1 个"
    assert state.next_run == at(6, 3, 30)


@pytest.mark.django_db
def test_a_failing_job_is_shown_as_failed_with_its_error(monkeypatch: Any) -> None:
    def broken() -> str:
        raise RuntimeError("备份目录已满")

    monkeypatch.setitem(schedules._registry, "backup", schedules.Job("backup", "数据备份", broken, dt.time(2)))
    with pytest.raises(RuntimeError):
        record_run("backup")
    state = ScheduleState.objects.get(name="backup") if ScheduleState.objects.filter(name="backup").exists() else None
    assert state is None  # never scheduled: nothing to record on
    schedules.tick(at(5, 1))
    with pytest.raises(RuntimeError):
        record_run("backup")
    state = ScheduleState.objects.get(name="backup")
    assert state.last_ok is False and state.last_error == "RuntimeError: 备份目录已满"


@pytest.mark.django_db
def test_the_scheduler_tick_sends_a_heartbeat_through_the_worker() -> None:
    schedules.tick(at(5, 1))
    beats = dict(Heartbeat.objects.values_list("name", "seen_at"))
    assert set(beats) == {"scheduler", "worker"}  # ImmediateBackend ran the worker's heartbeat task
    assert beats["scheduler"] == at(5, 1)


def test_the_schedules_page_shows_last_next_run_and_failure(personas: dict[str, Any], monkeypatch: Any) -> None:
    ScheduleState.objects.create(name="backup", next_run=at(6, 2), last_started=at(5, 2), last_ok=False,
                                 last_failed=at(5, 2, 1), last_error="BackupError: 备份目录 /x 不可写")  # fmt: skip
    client = Client()
    client.force_login(personas["county_officer"])
    page = client.get("/schedules/").content.decode()
    row = page.split('data-job="backup"')[1].split("</tr>")[0]
    assert "2026-03-05 02:00" in row and "失败（2026-03-05 02:01）" in row and "备份目录 /x 不可写" in row
    assert "2026-03-06 02:00" in row
    assert "从未报到" in page  # no worker heartbeat yet
    client.force_login(personas["township_officer"])
    assert client.get("/schedules/").status_code == 404


def test_run_now_enqueues_the_job(personas: dict[str, Any], monkeypatch: Any) -> None:
    ran: list[int] = []

    def warm() -> str:
        ran.append(1)
        return "好"

    monkeypatch.setitem(
        schedules._registry, "warm_stats", schedules.Job("warm_stats", "预先计算当日统计", warm, dt.time(3, 30))
    )
    client = Client()
    client.force_login(personas["county_officer"])
    response = client.post("/schedules/warm_stats/run/")
    assert response.status_code == 302 and ran == [1]
    assert ScheduleState.objects.get(name="warm_stats").last_ok is True
    assert client.post("/schedules/nope/run/").status_code == 404


def test_the_published_check_and_the_import_housekeeping_run_as_jobs(db: Any) -> None:
    assert schedules.get("recheck_published").run() == "党务村务财务公开栏撤回 0 条；台账公开栏撤回 0 条"
    assert schedules.get("import_housekeeping").run() == "标为中断的导入 0 个，删除过期文件 0 个"


def test_the_nightly_statistics_job_analyzes_the_database(db: Any) -> None:
    from django.db import connection

    from jiceng.core.models import WorkflowDefinition

    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            (autovacuum,) = cursor.fetchone()
            cursor.execute("CREATE TABLE stats_probe (n integer); INSERT INTO stats_probe SELECT 1")
        if autovacuum == "on":
            assert schedules.get("db_statistics").run() == "PostgreSQL 由 autovacuum 自动更新统计信息"
            return
        assert schedules.get("db_statistics").run() == "PostgreSQL 未开启 autovacuum，已更新全部表的统计信息"
        with connection.cursor() as cursor:
            cursor.execute("SELECT n_distinct FROM pg_stats WHERE tablename = 'stats_probe'")
            assert cursor.fetchall() == [(-1.0,)]  # one row: every value distinct
        return
    table = WorkflowDefinition._meta.db_table  # filled by migrate (the built-in workflows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1")
    summary = schedules.get("db_statistics").run()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(DISTINCT tbl), SUM(tbl = %s) FROM sqlite_stat1", [table])
        tables, ours = cursor.fetchone()
    assert summary == f"已更新 {tables} 张表的统计信息" and tables >= 1 and ours >= 1

"""Tasks of the scheduler, apart from jiceng.core.schedules so that registering a job in an
AppConfig.ready() does not load the task backends while Django is still starting."""

from __future__ import annotations

from django.tasks import task

from . import schedules


@task()
def worker_heartbeat() -> None:
    schedules.beat("worker")


@task()
def run_job(name: str) -> str:
    return schedules.record_run(name)

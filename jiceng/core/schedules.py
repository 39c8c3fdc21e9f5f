"""Jobs that run on a schedule, without cron: a registry, a scheduler loop and a task that runs them.

Apps register their jobs in `AppConfig.ready()` (core knows no app above it):

    schedules.register("ledger_daily", "台账每日检查", run_daily_check, at=dt.time(1, 30))

`manage.py run_scheduler` (started by `make run` beside the web server and the task worker) wakes
every few seconds, and for each job whose next run has come it *claims* the run with a
conditional UPDATE (two schedulers never enqueue one run twice) and enqueues `core.tasks.run_job` on the
django.tasks queue. The worker runs it and records start, end, result or failure in
ScheduleState, which the schedules page shows to the county officer. Every tick the scheduler
also enqueues a heartbeat task: when the worker runs it, /healthz sees the whole chain alive.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .models import Heartbeat, ScheduleState

log = logging.getLogger(__name__)
HEARTBEAT_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    run: Callable[[], str]  # does the work; returns a one-line Chinese summary
    at: dt.time  # local time (settings.TIME_ZONE), every day

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first daily run time strictly after `moment`."""
        zone = ZoneInfo(settings.TIME_ZONE)
        local = moment.astimezone(zone)
        candidate = dt.datetime.combine(local.date(), self.at, tzinfo=zone)
        if candidate <= local:
            candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), self.at, tzinfo=zone)
        return candidate


_registry: dict[str, Job] = {}


def register(name: str, label: str, run: Callable[[], str], *, at: dt.time) -> None:
    _registry[name] = Job(name, label, run, at)


def jobs() -> list[Job]:
    return sorted(_registry.values(), key=lambda job: (job.at, job.name))


def get(name: str) -> Job:
    return _registry[name]


def beat(name: str, now: dt.datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now or timezone.now()})


def record_run(name: str) -> str:
    """Run one registered job, recording the outcome (a failure too) for the schedules page."""
    job = get(name)
    ScheduleState.objects.filter(name=name).update(last_started=timezone.now())
    try:
        summary = job.run()
    except Exception as exc:
        log.exception("scheduled job %s failed", name)
        detail = "".join(traceback.format_exception_only(exc)).strip()
        now = timezone.now()
        ScheduleState.objects.filter(name=name).update(
            last_finished=now, last_failed=now, last_ok=False, last_error=detail[:2000]
        )
        raise
    ScheduleState.objects.filter(name=name).update(
        last_finished=timezone.now(), last_ok=True, last_result=summary[:2000], last_error=""
    )
    return summary


def due_jobs(now: dt.datetime) -> list[Job]:
    """Claim every job whose time has come; each claimed run is returned to exactly one caller."""
    claimed = []
    for job in jobs():
        state, created = ScheduleState.objects.get_or_create(name=job.name, defaults={"next_run": job.next_after(now)})
        if created or state.next_run is None or state.next_run > now:
            if state.next_run is None:
                ScheduleState.objects.filter(pk=state.pk, next_run__isnull=True).update(next_run=job.next_after(now))
            continue
        moved = ScheduleState.objects.filter(pk=state.pk, next_run=state.next_run).update(
            next_run=job.next_after(now), last_enqueued=now
        )
        if moved:
            claimed.append(job)
    return claimed


def tick(now: dt.datetime | None = None) -> list[str]:
    """One scheduler step: enqueue the due jobs, and a heartbeat for the worker when one is due."""
    from .tasks import run_job, worker_heartbeat

    now = now or timezone.now()
    enqueued = []
    for job in due_jobs(now):
        run_job.enqueue(job.name)
        enqueued.append(job.name)
    last = Heartbeat.objects.filter(name="scheduler").values_list("seen_at", flat=True).first()
    if last is None or now - last >= HEARTBEAT_EVERY:
        beat("scheduler", now)
        if not _heartbeat_waiting(worker_heartbeat.module_path, now):
            worker_heartbeat.enqueue()
    return enqueued


def _heartbeat_waiting(task_path: str, now: dt.datetime) -> bool:
    """On the database queue: drop old heartbeat rows; True while one still waits for the worker.

    A stopped worker then leaves one heartbeat in the queue, not one every 30 seconds.
    """
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return False
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=task_path)
    rows.finished().filter(finished_at__lt=now - dt.timedelta(minutes=10)).delete()
    return rows.ready().exists()


def run_now(name: str) -> None:
    """Enqueue one job at once (the page's "立即运行"), leaving its schedule as it is."""
    from .tasks import run_job

    get(name)
    ScheduleState.objects.get_or_create(name=name, defaults={"next_run": get(name).next_after(timezone.now())})
    ScheduleState.objects.filter(name=name).update(last_enqueued=timezone.now())
    run_job.enqueue(name)

"""Background work for people: the web roster import."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import socket
from collections import defaultdict
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from jiceng.core.exports import append_rows

from . import roster
from .models import ERROR_FILE_DAYS, ImportJob, ImportStatus

log = logging.getLogger(__name__)


WORKER = f"{socket.gethostname()}:{os.getpid()}"
INTERRUPTED = "导入中断（后台任务进程已退出），未写入任何数据，请重新上传。"
INTERNAL = "导入时发生内部错误，未写入任何数据。请联系管理员。"
# A job whose worker runs on another machine is taken for stuck when it has not reported for this
# long (progress every 2000 rows; the isolated reading is limited to core.workbook.WALL_SECONDS).
STALE_AFTER = dt.timedelta(minutes=30)


@task()
def run_roster_import(job_id: int) -> None:
    recover_stuck_imports()
    expire_import_files()
    job = ImportJob.objects.select_related("uploaded_by", "uploaded_by__organization").get(pk=job_id)
    _set(job, status=ImportStatus.CHECKING, worker=WORKER, heartbeat_at=timezone.now())

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_checked=done, rows_total=total, heartbeat_at=timezone.now())

    try:
        _run(job, progress)
    except Exception:  # the worker carries on with the next task; nothing was written (one transaction)
        log.exception("roster import %s failed", job_id)
        job.problems = [INTERNAL]
        _finish(job, ImportStatus.ERROR)


def _run(job: ImportJob, progress: roster.Progress) -> None:
    with job.file.open("rb") as handle:
        data = handle.read()
    try:  # an untrusted upload: read in a child process under resource limits
        sheets = roster.read_workbook(io.BytesIO(data), isolated=True)
    except roster.RosterError as exc:
        sheets, plan = {}, roster.unreadable(exc)
    else:
        plan = roster.plan_sheets(sheets, job.uploaded_by, progress)
    job.rows_checked = job.rows_total = plan.rows
    job.warnings = plan.warnings
    if not plan.ok:
        job.problems = [str(p) for p in plan.problems]
        job.error_file.save(f"错误说明-{job.filename}", ContentFile(error_workbook(sheets, plan)), save=False)
        _finish(job, ImportStatus.FAILED)
        return
    if not job.dry_run:
        _set(job, status=ImportStatus.WRITING, heartbeat_at=timezone.now())
        roster.apply_plan(plan, job.uploaded_by, source=f"网页导入 {job.filename}")
    job.counts = plan.counts()
    _finish(job, ImportStatus.DONE)


def _worker_gone(job: ImportJob, now: dt.datetime) -> bool:
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False  # this process: it runs one task at a time, and that is the caller's
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return job.heartbeat_at is None or now - job.heartbeat_at > STALE_AFTER


def recover_stuck_imports(now: dt.datetime | None = None) -> int:
    """Finish, as interrupted, imports left "checking" or "writing" by a worker that died (killed,
    out of memory, the machine restarted). Nothing of theirs was written: the writing is one
    transaction. Runs when a worker starts a task (so on restart), when an import's page is
    viewed, and can be scheduled; returns how many jobs were recovered."""
    now = now or timezone.now()
    recovered = 0
    running = ImportJob.objects.filter(status__in=[ImportStatus.CHECKING, ImportStatus.WRITING]).exclude(worker="")
    for job in running:
        if not _worker_gone(job, now):
            continue
        # Conditional: a job that finished meanwhile is left alone.
        if ImportJob.objects.filter(pk=job.pk, status=job.status).update(status=ImportStatus.ERROR) == 1:
            job.problems = [INTERRUPTED]
            _finish(job, ImportStatus.ERROR)
            recovered += 1
    return recovered


def _set(job: ImportJob, **fields: object) -> None:
    for key, value in fields.items():
        setattr(job, key, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _finish(job: ImportJob, status: str) -> None:
    """Record the outcome and delete the upload: it holds plain ID numbers and is not needed once
    the import has ended (the error workbook, when there is one, is kept for ERROR_FILE_DAYS)."""
    job.status, job.finished_at = status, timezone.now()
    if job.file:
        job.file.delete(save=False)
    job.save(update_fields=["status", "finished_at", "rows_total", "rows_checked", "counts", "problems",
                            "warnings", "error_file", "file"])  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(rows_checked=F("rows_total"))


def expire_import_files(now: dt.datetime | None = None) -> int:
    """Delete error workbooks older than ERROR_FILE_DAYS and any upload left by a finished job;
    returns how many files were deleted. Plain function: run daily (scheduler or
    `manage.py purge_import_files`); each import also runs it."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=ERROR_FILE_DAYS)
    deleted = 0
    for job in ImportJob.objects.exclude(error_file="").filter(finished_at__lt=cutoff):
        job.error_file.delete(save=True)
        deleted += 1
    finished = [ImportStatus.FAILED, ImportStatus.DONE, ImportStatus.ERROR]
    for job in ImportJob.objects.exclude(file="").filter(status__in=finished):
        job.file.delete(save=True)
        deleted += 1
    return deleted


def error_workbook(sheets: dict[str, list[list[Any]]], plan: roster.Plan) -> bytes:
    """The rows as read, with an added `错误` column holding each row's problems.

    Built from the values already read within bounds (never by opening the upload again with
    another reader), every cell through core.exports: text stays text. An unreadable upload gives
    a workbook with just the list of problems."""
    from openpyxl import Workbook

    by_row: dict[tuple[str, int], list[str]] = defaultdict(list)
    for problem in plan.problems:
        by_row[(problem.sheet, problem.row)].append(f"{problem.column}: {problem.reason}")
    book = Workbook(write_only=True)
    if not sheets:
        append_rows(book.create_sheet("错误"), [[str(p)] for p in plan.problems])
    for name, grid in sheets.items():
        sheet = book.create_sheet(name)
        width = max((len(r) for r in grid), default=0)
        rows = ([*values, *[None] * (width - len(values)), "错误" if number == 1 else "；".join(by_row[(name, number)])]
                for number, values in enumerate(grid, start=1))  # fmt: skip
        append_rows(sheet, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

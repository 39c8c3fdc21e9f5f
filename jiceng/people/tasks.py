"""Background work for people: the web roster import."""

from __future__ import annotations

import io
import logging
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from . import roster
from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)


@task()
def run_roster_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("uploaded_by", "uploaded_by__organization").get(pk=job_id)
    _set(job, status=ImportStatus.CHECKING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_checked=done, rows_total=total)

    try:
        with job.file.open("rb") as handle:
            plan = roster.plan_import(io.BytesIO(handle.read()), job.uploaded_by, progress)
        job.rows_checked = job.rows_total = plan.rows
        job.warnings = plan.warnings
        if not plan.ok:
            job.problems = [str(p) for p in plan.problems]
            job.error_file.save(f"错误说明-{job.filename}", ContentFile(error_workbook(job, plan)), save=False)
            _finish(job, ImportStatus.FAILED)
            return
        if not job.dry_run:
            _set(job, status=ImportStatus.WRITING)
            roster.apply_plan(plan, job.uploaded_by, source=f"网页导入 {job.filename}")
        job.counts = plan.counts()
        _finish(job, ImportStatus.DONE)
    except Exception:
        log.exception("roster import %s failed", job_id)
        job.problems = ["导入时发生内部错误，未写入任何数据。请联系管理员。"]
        _finish(job, ImportStatus.ERROR)


def _set(job: ImportJob, **fields: object) -> None:
    for key, value in fields.items():
        setattr(job, key, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _finish(job: ImportJob, status: str) -> None:
    job.status, job.finished_at = status, timezone.now()
    job.save(update_fields=["status", "finished_at", "rows_total", "rows_checked", "counts", "problems",
                            "warnings", "error_file"])  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(rows_checked=F("rows_total"))


def error_workbook(job: ImportJob, plan: roster.Plan) -> bytes:
    """The uploaded workbook with an added `错误` column holding each row's problems."""
    from openpyxl import Workbook, load_workbook

    by_row: dict[tuple[str, int], list[str]] = defaultdict(list)
    for problem in plan.problems:
        by_row[(problem.sheet, problem.row)].append(f"{problem.column}: {problem.reason}")
    try:
        with job.file.open("rb") as handle:
            book = load_workbook(io.BytesIO(handle.read()))
    except Exception:  # unreadable upload: a workbook with just the list of problems
        book = Workbook()
        book.active.title = "错误"
        for problem in plan.problems:
            book.active.append([str(problem)])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    for sheet in book.worksheets:
        column = sheet.max_column + 1
        sheet.cell(row=1, column=column, value="错误")
        for (name, row), messages in by_row.items():
            if name == sheet.title:
                sheet.cell(row=row, column=column, value="；".join(messages))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

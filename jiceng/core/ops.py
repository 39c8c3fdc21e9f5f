"""Operations pages: /healthz for monitoring, the schedules page for the county officer."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import schedules
from .models import Heartbeat, ScheduleState

VIEW_SCHEDULES = "core.view_schedules"  # the rule is registered by accounts (it knows the roles)


def _heartbeats() -> dict[str, dt.datetime]:
    return dict(Heartbeat.objects.values_list("name", "seen_at"))


def _age(seen: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if seen is None else int((now - seen).total_seconds())


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and the worker ran a heartbeat task lately; 503 otherwise.

    The heartbeat goes scheduler → queue → worker, so a stopped scheduler or worker shows here.
    """
    now = timezone.now()
    report: dict[str, object] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = "ok"
        beats = _heartbeats()
    except DatabaseError:
        report["database"] = "error"
        beats = {}
    limit = settings.WORKER_HEARTBEAT_MAX_AGE
    for name in ("worker", "scheduler"):
        age = _age(beats.get(name), now)
        report[name] = {"ok": age is not None and age <= limit, "age_seconds": age}
    healthy = report["database"] == "ok" and all(report[n]["ok"] for n in ("worker", "scheduler"))  # type: ignore[index]
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})


def _require_viewer(request: HttpRequest) -> None:
    if not request.user.has_perm(VIEW_SCHEDULES):
        raise Http404


def schedule_list(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    states = {s.name: s for s in ScheduleState.objects.all()}
    now = timezone.now()
    rows = [(job, states.get(job.name)) for job in schedules.jobs()]
    beats = _heartbeats()
    context = {
        "rows": rows,
        "worker_age": _age(beats.get("worker"), now),
        "scheduler_age": _age(beats.get("scheduler"), now),
        "limit": settings.WORKER_HEARTBEAT_MAX_AGE,
    }
    return render(request, "core/schedules.html", context)


@require_POST
def schedule_run(request: HttpRequest, name: str) -> HttpResponse:
    _require_viewer(request)
    try:
        schedules.run_now(name)
    except KeyError as exc:
        raise Http404 from exc
    messages.success(request, f"已加入后台队列：{schedules.get(name).label}")
    return redirect("schedules")

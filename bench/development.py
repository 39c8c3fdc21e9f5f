"""Member development (issue 13): the township development dashboard (发展党员: the funnel by
stage and village, what falls due this month, the open files) for a county with 5 000 open files.

Target (PostgreSQL): p95 ≤ 100 ms for the township officer and for the county officer (who sees
all 5 000). Files go in with the lean bulk insert (jiceng.core.bulk) for residents of the village
branches, spread over the stages as a county's are (many applicants and activists, fewer
candidates, a fifth on probation), with the deadline clocks the engine would have kept; the
people's category is set to the file's stage. Rows are inserted once per bench database.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench.common import ensure_scale, pct, summary, timings_ms

OPEN_FILES = 5_000
TARGET_MS = 100.0
COLUMNS = ("created_at", "updated_at", "clocks", "org_path", "step", "stage", "step_on", "applied_on", "vetting",
           "training_days", "training_hours", "reviewed_on", "admitted_on", "extension_months", "flow_id",
           "organization_id", "person_id", "tags")  # fmt: skip
# (stage, share, steps a file of that stage may be at)
STAGES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("applicant", 0.30, ("applied", "talked")),
    ("activist", 0.35, ("activist",)),
    ("candidate", 0.15, ("candidate", "introduced", "vetted", "trained", "checked", "prereviewed", "notice",
                         "pledged", "congress")),
    ("probationary", 0.20, ("probationary", "sworn", "confirm_applied")),
)  # fmt: skip
CONGRESS_CLOCK = ("prereviewed", "notice", "pledged", "congress")


def _clock(start: dt.date, months: int, done: dt.date | None = None) -> dict[str, Any]:
    from jiceng.core.calendar import add_months

    return {"start": start.isoformat(), "due": add_months(start, months).isoformat(),
            "done": done.isoformat() if done else None, "paused_on": None}  # fmt: skip


def _file_row(rng: random.Random, today: dt.date, person: tuple[int, int, str], flow_id: int,
              now: dt.datetime) -> tuple[Any, ...]:  # fmt: skip
    """One open file of `person` (pk, organization, path) at a drawn stage and step, with its clocks."""
    draw, stage, steps = rng.random(), STAGES[-1][0], STAGES[-1][2]
    for name, share, options in STAGES:
        if draw < share:
            stage, steps = name, options
            break
        draw -= share
    step = rng.choice(steps)
    applied = today - dt.timedelta(days=rng.randint(5, 40) if step == "applied" else rng.randint(60, 1500))
    step_on = min(today, applied + dt.timedelta(days=rng.randint(0, 30) if step in ("applied", "talked")
                                                else rng.randint(30, 400)))  # fmt: skip
    talked = applied + dt.timedelta(days=rng.randint(5, 40))
    clocks: dict[str, Any] = {"talk": _clock(applied, 1, None if step == "applied" else talked)}
    admitted = None
    if step in CONGRESS_CLOCK:
        clocks["congress"] = _clock(step_on - dt.timedelta(days=rng.randint(0, 20)), 1)
    if stage == "probationary":
        admitted = step_on - dt.timedelta(days=rng.randint(20, 60))
        clocks["approval"] = _clock(admitted, 3, admitted + dt.timedelta(days=20))
        clocks["approval_max"] = _clock(admitted, 6, admitted + dt.timedelta(days=20))
    reviewed = step_on + dt.timedelta(days=180) if stage == "activist" and rng.random() < 0.5 else None
    reviewed = reviewed if reviewed is None or reviewed <= today else None
    tags = ["外出务工经商人员"] if rng.random() < 0.1 else []
    pk, org_id, path = person
    return (now, now, clocks, path, step, stage, step_on, applied, "", None, None, reviewed, admitted, 0, flow_id,
            org_id, pk, tags)  # fmt: skip


def seed_files(total: int) -> int:
    """Open files for residents of the village branches until the county has `total`."""
    from django.db import connection, transaction
    from django.utils import timezone

    from jiceng.core import engine
    from jiceng.core.bulk import insert_rows
    from jiceng.development import flow
    from jiceng.development.models import File
    from jiceng.people.models import Person

    have = File.objects.open().count()
    if have >= total:
        return have
    today, now = timezone.localdate(), timezone.now()
    flow_id = engine.current_version(flow.CODE, today).pk
    taken = File.objects.open().values("person_id")
    residents = list(Person.objects.filter(category="resident", organization__kind="branch").exclude(pk__in=taken)
                     .order_by("pk").values_list("pk", "organization_id", "org_path"))  # fmt: skip
    rng = random.Random(13)
    people = rng.sample(residents, min(len(residents), total - have))  # spread over every township
    rows = [_file_row(rng, today, p, flow_id, now) for p in people]
    with transaction.atomic():
        for start in range(0, len(rows), 5_000):
            insert_rows(File, COLUMNS, rows[start : start + 5_000])
        with connection.cursor() as cursor:  # the category follows the file (as the actions would have set it)
            cursor.execute(
                "UPDATE people_person SET category = f.stage, updated_at = CURRENT_TIMESTAMP FROM development_file f "
                "WHERE f.person_id = "
                "people_person.id AND people_person.category = 'resident' AND f.step NOT IN ('full', 'revoked', "
                "'stopped')"
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE development_file; ANALYZE people_person")
    return File.objects.open().count()


def run(ctx: Any) -> None:
    from django.test import Client

    from jiceng.accounts.models import User
    from jiceng.development.models import File

    ensure_scale(ctx.scale)
    started = time.perf_counter()
    total = seed_files(OPEN_FILES)
    ctx.report("open development files", f"{total:,} (ready in {time.perf_counter() - started:.1f} s)")
    for username in ("township", "county"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        seen = File.objects.visible_to(user).open().count()

        def fetch(c: Client = client) -> object:
            response = c.get("/development/")
            assert response.status_code == 200
            return response

        values = timings_ms(fetch, repeat=30)
        verdict = "ok" if pct(values, 95) <= TARGET_MS else "MISSED"
        ctx.report(f"development dashboard ({username}, {seen:,} open files)",
                   summary(values) + f"  target p95 ≤ {TARGET_MS:.0f} ms: {verdict}")  # fmt: skip

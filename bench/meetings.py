"""Meetings: the compliance dashboard for a county with three years of meetings (≥150 000).

Target (PostgreSQL): county dashboard p50 ≤ 100 ms. The meetings go in with the lean bulk
insert (jiceng.core.bulk); the per-branch monthly tallies are rebuilt once afterwards, as the
actions would have kept them. Organizations are dated three years back so every branch owes
every period.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench.common import ensure_scale, summary, timings_ms

TARGET_MS = 100.0
YEARS = 3
MEETING_COLUMNS = ("organization_id", "org_path", "kind", "theme", "starts_at", "held_on", "place", "leader", "clocks",
                   "recorder", "agenda", "minutes", "report_theme", "status", "exclude_away", "notice_sent_at",
                   "notice_lead_days", "recorded_at", "created_by_id", "created_at", "updated_at")  # fmt: skip


def _month_meetings(rng: random.Random, month: dt.date) -> list[str]:
    """Kinds one village branch holds in a month (党小组会 counted for the branch, several groups)."""
    from jiceng.meetings.rules import Kind

    kinds: list[str] = [str(Kind.GROUP)] * rng.randint(8, 14) + [str(Kind.THREE_COMMITTEES)]
    kinds += [k for k, p in ((Kind.COMMITTEE, 0.92), (Kind.THEME_DAY, 0.95), (Kind.REPRESENTATIVES, 0.4))
              if rng.random() < p]  # fmt: skip
    if month.month % 3 == 0:
        kinds += [k for k, p in ((Kind.PARTY_CONGRESS, 0.88), (Kind.LESSON, 0.8)) if rng.random() < p]
    if month.month == 12:
        kinds += [k for k, p in ((Kind.LIFE_MEETING, 0.95), (Kind.REVIEW, 0.9)) if rng.random() < p]
    return kinds


def seed_meetings(start: dt.date, today: dt.date) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from jiceng.core.bulk import insert_rows
    from jiceng.meetings.actions import rebuild_tallies
    from jiceng.meetings.models import Meeting
    from jiceng.meetings.rules import Kind
    from jiceng.meetings.services import BRANCH_KINDS
    from jiceng.organizations.models import Organization

    rng = random.Random(7)
    now = timezone.now()
    branches = list(Organization.objects.filter(kind__in=BRANCH_KINDS).values_list("pk", "path"))
    townships = list(Organization.objects.filter(kind="township_committee").values_list("pk", "path"))
    rows: list[tuple[Any, ...]] = []
    month = start
    while month < today.replace(day=1):
        for pk, path in branches:
            for kind in _month_meetings(rng, month):
                rows.append(_row(pk, path, kind, month, rng, now))
        for pk, path in townships:
            rows.append(_row(pk, path, Kind.REGULAR, month, rng, now))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    with transaction.atomic():
        Organization.objects.update(created_at=timezone.make_aware(dt.datetime(start.year - 1, 12, 1)))
        insert_rows(Meeting, MEETING_COLUMNS, rows)
        rebuild_tallies()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meeting; ANALYZE meetings_meetingtally")
    return len(rows)


def _row(pk: int, path: str, kind: str, month: dt.date, rng: random.Random, now: dt.datetime) -> tuple[Any, ...]:
    from django.utils import timezone

    day = month.replace(day=rng.randint(1, 28))
    starts = timezone.make_aware(dt.datetime(day.year, day.month, day.day, rng.choice((9, 14, 19))))
    recorded = starts + dt.timedelta(days=rng.choice((0, 0, 0, 1, 3, 12)), hours=4)
    place = "村党群服务中心"
    return (pk, path, kind, "例行会议", starts, day, place, "", {}, "", "", "会议记录", "", "held", True, None, 5,
            recorded, None, now, now)  # fmt: skip


def run(ctx: Any) -> None:
    from django.test import Client
    from django.utils import timezone

    from jiceng.accounts.models import Role, User
    from jiceng.meetings import services
    from jiceng.meetings.models import Meeting, MeetingTally
    from jiceng.meetings.rules import add_months
    from jiceng.organizations.models import Organization

    ensure_scale(ctx.scale)
    today = timezone.localdate()
    start = add_months(today.replace(day=1), -12 * YEARS)
    if Meeting.objects.count() < 150_000:
        started = time.perf_counter()
        n = seed_meetings(start, today)
        ctx.report(
            "meetings generated (bulk insert + tally rebuild)", f"{n:,} in {time.perf_counter() - started:.1f} s"
        )
    ctx.report("meetings in the database", f"{Meeting.objects.count():,} ({MeetingTally.objects.count():,} tallies)")
    root = Organization.objects.get(depth=1)
    county = root if root.kind == "county_committee" else root.children_qs().first()
    township = county.children_qs().filter(kind="township_committee").first()
    user, _ = User.objects.update_or_create(
        username="bench-meetings", defaults={"organization": county, "role": Role.COUNTY_OFFICER}
    )
    client = Client()
    client.force_login(user)
    year = today.year - 1  # a whole past year: every period is judged
    branches = len(services.compliance(county, year))
    for label, org in (("township", township), ("county", county)):
        url = f"/meetings/compliance/{org.pk}/?year={year}"
        assert client.get(url).status_code == 200

        def fetch(u: str = url) -> object:
            return client.get(u)

        note = f"  target p50 ≤ {TARGET_MS:.0f} ms" if label == "county" else ""
        ctx.report(f"compliance dashboard page, {label}", summary(timings_ms(fetch, repeat=30)) + note)
    ctx.report(f"compliance computation only, county ({branches} branches)",
               summary(timings_ms(lambda: services.compliance(county, year), repeat=30)))  # fmt: skip
    api = f"/api/v1/orgs/{county.pk}/meeting-compliance?year={year}"
    from jiceng.accounts.models import ApiToken

    token = ApiToken.objects.issue(user, name="bench-meetings")
    api_client = Client(headers={"Authorization": f"Bearer {token}"})
    ctx.report("compliance API, county", summary(timings_ms(lambda: api_client.get(api), repeat=30)))
    listing = "/meetings/"
    ctx.report("meeting list page (county, first page)", summary(timings_ms(lambda: client.get(listing), repeat=30)))

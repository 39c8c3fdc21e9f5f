"""The county's monthly coverage of the care councils (issue 17): seed 002's network — 92 councils,
42 840 households — and a year of visits (every household once a month: ≈ 514 000), the county
officer's 关怀理事会 page for a month.

Target (PostgreSQL): p95 ≤ 100 ms. Councils go through the app's actions (the secretary chairs,
one 理事 per council); households and visits are bulk inserted once per bench database.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from bench.common import ensure_scale, pct, summary, timings_ms

COUNCILS, HOUSEHOLDS = 92, 42_840
TARGET_MS = 100.0


def seed(year: int) -> tuple[int, int, int]:
    from django.db import connection, transaction
    from django.utils import timezone

    from jiceng.core.actor import SYSTEM
    from jiceng.core.bulk import insert_rows
    from jiceng.core.errors import DomainError
    from jiceng.councils import actions
    from jiceng.councils.models import Council, CouncilVisit
    from jiceng.councils.queries import rebuild_coverage
    from jiceng.councils.rules import CouncillorKind
    from jiceng.households import actions as households
    from jiceng.households.models import Household
    from jiceng.organizations.models import Organization
    from jiceng.organizations.rules import OrgKind
    from jiceng.people.models import Person

    founded = dt.date(year - 1, 12, 1)
    villages = Organization.objects.filter(kind=OrgKind.BRANCH, is_village_level=True, dissolved_on__isnull=True)
    for village in villages.order_by("path"):
        if Council.objects.count() >= COUNCILS:
            break
        if Council.objects.filter(organization=village).exists():
            continue
        member = Person.objects.filter(organization=village).members().order_by("pk").first()
        if member is None:
            continue
        try:
            with transaction.atomic():
                c = actions.create_council(SYSTEM, village, founded_on=founded)
                made = actions.volunteer(SYSTEM, c, c.posts.order_by("pk")[0], kind=CouncillorKind.MEMBER_NO_POST,
                                         person=member, applied_on=founded)  # fmt: skip
                actions.confirm(SYSTEM, made, founded)
        except DomainError:
            continue  # a village without a current secretary has no council
    councils = list(Council.objects.order_by("pk").select_related("organization")[:COUNCILS])
    now = timezone.now()
    have = Household.objects.filter(grid__organization__in=[c.organization for c in councils]).count()
    if have < HOUSEHOLDS:
        rows = []
        per = HOUSEHOLDS // len(councils)
        for n, c in enumerate(councils):
            grid = households.create_grid(SYSTEM, c.organization, name="测试网格", responsible="网格员")
            count = per + (1 if n < HOUSEHOLDS - per * len(councils) else 0)
            rows += [(grid.pk, grid.org_path, f"户主{i + 1}", "", 3, "", now, now) for i in range(count)]
        columns = ("grid_id", "org_path", "head_name", "address", "size", "note", "created_at", "updated_at")
        with transaction.atomic():
            for start in range(0, len(rows), 20_000):
                insert_rows(Household, columns, rows[start : start + 20_000])
    if not CouncilVisit.objects.filter(visited_on__year=year).exists():
        by_org = {c.organization_id: c for c in councils}
        first_councillor = {c.pk: c.councillors.order_by("pk").values_list("pk", flat=True).first() for c in councils}
        houses = list(
            Household.objects.filter(grid__organization_id__in=by_org).values_list("pk", "grid__organization_id")
        )
        visit_columns = ("council_id", "org_path", "councillor_id", "household_id", "visited_on", "asked", "done",
                         "deed", "problem", "ledger_ref", "entered_by_id", "created_at", "updated_at")  # fmt: skip
        with transaction.atomic():
            for month in range(1, 13):
                visits = []
                for i, (house, org_id) in enumerate(houses):
                    c = by_org[org_id]
                    day = dt.date(year, month, 1 + i % 28)
                    visits.append((c.pk, c.org_path, first_councillor[c.pk], house, day, "了解生产生活情况", "",
                                   i % 40 == 0, "", None, None, now, now))  # fmt: skip
                for start in range(0, len(visits), 20_000):
                    insert_rows(CouncilVisit, visit_columns, visits[start : start + 20_000])
        rebuild_coverage()  # the bulk insert bypassed `record_visit`, which keeps the month rollup
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {CouncilVisit._meta.db_table}; ANALYZE {Household._meta.db_table}")
    return len(councils), Household.objects.filter(grid__organization__in=[c.organization for c in councils]).count(), \
        CouncilVisit.objects.filter(visited_on__year=year).count()  # fmt: skip


def run(ctx: Any) -> None:
    from django.test import Client
    from django.utils import timezone

    from jiceng.accounts.models import User

    ensure_scale(ctx.scale)
    year = timezone.localdate().year - 1  # a whole year of visits, the last one
    started = time.perf_counter()
    councils, houses, visits = seed(year)
    from jiceng.councils.models import CoverageMonth
    from jiceng.councils.queries import rebuild_coverage

    if not CoverageMonth.objects.exists():  # a bench database seeded before the rollup existed
        rebuild_coverage()
    ctx.report("councils, households, visits of a year", f"{councils} / {houses:,} / {visits:,} (ready in "
                                                          f"{time.perf_counter() - started:.0f} s)")  # fmt: skip
    client = Client()
    client.force_login(User.objects.get(username="county"))

    def fetch() -> object:
        response = client.get("/councils/", {"month": f"{year}-06"})
        assert response.status_code == 200
        return response

    times = timings_ms(fetch, repeat=30)
    verdict = "ok" if pct(times, 95) <= TARGET_MS else f"over the {TARGET_MS:.0f} ms target"
    ctx.report("county coverage of a month (关怀理事会)", f"{summary(times)}  {verdict}")

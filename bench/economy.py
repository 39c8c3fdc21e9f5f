"""The county collective-economy dashboard: every village-level organization of the county (285 at
county scale) with ten years of collective income, through the full Django stack, and the API.

Target (PostgreSQL): dashboard p95 ≤ 100 ms. Income items are bulk inserted once per bench database
(three to five a village a year, some of them spending) for the village-years that have none;
later runs reuse them. The demo county has 255 village branches: 30 more are added to reach 285.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench.common import ensure_scale, summary, timings_ms

YEARS = 10
SOURCES = ["land", "forest", "sand", "hydro", "tax_rebate", "rent", "enterprise", "expense_admin"]


VILLAGES = {"township": 14, "county": 285, "province": 285}


def top_up_villages(total: int) -> int:
    """The county of the bench database with `total` village branches (the demo county has 255:
    the issue's county has 285); the extra ones are added under the townships in turn."""
    from jiceng.core.actor import SYSTEM
    from jiceng.organizations import actions as org_actions
    from jiceng.organizations.models import Organization
    from jiceng.organizations.rules import OrgKind

    county = Organization.objects.filter(depth=1).order_by("path").first()
    assert county is not None
    villages = Organization.objects.filter(path__startswith=county.path, is_village_level=True)
    have = villages.count()
    towns = list(county.subtree().filter(kind=OrgKind.TOWNSHIP_COMMITTEE).order_by("path"))
    for i in range(have, total):
        town = towns[i % len(towns)]
        org_actions.create_organization(SYSTEM, parent=town, name=f"测评{i + 1}村党支部", kind=OrgKind.BRANCH,
                                        village_name=f"测评{i + 1}村", check_access=False)  # fmt: skip
    return villages.count()


def seed_income(year: int) -> tuple[int, int]:
    """Three to five items for every village and year of the ten that has none yet."""
    from django.db import connection, transaction
    from django.utils import timezone

    from jiceng.core.bulk import insert_rows
    from jiceng.economy.models import CollectiveEntry
    from jiceng.organizations.models import Organization

    villages = list(Organization.objects.filter(is_village_level=True).values_list("pk", "path"))
    first = year - YEARS + 1
    entries = CollectiveEntry.objects.filter(year__gte=first, year__lte=year)
    done = set(entries.values_list("organization_id", "year").distinct())
    now = timezone.now()
    rows: list[tuple[Any, ...]] = []
    for org_id, path in villages:
        for y in range(first, year + 1):
            rng = random.Random(f"{org_id}-{y}")  # the same village-years on every run
            if (org_id, y) in done or rng.random() < 0.3 * (year - y) / YEARS:
                continue  # entered already; or one of the poorer villages without income that year
            for _ in range(rng.randint(3, 5)):
                day = min(dt.date(y, rng.randint(1, 12), rng.randint(1, 28)), timezone.localdate())
                rows.append((org_id, path, y, day, rng.choice(SOURCES), rng.randint(1, 400) * 10_000, "", "系统",
                             now, now))  # fmt: skip
    columns = ("organization_id", "org_path", "year", "on", "source", "amount", "note", "entered_by", "created_at",
               "updated_at")  # fmt: skip
    if rows:
        with transaction.atomic():
            insert_rows(CollectiveEntry, columns, rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE economy_collectiveentry")
    return len(villages), entries.count()


def run(ctx: Any) -> None:
    from django.test import Client
    from django.utils import timezone

    from jiceng.accounts.models import ApiToken, User

    ensure_scale(ctx.scale)
    year = timezone.localdate().year
    started = time.perf_counter()
    top_up_villages(VILLAGES[ctx.scale])
    villages, items = seed_income(year)
    ctx.report("village-level organizations × years", f"{villages} × {YEARS}")
    ctx.report("collective income items", f"{items:,} (ready in {time.perf_counter() - started:.0f} s)")
    for username in ("township", "county"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for label, params in {"this year": {}, "five years ago": {"year": str(year - 5)}}.items():

            def fetch(p: dict[str, str] = params, c: Client = client) -> object:
                response = c.get("/economy/", p)
                assert response.status_code == 200
                return response

            ctx.report(f"economy dashboard ({username}) {label}",
                       summary(timings_ms(fetch, repeat=30)) + "  target p95 ≤ 100 ms")  # fmt: skip
        token = ApiToken.objects.issue(user, name="bench")
        api = Client(headers={"Authorization": f"Bearer {token}"})

        def villages_api(c: Client = api) -> object:
            response = c.get("/api/v1/economy/villages")
            assert response.status_code == 200
            return response

        ctx.report(f"economy villages API ({username})", summary(timings_ms(villages_api, repeat=20)))

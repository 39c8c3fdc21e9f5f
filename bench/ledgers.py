"""Ledgers at county scale: 500 000 items, list page with filters and statistics latency.

Targets (PostgreSQL): list page p95 ≤ 100 ms, statistics p50 ≤ 50 ms. Items are bulk inserted
(jiceng.core.bulk) once per bench database, then the statistics rollup is rebuilt; later runs
reuse them (a database migrated from before the rollup is filled by migration 0004).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench.common import ensure_scale, summary, timings_ms

ITEMS = {"township": 40_000, "county": 500_000, "province": 500_000}
COLUMNS = ("ledger_type_id", "organization_id", "org_path", "village_id", "description", "category", "collected_on",
           "status", "phase", "status_since", "deadline_start", "deadline", "resolved_on", "resolve_days", "measures",
           "extra", "source", "anonymous", "restricted", "published", "public_summary", "concerned_name",
           "reporter_name", "resolution", "escalation_level", "created_at", "updated_at", "flow_id",
           "clocks")  # fmt: skip
WORDS = ["村道破损", "饮水困难", "房屋漏雨", "因病致贫", "灌溉渠堵塞", "土地纠纷", "路灯不亮", "垃圾清运", "低保申请"]


def seed_items(total: int, today: dt.date) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from jiceng.core.bulk import insert_rows
    from jiceng.ledgers import rollup
    from jiceng.ledgers.defaults import install_templates
    from jiceng.ledgers.models import LedgerItem, LedgerType
    from jiceng.organizations.models import Organization

    have = LedgerItem.objects.count()
    if have >= total:
        return have
    started = time.perf_counter()
    install_templates()
    types = list(LedgerType.objects.filter(owner=None))
    flows = {t.pk: t.current_flow().pk for t in types}  # the workflow version the items run under
    villages = list(
        Organization.objects.filter(is_village_level=True, depth__gte=3).values_list("pk", "path", "village_id")
    )
    rng = random.Random(4)
    now = timezone.now()
    rows: list[tuple[Any, ...]] = []
    for _ in range(total - have):
        ltype = rng.choice(types)
        org_id, path, village_id = rng.choice(villages)
        collected = today - dt.timedelta(days=rng.randint(0, 3 * 365))
        roll = rng.random()
        deadline = collected + dt.timedelta(days=28)
        resolved_on = resolve_days = None
        if roll < 0.85 and collected < today - dt.timedelta(days=2):
            status, phase = "resolved", "resolved"
            resolve_days = min(rng.randint(0, 40), (today - collected).days)
            resolved_on = collected + dt.timedelta(days=resolve_days)
        elif roll < 0.88:
            status, phase = "explained", "closed"
        elif roll < 0.90:
            status, phase = "paused", "paused"
        else:
            status, phase = "in_progress", "open"
        rows.append((ltype.pk, org_id, path, village_id, f"{rng.choice(WORDS)}（{rng.randint(1, 99)}组）",
                     rng.choice(ltype.categories), collected, status, phase, collected, collected, deadline,
                     resolved_on, resolve_days, [], {}, "visit", False, ltype.restricted, False, "", "", "", "",
                     0, now, now, flows[ltype.pk], _clock(collected, deadline, phase, resolved_on)))  # fmt: skip
    with transaction.atomic():
        for start in range(0, len(rows), 50_000):
            insert_rows(LedgerItem, COLUMNS, rows[start : start + 50_000])
    inserted = time.perf_counter()
    tallies = rollup.rebuild()  # bulk inserts bypass the actions that keep the rollup
    print(f"inserted in {inserted - started:.0f} s; rollup of {tallies:,} rows rebuilt in "
          f"{time.perf_counter() - inserted:.0f} s", flush=True)  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE ledgers_ledgeritem")
            cursor.execute("ANALYZE ledgers_ledgertally")
    else:  # as the nightly job keeps them on an installation that grew to this size
        from jiceng.core import schedules

        schedules.get("db_statistics").run()
    return LedgerItem.objects.count()


def _clock(start: dt.date, due: dt.date, phase: str, resolved_on: dt.date | None) -> dict[str, Any]:
    """The "deadline" clock of a bulk-inserted item, as the engine keeps it."""
    done = (resolved_on or start) if phase in ("resolved", "closed") else None
    paused = start if phase == "paused" else None
    return {"deadline": {"start": start.isoformat(), "due": due.isoformat(),
                         "paused_on": paused.isoformat() if paused else None,
                         "done": done.isoformat() if done else None}}  # fmt: skip


LIST_QUERIES = {
    "no filter": {},
    "type = 民生": {"type": "LIVELIHOOD"},
    "phase = overdue": {"phase": "overdue"},
    "village + in progress": {"org": "VILLAGE", "phase": "open"},
    "search '饮水'": {"q": "饮水"},
    "this year": {"start": "YEAR"},
    "page 20": {"page": "20"},
}


def run(ctx: Any) -> None:
    from django.test import Client
    from django.utils import timezone

    from jiceng.accounts.models import ApiToken, User
    from jiceng.ledgers.models import LedgerItem, LedgerType
    from jiceng.organizations.models import Organization

    ensure_scale(ctx.scale)
    today = timezone.localdate()
    started = time.perf_counter()
    count = seed_items(ITEMS[ctx.scale], today)
    ctx.report("ledger items in the database", f"{count:,} (ready in {time.perf_counter() - started:.0f} s)")
    livelihood = LedgerType.objects.get(owner=None, code="livelihood").pk
    for username in ("township", "county"):
        user = User.objects.get(username=username)
        assert user.organization is not None
        village = Organization.objects.filter(path__startswith=user.organization.path, is_village_level=True).first()
        assert village is not None
        client = Client()
        client.force_login(user)
        subs = {"LIVELIHOOD": str(livelihood), "VILLAGE": str(village.pk), "YEAR": f"{today.year}-01-01"}
        visible = LedgerItem.objects.visible_to(user).count()
        ctx.report(f"items visible to {username}", f"{visible:,}")
        for label, params in LIST_QUERIES.items():
            query = {k: subs.get(v, v) for k, v in params.items()}

            def fetch(p: dict[str, str] = query, c: Client = client) -> object:
                response = c.get("/ledgers/", p, headers={"HX-Request": "true"})
                assert response.status_code == 200
                return response

            ctx.report(
                f"ledger list ({username}) {label}", summary(timings_ms(fetch, repeat=30)) + "  target p95 ≤ 100 ms"
            )
        token = ApiToken.objects.issue(user, name="bench")
        api = Client(headers={"Authorization": f"Bearer {token}"})
        year = f"{today.year}-01-01"
        stats_queries = {
            "all time": {},
            "this year": {"start": year},
            "民生 this year": {"start": year, "type": str(livelihood)},
        }
        for label, params in stats_queries.items():

            def stats(p: dict[str, str] = params, c: Client = api) -> object:
                response = c.get("/api/v1/ledgers/stats", p)
                assert response.status_code == 200, response.content[:200]
                return response

            ctx.report(
                f"ledger stats API ({username}) {label}", summary(timings_ms(stats, repeat=20)) + "  target p50 ≤ 50 ms"
            )

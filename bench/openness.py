"""公开栏: a village's public board and a township's, with three years of publications for a county.

Targets (issue 15, PostgreSQL): village board p95 ≤ 50 ms, township board p95 ≤ 100 ms. Every
village publishes a finance statement each month (five lines), 村务 and 党务 each quarter; the
rows go in with the lean bulk insert (jiceng.core.bulk).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bench.common import ensure_scale, pct, summary, timings_ms

YEARS = 3
VILLAGE_MS, TOWNSHIP_MS = 50.0, 100.0
COLUMNS = ("organization_id", "org_path", "section", "category", "title", "period_start", "period_end", "body",
           "income_total", "expense_total", "days", "status", "published_on", "shown_until", "published_at",
           "concerned", "source_ref", "created_by_name", "created_at", "updated_at")  # fmt: skip
LINE_COLUMNS = ("publication_id", "kind", "item", "amount", "position")


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def seed(today: dt.date) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from jiceng.core.bulk import insert_rows
    from jiceng.openness.models import FinanceLine, Publication
    from jiceng.organizations.models import Organization

    now = timezone.now()
    villages = list(Organization.objects.filter(is_village_level=True, dissolved_on__isnull=True)
                    .values_list("pk", "path"))  # fmt: skip
    rows: list[tuple[Any, ...]] = []
    month = today.replace(year=today.year - YEARS, day=1)
    while month < today.replace(day=1):
        end = _month_end(month)
        on = min(today, end + dt.timedelta(days=5))
        for pk, path in villages:
            rows.append((pk, path, "finance", "statement", f"{month:%Y年%m月}财务收支", month, end, "现予公布。",
                         4_200_000, 2_300_000, 30, "published", on, on + dt.timedelta(days=29), now, "", "", "系统",
                         now, now))  # fmt: skip
            if month.month % 3 == 0:
                start = month.replace(month=month.month - 2)
                for section, category in (("village", "affairs"), ("party", "organization")):
                    rows.append((pk, path, section, category, f"{month:%Y年%m月}季度公开", start, end, "现予公布。",
                                 None, None, 30, "published", on, on + dt.timedelta(days=29), now, "", "", "系统",
                                 now, now))  # fmt: skip
        month = end + dt.timedelta(days=1)
    with transaction.atomic():
        ids = insert_rows(Publication, COLUMNS, rows)
        lines = [(pk, kind, item, amount, i) for pk, row in zip(ids, rows, strict=True) if row[2] == "finance"
                 for i, (kind, item, amount) in enumerate((("income", "发包收入", 1_200_000),
                                                           ("income", "转移支付", 3_000_000),
                                                           ("expense", "村道维修", 800_000),
                                                           ("expense", "办公经费", 700_000),
                                                           ("expense", "保洁劳务", 800_000)))]  # fmt: skip
        insert_rows(FinanceLine, LINE_COLUMNS, lines)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE openness_publication; ANALYZE openness_financeline")
    return len(rows)


def run(ctx: Any) -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from jiceng.openness.models import Publication
    from jiceng.organizations.models import Organization

    ensure_scale(ctx.scale)
    today = timezone.localdate()
    if not Publication.objects.filter(created_by_name="系统", title__endswith="财务收支").exists():
        ctx.report("publications seeded (3 years, every village)", str(seed(today)))
    village = Organization.objects.filter(is_village_level=True, dissolved_on__isnull=True).order_by("path").first()
    township = Organization.objects.filter(kind="township_committee").order_by("path").first()
    assert village is not None and township is not None
    client = Client()
    for label, org, target in (("village board", village, VILLAGE_MS), ("township board", township, TOWNSHIP_MS)):
        url = reverse("openness:board", args=[org.pk])

        def fetch(url: str = url) -> object:
            response = client.get(url)
            assert response.status_code == 200
            return response

        times = timings_ms(fetch, repeat=100, warmup=5)
        verdict = "ok" if pct(times, 95) <= target else f"over the {target:.0f} ms target"
        ctx.report(f"public {label} ({ctx.engine})", f"{summary(times)}  {verdict}")

"""A county's dues summary (issue 14): 60 000 members × 12 months of payments, the county officer's
党费 page (totals per township and branch for the year), through the full Django stack.

Target (PostgreSQL): p50 ≤ 100 ms. The demo county has about 17 000 members: the bench copies
existing member rows (new names and digests, same branches) until the county has 60 000, gives
every member without one a base from January (one in ten changes it in July) and pays twelve
months for 95 % of them. Rows are bulk inserted once per bench database; later runs reuse them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from typing import Any

from bench.common import ensure_scale, summary, timings_ms

MEMBERS = {"township": 4_000, "county": 60_000, "province": 60_000}


def top_up_members(total: int) -> int:
    """Copies of existing full members (spread over the same branches) until there are `total`."""
    from jiceng.core.bulk import insert_rows
    from jiceng.people.models import Person

    members = Person.objects.members()
    have = members.count()
    if have >= total:
        return have
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    source = list(members.order_by("pk").values_list(*names)[:5_000])
    digest = names.index("id_digest")
    name = names.index("name")
    rows: list[tuple[Any, ...]] = []
    for i in range(total - have):
        row = list(source[i % len(source)])
        row[digest] = hashlib.sha256(f"bench-dues-{i}".encode()).hexdigest()
        row[name] = f"{row[name]}{i % 97}"
        rows.append(tuple(row))
    for start in range(0, len(rows), 10_000):
        insert_rows(Person, names, rows[start : start + 10_000])
    return members.count()


def seed_dues(year: int) -> tuple[int, int]:
    from django.db import connection, transaction
    from django.utils import timezone

    from jiceng.core.bulk import insert_rows
    from jiceng.dues import rollup, rules
    from jiceng.dues.models import DuesBase, Payment
    from jiceng.people.models import Person

    january = dt.date(year, 1, 1)
    members = list(Person.objects.members().values_list("pk", "org_path", "organization_id"))
    with_base = set(DuesBase.objects.values_list("person_id", flat=True))
    paid = set(Payment.objects.filter(month__gte=january).values_list("person_id", flat=True))
    now = timezone.now()
    bases: list[tuple[Any, ...]] = []
    payments: list[tuple[Any, ...]] = []
    for pk, path, org_id in members:
        rng = random.Random(pk)
        income = rng.randint(10, 150) * 10_000
        changes, pays = rng.random() < 0.1, rng.random() < 0.95  # drawn always: the same on every run
        if pk not in with_base:
            bases.append((pk, path, january, "salary", income, None, "", "", "系统", now, now, "", None))
            if changes:
                july = dt.date(year, 7, 1)
                bases.append((pk, path, july, "salary", income + 200_000, None, "", "", "系统", now, now, "", None))
        if pk not in paid and pays:
            due = rules.monthly_due("salary", income, None, "").amount
            payments.extend((pk, org_id, path, dt.date(year, m, 1), due, due, dt.date(year, m, 5), now, "branch", "",
                             "", "系统") for m in range(1, 13))  # fmt: skip
    base_columns = ("person_id", "org_path", "from_month", "kind", "income", "fixed", "relief", "note", "entered_by",
                    "created_at", "updated_at", "approved_by", "approved_on")  # fmt: skip
    pay_columns = ("person_id", "organization_id", "org_path", "month", "amount", "due", "paid_on", "entered_at",
                   "place", "place_name", "receipt", "entered_by")  # fmt: skip
    with transaction.atomic():
        for start in range(0, len(bases), 20_000):
            insert_rows(DuesBase, base_columns, bases[start : start + 20_000])
        for start in range(0, len(payments), 50_000):
            insert_rows(Payment, pay_columns, payments[start : start + 50_000])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_person; ANALYZE dues_duesbase; ANALYZE dues_payment")
    if bases or payments:  # the bulk insert bypassed the actions that keep the summary's rollup
        rollup.rebuild()
    return len(members), Payment.objects.filter(month__gte=january).count()


def run(ctx: Any) -> None:
    from django.test import Client
    from django.utils import timezone

    from jiceng.accounts.models import User

    ensure_scale(ctx.scale)
    year = timezone.localdate().year
    started = time.perf_counter()
    top_up_members(MEMBERS[ctx.scale])
    members, payments = seed_dues(year)
    ctx.report("members × months", f"{members:,} × 12 ({payments:,} payments, ready in "
                                   f"{time.perf_counter() - started:.0f} s)")  # fmt: skip
    for username in ("county", "township"):
        client = Client()
        client.force_login(User.objects.get(username=username))

        def fetch(c: Client = client) -> object:
            response = c.get("/dues/", {"year": str(year)})
            assert response.status_code == 200
            return response

        ctx.report(
            f"dues summary ({username}), the year", summary(timings_ms(fetch, repeat=20)) + "  target p50 ≤ 100 ms"
        )

"""The statistics rollup (`LedgerTally`): what each item adds, applied on every write, rebuilt on demand.

- `item_keys(item)` lists the rows an item counts in: for each ancestor scope of its organization
  (and the organization itself) × the periods all time, its year, its month.
- `record(before, after)` applies the difference in the writer's transaction: one
  `INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`, keys sorted so that concurrent writers
  lock rows in the same order (no deadlock) and no read-modify-write race exists.
- `rebuild(prefix)` recomputes the rows of a subtree from the items (after bulk loads, and when
  an organization moves: the copies of tree paths change).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear

from jiceng.core.bulk import insert_rows
from jiceng.organizations.models import Organization

from .models import LedgerItem, LedgerTally, Phase

STEP = Organization.steplen
# scope, period, path, ledger type id, restricted, phase, deadline month, resolve days
Key = tuple[str, int, str, int, bool, str, int, int]
FIELDS = ("scope", "period", "path", "ledger_type_id", "restricted", "phase", "deadline_month", "resolve_days")


def month_code(day: dt.date) -> int:
    return day.year * 100 + day.month


def _fan(org_path: str, type_id: int, restricted: bool, year: int, month: int, phase: str, deadline_month: int,
         resolve_days: int, min_depth: int = 1) -> list[Key]:  # fmt: skip
    periods = (0, year, year * 100 + month)
    keys = []
    for depth in range(max(1, min_depth), len(org_path) // STEP + 1):
        scope, path = org_path[: depth * STEP], org_path[: (depth + 1) * STEP]
        keys += [(scope, p, path, type_id, restricted, phase, deadline_month, resolve_days) for p in periods]
    return keys


def item_keys(item: LedgerItem) -> list[Key]:
    deadline = month_code(item.deadline) if item.phase == Phase.OPEN and item.deadline else 0
    days = item.resolve_days if item.phase == Phase.RESOLVED and item.resolve_days is not None else -1
    collected = item.collected_on
    return _fan(item.org_path, item.ledger_type_id, item.restricted, collected.year, collected.month, item.phase,
                deadline, days)  # fmt: skip


def record(before: Iterable[Key], after: Iterable[Key]) -> None:
    """Apply an item's change (call inside the item's transaction)."""
    delta = Counter(after)
    delta.subtract(before)
    rows = sorted((*key, n) for key, n in delta.items() if n)
    if rows:
        _upsert(rows)


def _upsert(rows: Sequence[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    table = quote(LedgerTally._meta.db_table)
    columns = [quote(name) for name in FIELDS]  # the column names
    values = ", ".join(["(" + ", ".join(["%s"] * (len(FIELDS) + 1)) + ")"] * len(rows))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}, {quote('n')}) VALUES {values} "
        f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET {quote('n')} = {table}.{quote('n')} + excluded.{quote('n')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def rebuild(prefix: str = "", *, items: Any = LedgerItem, tallies: Any = LedgerTally) -> int:
    """Recompute the rows of every scope within `prefix` (a tree path; "" = everything).

    The items are grouped by place, type, month, phase, deadline month and days in one query;
    the fan-out to scopes and periods happens here. Returns the number of rows written.
    """
    depth = len(prefix) // STEP
    grouped = (
        items.objects.filter(org_path__startswith=prefix)
        .order_by()
        .values(
            "org_path", "ledger_type_id", "restricted", "phase", year=ExtractYear("collected_on"),
            month=ExtractMonth("collected_on"),
            deadline_month=Case(When(phase=Phase.OPEN, deadline__isnull=False,
                                     then=ExtractYear("deadline") * 100 + ExtractMonth("deadline")),
                                default=Value(0), output_field=IntegerField()),
            days=Case(When(phase=Phase.RESOLVED, resolve_days__isnull=False, then=F("resolve_days")),
                      default=Value(-1), output_field=IntegerField()),
        )
        .annotate(n=Count("id"))
    )  # fmt: skip
    counts: Counter[Key] = Counter()
    for row in grouped.iterator(chunk_size=10_000):
        keys = _fan(row["org_path"], row["ledger_type_id"], row["restricted"], row["year"], row["month"],
                    row["phase"], row["deadline_month"], row["days"], min_depth=depth)  # fmt: skip
        for key in keys:
            counts[key] += row["n"]
    rows = sorted((*key, n) for key, n in counts.items())  # in key order: a scope's rows share pages
    with transaction.atomic():
        tallies.objects.filter(scope__startswith=prefix).delete()
        for start in range(0, len(rows), 50_000):
            insert_rows(tallies, (*FIELDS, "n"), rows[start : start + 50_000])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # planner statistics for the new rows
            cursor.execute(f"ANALYZE {connection.ops.quote_name(tallies._meta.db_table)}")
    return len(rows)


def live_counts() -> Counter[Key]:
    """Every item's keys counted from scratch (tests compare this with the table)."""
    counts: Counter[Key] = Counter()
    for item in LedgerItem.objects.order_by().iterator():
        counts.update(item_keys(item))
    return counts


def stored_counts() -> Counter[Key]:
    rows = LedgerTally.objects.exclude(n=0).values_list(*FIELDS, "n")
    return Counter({tuple(row[:-1]): row[-1] for row in rows})  # type: ignore[misc]

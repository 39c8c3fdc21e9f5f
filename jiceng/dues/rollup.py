"""The rollup behind the dues summary (党费收缴汇总): per organization path, the members, what
they owe month by month (as rate changes) and what was paid, so that a county's year reads a
few thousand small rows instead of every member's bases and payments (ADR 0013 addendum).

- **Paid** (`PaidMonth`) is added by `actions.record_payment` in the payment's own transaction:
  payments are never changed or deleted.
- **Owed and members** (`DueRate`, `MemberCount`) depend on people records that other apps change
  (a transfer, a category set by the development pipeline, a roster import). Rather than a hook
  in every one of them, `sync()` reads again the people and the bases changed since the last sync
  (by `updated_at`, from the earliest time a write it could not see yet may carry: see `_horizon`),
  compares each with what
  the rollup holds for them (`Tracked`) and applies the difference. The summary calls it first,
  so it is exact whenever it is read; a deleted person is taken out by a signal.
- A moved organization rewrites `org_path` in these tables as in every other
  (organizations.actions.move), so the rollup follows.
- `rebuild()` recomputes everything (bulk loads that bypass `updated_at`, and the tests'
  comparison with a recount).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from jiceng.people.models import Person

from . import rules
from .models import DueRate, DuesBase, MemberCount, PaidMonth, RollupState, Tracked

SLACK = dt.timedelta(seconds=10)  # the application's clock against the database's, and a statement in flight
CHUNK = 2_000

Deltas = dict[dt.date, int]


def _deltas(bases: list[tuple[dt.date, int]]) -> Deltas:
    """Monthly dues from each base's month on, as changes of the monthly rate."""
    out: Deltas = {}
    previous = 0
    for month, due in sorted(bases):
        if due != previous:
            out[month] = due - previous
        previous = due
    return out


def _current(person_ids: list[int]) -> dict[int, tuple[str, bool, Deltas]]:
    """What the records say now for these people (absent: the person no longer exists)."""
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "org_path"))
    members = set(Person.objects.filter(pk__in=person_ids).members().values_list("pk", flat=True))
    bases: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    dues: dict[tuple[Any, ...], int] = {}
    columns = ("person_id", "from_month", "kind", "income", "fixed", "relief")
    for pk, month, *key in DuesBase.objects.filter(person_id__in=members).values_list(*columns):
        if (k := tuple(key)) not in dues:
            dues[k] = rules.monthly_due(*k).amount
        bases[pk].append((month, dues[k]))
    return {pk: (path, pk in members, _deltas(bases[pk]) if pk in members else {}) for pk, path in people.items()}


def _apply(person_ids: list[int]) -> None:
    """Bring the rollup to the records for these people (idempotent)."""
    rate: dict[tuple[str, dt.date], int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    held = {t.person_id: t for t in Tracked.objects.filter(person_id__in=person_ids)}
    now = _current(person_ids)
    changed: list[Tracked] = []
    gone: list[int] = []
    for pk in person_ids:
        old, new = held.get(pk), now.get(pk)
        old_key = (old.org_path, old.member, {dt.date.fromisoformat(m): d for m, d in old.deltas}) if old else None
        if old_key == new:
            continue
        if old is not None and old_key is not None:
            path, member, deltas = old_key
            count[path] -= int(member)
            for month, delta in deltas.items():
                rate[path, month] -= delta
        if new is None:
            gone.append(pk)
            continue
        path, member, deltas = new
        count[path] += int(member)
        for month, delta in deltas.items():
            rate[path, month] += delta
        changed.append(Tracked(person_id=pk, org_path=path, member=member,
                               deltas=[[m.isoformat(), d] for m, d in sorted(deltas.items())]))  # fmt: skip
    if gone:
        Tracked.objects.filter(person_id__in=gone).delete()
    if changed:
        Tracked.objects.bulk_create(changed, update_conflicts=True, unique_fields=["person_id"],
                                    update_fields=["org_path", "member", "deltas"])  # fmt: skip
    _add(DueRate, {k: v for k, v in rate.items() if v}, "delta", ("org_path", "month"))
    _add(MemberCount, {(k,): v for k, v in count.items() if v}, "members", ("org_path",))


def _add(model: Any, amounts: dict[tuple[Any, ...], int], column: str, keys: tuple[str, ...]) -> None:
    """Add `amounts` to `column` of the rows keyed by `keys` (created at 0 when missing)."""
    if not amounts:
        return
    from django.db.models import Q

    match = Q()
    for key in amounts:
        match |= Q(**dict(zip(keys, key, strict=True)))
    have = {tuple(getattr(row, k) for k in keys): row for row in model.objects.select_for_update().filter(match)}
    new, update = [], []
    for key, amount in amounts.items():
        if (row := have.get(key)) is None:
            new.append(model(**dict(zip(keys, key, strict=True)), **{column: amount}))
        else:
            setattr(row, column, getattr(row, column) + amount)
            update.append(row)
    model.objects.bulk_create(new)
    model.objects.bulk_update(update, [column])


def add_paid(rows: Iterable[Any]) -> None:
    """Payments just written (in the caller's transaction)."""
    amounts: dict[tuple[Any, ...], int] = defaultdict(int)
    for row in rows:
        amounts[row.org_path, row.month] += row.amount
    _add(PaidMonth, amounts, "amount", ("org_path", "month"))


def _in_chunks(ids: list[int]) -> None:
    for start in range(0, len(ids), CHUNK):
        _apply(ids[start : start + CHUNK])


def _horizon(started: dt.datetime) -> dt.datetime:
    """The earliest `updated_at` that a write this sync cannot see yet may carry: the next sync reads
    again from there, so a transaction that commits late is still seen, and a bulk load is read once
    (a fixed margin of minutes made every summary read the whole load again for that long).

    - PostgreSQL: a write not visible now belongs to a transaction open now (its `updated_at` is
      set after it began) or to one that begins later; the oldest open transaction bounds both.
    - SQLite: every transaction begins IMMEDIATE, so none is open while this one runs; a write in
      autocommit takes its `updated_at` before it waits for the lock, at most the busy timeout.
    """
    earliest = started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"  # not autovacuum's
            )
            (oldest,) = cursor.fetchone()
        earliest = min(earliest, oldest) if oldest is not None else earliest
    else:
        earliest -= dt.timedelta(seconds=connection.settings_dict["OPTIONS"].get("timeout", 5))
    return earliest - SLACK


def sync() -> None:
    """Read again what changed since the last sync's horizon (all of it the first time)."""
    started = timezone.now()
    with transaction.atomic():
        horizon = _horizon(started)  # before any read of the records (each statement sees what committed before it)
        state, _ = RollupState.objects.select_for_update().get_or_create(pk=1)
        if state.read_from is None or state.read_from > started:  # never synced, or the clock went back
            _rebuild_all()
        else:
            since = state.read_from
            ids = set(Person.objects.filter(updated_at__gte=since).order_by().values_list("pk", flat=True))
            ids |= set(DuesBase.objects.filter(updated_at__gte=since).order_by().values_list("person_id", flat=True))
            _in_chunks(sorted(ids))
        state.read_from = horizon
        state.save(update_fields=["read_from"])


def _rebuild_all() -> None:
    from .models import Payment

    Tracked.objects.all().delete()
    DueRate.objects.all().delete()
    MemberCount.objects.all().delete()
    PaidMonth.objects.all().delete()
    ids = sorted(Person.objects.values_list("pk", flat=True))
    _in_chunks(ids)
    paid = Payment.objects.values("org_path", "month").annotate(s=Sum("amount")).order_by()
    PaidMonth.objects.bulk_create(PaidMonth(org_path=r["org_path"], month=r["month"], amount=r["s"]) for r in paid)


def rebuild() -> None:
    """Everything recomputed from the records (after a bulk load that bypassed the actions)."""
    with transaction.atomic():
        state, _ = RollupState.objects.select_for_update().get_or_create(pk=1)
        state.read_from = None
        state.save(update_fields=["read_from"])
    sync()


def person_deleted(person_id: int) -> None:
    """A deleted person leaves the rollup (signal receiver, in the delete's transaction)."""
    if Tracked.objects.filter(person_id=person_id).exists():
        _apply([person_id])


def _index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def figures(root_path: str, first: dt.date, last: dt.date) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Per organization path under `root_path`: members now, owed and paid over `first`–`last`."""
    sync()
    members = dict(MemberCount.objects.filter(org_path__startswith=root_path, members__gt=0)
                   .values_list("org_path", "members"))  # fmt: skip
    owed: dict[str, int] = defaultdict(int)
    lo, hi = _index(first), _index(last)
    rates = DueRate.objects.filter(org_path__startswith=root_path, month__lte=last).exclude(delta=0)
    for path, month, delta in rates.values_list("org_path", "month", "delta"):
        owed[path] += delta * max(0, hi - max(_index(month), lo) + 1)
    paid = PaidMonth.objects.filter(org_path__startswith=root_path, month__gte=first, month__lte=last)
    paid_by = dict(paid.values_list("org_path").annotate(s=Sum("amount")).values_list("org_path", "s"))
    return members, dict(owed), paid_by

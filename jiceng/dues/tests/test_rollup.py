"""The summary's rollup (dues/rollup.py) against a recount from the records, after every kind of
change, read between the changes: bases, payments, transfers, category changes, a deletion, a
moved organization and a bulk load that bypassed the actions."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiceng.core.actor import SYSTEM
from jiceng.dues import queries, rollup, rules
from jiceng.dues.models import DuesBase, Payment, RollupState
from jiceng.organizations import actions as org_actions
from jiceng.people import actions as people_actions
from jiceng.people.models import Person
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

from .factories import TODAY, D, base, member, pay

FIRST, LAST = D(2024, 1, 1), D(2024, 12, 1)


def recount(tree: Any) -> list[tuple[str, int, int, int]]:
    """Per branch: members, owed month by month from each member's bases, paid — from the records."""
    out = []
    for branch in tree.county.subtree().filter(kind__in=queries.BRANCH_KINDS).order_by("path"):
        people = list(Person.objects.in_subtree(branch).members())
        owed = 0
        for person in people:
            bases = [(b.from_month, b) for b in DuesBase.objects.filter(person=person).order_by("from_month")]
            for month in rules.months(FIRST, LAST):
                found = rules.base_on(bases, month)
                owed += found.due.amount if found else 0
        paid = Payment.objects.filter(org_path__startswith=branch.path, month__gte=FIRST, month__lte=LAST)
        out.append((branch.name, len(people), owed, sum(p.amount for p in paid)))
    return out


def summary(tree: Any) -> list[tuple[str, int, int, int]]:
    rows = [b for town in queries.totals(tree.county, FIRST, LAST) for b in town.branches]
    return sorted(((b.org.name, b.members, b.due, b.paid) for b in rows), key=lambda r: r[0])


def test_each_kind_of_change_is_in_the_next_summary(tree: Any) -> None:
    a = member(tree.east1, "甲", income=400_000)  # 40.00 a month from January
    b = member(tree.east2, "乙", income=300_000, since=D(2024, 7, 1))  # 15.00 from July
    pay(a, D(2024, 1, 1), count=3)
    east1 = ("东一村党支部", 1, 12 * 4_000, 3 * 4_000)
    assert summary(tree) == sorted([east1, ("东二村党支部", 1, 6 * 1_500, 0), ("西一村党支部", 0, 0, 0)])

    base(b, D(2024, 10, 1), income=600_000)  # 90.00 from October
    people_actions.transfer_person(SYSTEM, b, tree.west1, on=D(2024, 11, 1), reason="out", today=TODAY)
    expected = sorted([east1, ("东二村党支部", 0, 0, 0), ("西一村党支部", 1, 3 * 1_500 + 3 * 9_000, 0)])
    assert summary(tree) == expected == sorted(recount(tree))

    b.refresh_from_db()
    b.category = Category.RESIDENT  # no longer a member (by whatever page): owes nothing, is not counted
    b.save()
    c = make_person(tree.east2, "丙")  # a new person without a base
    assert summary(tree) == sorted([east1, ("东二村党支部", 1, 0, 0), ("西一村党支部", 0, 0, 0)])
    c.delete()
    assert summary(tree) == sorted(recount(tree))


def test_a_moved_organization_takes_its_figures_along(tree: Any) -> None:
    a = member(tree.east2, "甲", income=400_000)
    pay(a, D(2024, 1, 1), count=2)
    summary(tree)
    org_actions.move_organization(SYSTEM, tree.east2, tree.west)
    towns = {t.org.name: (t.members, t.due, t.paid) for t in queries.totals(tree.county, FIRST, LAST)}
    assert towns == {"东镇党委": (0, 0, 0), "西镇党委": (1, 12 * 4_000, 2 * 4_000)}


def test_a_bulk_load_is_counted_after_a_rebuild(tree: Any) -> None:
    a = member(tree.east1, "甲", income=400_000)
    summary(tree)
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    DuesBase.objects.filter(person=a).update(income=600_000, updated_at=long_ago)
    Person.objects.filter(pk=a.pk).update(updated_at=long_ago)
    assert summary(tree)[0][2] == 12 * 4_000  # a write that bypassed everything is not seen …
    rollup.rebuild()
    assert summary(tree)[0][2] == 12 * 9_000  # … until the rollup is rebuilt


def test_a_clock_that_went_back_rebuilds(tree: Any) -> None:
    member(tree.east1, "甲", income=400_000)
    summary(tree)
    RollupState.objects.update(read_from=dt.datetime(2999, 1, 1, tzinfo=dt.UTC))
    assert summary(tree) == sorted(recount(tree))


def _read_by_syncs(monkeypatch: Any, times: int) -> list[list[int]]:
    """The person ids each of `times` syncs reads again."""
    read: list[list[int]] = []
    apply = rollup._apply

    def recorded(ids: list[int]) -> None:
        read[-1].extend(ids)
        apply(ids)

    monkeypatch.setattr(rollup, "_apply", recorded)
    for _ in range(times):
        read.append([])
        rollup.sync()
    return read


def test_a_load_is_read_once_not_for_minutes_after(tree: Any, monkeypatch: Any) -> None:
    a, b = member(tree.east1, "甲", income=400_000), member(tree.east2, "乙", income=300_000)
    c = member(tree.west1, "丙", income=300_000)
    summary(tree)
    now = timezone.now()
    RollupState.objects.update(read_from=now - dt.timedelta(hours=1))
    five_minutes_ago = now - dt.timedelta(minutes=5)  # a load that ended five minutes ago
    DuesBase.objects.filter(person__in=[a, b]).update(income=600_000)
    for model, key in ((DuesBase, "person__in"), (Person, "pk__in")):
        model.objects.filter(**{key: [a.pk, b.pk, c.pk]}).update(updated_at=five_minutes_ago)
    assert _read_by_syncs(monkeypatch, 2) == [sorted([a.pk, b.pk, c.pk]), []]
    assert summary(tree) == sorted(recount(tree))


def test_a_write_that_took_its_time_before_the_sync_and_committed_after_is_seen(tree: Any) -> None:
    a = member(tree.east1, "甲", income=400_000)
    summary(tree)
    read_from = RollupState.objects.get().read_from
    assert read_from is not None
    earlier = read_from + dt.timedelta(seconds=1)  # before the last sync began
    DuesBase.objects.filter(person=a).update(income=600_000, updated_at=earlier)
    assert summary(tree)[0][2] == 12 * 9_000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_a_transaction_open_through_a_sync_is_seen_after_it_commits(tree: Any, monkeypatch: Any) -> None:
    """An import that wrote an hour before the syncs (the clock is set on) and committed after."""
    a = member(tree.east1, "甲", income=400_000)
    summary(tree)
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:  # now(): the start of the other transaction
            cursor.execute("UPDATE dues_duesbase SET income = 600000, updated_at = now() WHERE person_id = %s", [a.pk])
        later = timezone.now() + dt.timedelta(hours=1)
        monkeypatch.setattr(rollup.timezone, "now", lambda: later)
        assert summary(tree)[0][2] == 12 * 4_000  # not committed yet
        other.commit()
    finally:
        other.close()
    assert summary(tree)[0][2] == 12 * 9_000


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=2**32))
def test_random_changes_read_between_them_equal_the_recount(tree: Any, seed: int) -> None:
    from django.db import transaction

    rng = random.Random(seed)
    branches = [tree.east1, tree.east2, tree.west1]
    with transaction.atomic():
        sid = transaction.savepoint_create()
        people = [make_person(rng.choice(branches), f"员{seed % 1000}-{i}") for i in range(4)]
        for _ in range(12):
            person = rng.choice(people)
            person.refresh_from_db()
            move = rng.randrange(5)
            if move == 0 and person.is_member:
                base(person, D(2024, rng.randint(1, 12), 1), income=rng.randint(1, 20) * 100_000)
            elif move == 1 and person.is_member and DuesBase.objects.filter(person=person).exists():
                month = D(2024, rng.randint(1, 12), 1)
                bases = [(b.from_month, b) for b in DuesBase.objects.filter(person=person)]
                in_force = rules.base_on(bases, month)
                if in_force is not None and not Payment.objects.filter(person=person, month=month).exists():
                    pay(person, month)
            elif move == 2:
                to = rng.choice([b for b in branches if b.pk != person.organization_id])
                people_actions.transfer_person(SYSTEM, person, to, on=TODAY, reason="out", today=TODAY)
            elif move == 3:
                person.category = rng.choice([Category.FULL, Category.PROBATIONARY, Category.RESIDENT])
                person.save()
            if rng.random() < 0.5:
                assert summary(tree) == sorted(recount(tree))
        assert summary(tree) == sorted(recount(tree))
        transaction.savepoint_rollback(sid)

"""The statistics rollup stays equal to a recount, and statistics from it equal the live ones."""

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command

from jiceng.core.errors import DomainError
from jiceng.ledgers import actions, rollup, stats
from jiceng.ledgers.models import LedgerItem, LedgerTally
from jiceng.ledgers.tests.factories import make_item
from jiceng.organizations import actions as org_actions

CODES = ["livelihood", "hardship", "crime_clues"]
FIRST, LAST = dt.date(2025, 11, 1), dt.date(2026, 7, 10)
TODAYS = [LAST, dt.date(2026, 7, 22), dt.date(2026, 9, 30)]
PERIODS = [
    (None, None),
    (dt.date(2026, 1, 1), None),
    (dt.date(2025, 12, 15), dt.date(2026, 3, 10)),
    (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    (dt.date(2026, 3, 5), dt.date(2026, 3, 20)),
    (None, dt.date(2026, 4, 30)),
    (dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
    (dt.date(2026, 7, 1), None),
]


def random_history(rng: random.Random, tree, officer) -> None:
    """Items in every kind of place (county, township, villages, a party group), then random moves."""
    places = [tree.county, tree.east, tree.east1, tree.east2, tree.west1, tree.group]
    made = []
    for _ in range(30):
        on = FIRST + dt.timedelta(days=rng.randint(0, (LAST - FIRST).days))
        made.append(make_item(rng.choice(places), rng.choice(CODES), collected_on=on))
    for _ in range(90):
        item = LedgerItem.objects.select_related("ledger_type").get(pk=rng.choice(made).pk)
        moves = item.definition.moves_from(item.status)
        if not moves:
            continue
        move = rng.choice(moves)
        on = max(item.status_since, item.collected_on) + dt.timedelta(days=rng.randint(0, 25))
        actions.move_item(officer, item, move.target, today=on, assignee=officer, resolution="已处理", note="说明")


def same(found: stats.Overview, expected: stats.Overview) -> bool:
    def rows(rs: list[stats.Row]) -> list[tuple[object, ...]]:
        return [(r.label, r.tally, r.key) for r in rs]

    return (found.total, rows(found.by_type), rows(found.by_child)) == (
        expected.total,
        rows(expected.by_type),
        rows(expected.by_child),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollup_equals_a_recount_and_statistics_equal_the_live_ones(seed, tree, personas):
    # Given a random history of items and moves (pauses, reopenings, explanations included)
    random_history(random.Random(seed), tree, personas["county_officer"])
    # Then the rollup kept by the actions equals a recount of every item
    assert rollup.stored_counts() == rollup.live_counts()
    assert sum(rollup.stored_counts().values()) > 0
    # And every persona's statistics (scope, type, period, day) equal those counted from the items
    views = [
        ("county_officer", tree.county), ("county_officer", tree.west), ("township_officer", tree.east),
        ("township_officer", tree.east1), ("village_secretary", tree.east1), ("village_secretary", tree.group),
        ("member", tree.east1),
    ]  # fmt: skip
    livelihood = LedgerItem.objects.filter(ledger_type__code="livelihood").values_list("ledger_type_id", flat=True)
    for role, scope in views:
        user = personas[role]
        for type_id in (None, livelihood.first()):
            for today in TODAYS:
                for start, end in PERIODS:
                    period = stats.Period(start, end)
                    items = LedgerItem.objects.visible_to(user).filter(org_path__startswith=scope.path)
                    if type_id:
                        items = items.filter(ledger_type_id=type_id)
                    expected = stats.overview(period.apply(items), scope, today)
                    found = stats.overview_for(user, scope, today, ledger_type_id=type_id, period=period)
                    assert same(found, expected), (role, scope.name, type_id, today, start, end)


def test_rebuild_reproduces_the_rows_and_an_organization_move_rebuilds(tree, personas):
    random_history(random.Random(7), tree, personas["county_officer"])
    kept = rollup.stored_counts()
    # A full rebuild gives the same rows; so does a rebuild of one township (the rest untouched)
    LedgerTally.objects.all().delete()
    rollup.rebuild()
    assert rollup.stored_counts() == kept
    LedgerTally.objects.filter(scope__startswith=tree.east.path).update(n=99)
    rollup.rebuild(tree.east.path)
    assert rollup.stored_counts() == kept
    # When 东一村 moves to the other township, its items count there (tree paths changed)
    org_actions.move_organization(personas["county_officer"], tree.east1, tree.west)
    assert rollup.stored_counts() == rollup.live_counts()
    assert rollup.stored_counts() != kept


def test_a_refused_move_leaves_the_rollup_alone(tree, personas):
    officer = personas["township_officer"]
    item = make_item(tree.east1, collected_on=dt.date(2026, 3, 2))
    stale = LedgerItem.objects.get(pk=item.pk)
    actions.move_item(officer, item, "assigned", today=dt.date(2026, 3, 2), assignee=officer)
    before = rollup.stored_counts()
    with pytest.raises(DomainError):
        actions.move_item(officer, stale, "assigned", today=dt.date(2026, 3, 3), assignee=officer)
    assert rollup.stored_counts() == before == rollup.live_counts()


def test_an_item_counts_under_each_ancestor_and_its_own_organization(tree):
    item = make_item(tree.group, collected_on=dt.date(2026, 3, 2))
    scopes = {(scope, path) for scope, _, path, *_ in rollup.item_keys(item)}
    assert scopes == {
        (tree.county.path, tree.east.path),
        (tree.east.path, tree.east1.path),
        (tree.east1.path, tree.group.path),
        (tree.group.path, tree.group.path),  # 本级 of the party group
    }
    periods = sorted({period for _, period, *_ in rollup.item_keys(item)})
    assert periods == [0, 2026, 202603]


@pytest.mark.parametrize(
    ("start", "end", "periods", "live"),
    [
        (None, None, [(0, 0)], []),
        ("2026-01-01", None, [(2026, 9999)], []),
        ("2026-01-01", "2026-12-31", [(2026, 9999)], []),  # ends after today: nothing later exists
        ("2025-03-01", "2025-12-31", [(202503, 202512)], []),
        ("2024-11-15", "2025-12-31", [(2025, 2025), (202412, 202412)], [("2024-11-15", "2024-11-30")]),
        (None, "2025-05-10", [(1, 2024), (202501, 202504)], [("2025-05-01", "2025-05-10")]),
        ("2025-03-05", "2025-03-20", [], [("2025-03-05", "2025-03-20")]),
        ("2025-03-05", "2025-04-02", [], [("2025-03-05", "2025-04-02")]),
        ("2025-03-20", "2025-03-05", [], []),
    ],
)
def test_split_period(start, end, periods, live):
    def day(value):
        return dt.date.fromisoformat(value) if value else None

    split = stats.split_period(day(start), day(end), dt.date(2026, 11, 23))
    assert split.periods == periods
    assert split.live == [(day(a), day(b)) for a, b in live]


def test_rollup_command_rebuilds_and_checks(tree):
    make_item(tree.east1, collected_on=dt.date(2026, 3, 2))
    LedgerTally.objects.update(n=5)
    out = io.StringIO()
    call_command("ledger_rollup", "--check", stdout=out)
    assert "不一致 9 行" in out.getvalue()  # (县, 镇, 村本级) × (all time, year, month)
    call_command("ledger_rollup", "--org", str(tree.east.pk), stdout=out)
    call_command("ledger_rollup", "--check", stdout=out)
    assert "不一致 3 行" in out.getvalue()  # the county's rows were outside 东镇
    call_command("ledger_rollup", stdout=out)
    call_command("ledger_rollup", "--check", stdout=out)
    assert out.getvalue().endswith("不一致 0 行\n")

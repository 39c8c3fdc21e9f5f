"""Statistics reproduce a hand-made dataset exactly."""

import datetime as dt

import pytest

from jiceng.ledgers import actions, stats
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import make_item

DAY = dt.date(2026, 3, 2)  # Monday


@pytest.fixture
def dataset(tree, personas):
    """东一村 民生: 5 items — resolved after 2, 4 and 9 days, one overdue, one new.
    东二村 民生: 2 items — one resolved after 6 days, one explained. 东一村 困难群众: 1 resolved after 1 day.
    One 民生 item of 东一村 collected in 2025 (outside the period)."""
    officer = personas["township_officer"]

    def item(org, code="livelihood", on=DAY):
        return make_item(org, code, collected_on=on)

    def resolve(it, days):
        actions.move_item(officer, it, "assigned", today=it.collected_on, assignee=officer)
        actions.move_item(officer, it, "resolved", today=it.collected_on + dt.timedelta(days=days), resolution="好")

    for days in (2, 4, 9):
        resolve(item(tree.east1), days)
    late = item(tree.east1)
    actions.move_item(officer, late, "assigned", today=DAY, assignee=officer)  # deadline 30 March
    item(tree.east1)
    resolve(item(tree.east2), 6)
    explained = item(tree.east2)
    actions.move_item(officer, explained, "assigned", today=DAY, assignee=officer)
    actions.move_item(officer, explained, "in_progress", today=DAY)
    actions.move_item(officer, explained, "explained", today=DAY, resolution="政策不允许，已解释")
    resolve(item(tree.east1, "hardship"), 1)
    item(tree.east1, on=dt.date(2025, 6, 1))
    return stats.Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_tally_by_type(dataset, personas):
    items = dataset.apply(LedgerItem.objects.visible_to(personas["township_officer"]))
    rows = {r.label: r.tally for r in stats.by_type(items, dt.date(2026, 4, 1))}
    assert rows["民生问题台账"] == stats.rules.Tally(collected=7, resolved=4, closed=1, overdue=1, median_days=5.0)
    assert rows["困难群众台账"] == stats.rules.Tally(collected=1, resolved=1, closed=0, overdue=0, median_days=1.0)
    assert rows["民生问题台账"].resolution_rate == 57.1
    assert stats.sentences(stats.by_type(items, dt.date(2026, 4, 1))) == [
        "民生问题台账：共收集民生问题7件，已解决4件，2件正在解决，1件已解释说明，其中1件已逾期",
        "困难群众台账：共收集困难群众问题1件，已解决1件，0件正在解决",
    ]


def test_tally_by_village_and_whole_period(dataset, tree, personas):
    items = dataset.apply(LedgerItem.objects.visible_to(personas["county_officer"]))
    by_village = {r.label: r.tally for r in stats.by_child(items, tree.east, dt.date(2026, 3, 3))}
    assert by_village == {
        "东一村党支部": stats.rules.Tally(collected=6, resolved=4, closed=0, overdue=0, median_days=3.0),
        "东二村党支部": stats.rules.Tally(collected=2, resolved=1, closed=1, overdue=0, median_days=6.0),
    }
    by_township = {r.label: r.tally.collected for r in stats.by_child(items, tree.county, DAY)}
    assert by_township == {"东镇党委": 8}
    everything = stats.tally(LedgerItem.objects.all(), DAY)
    assert (everything.collected, everything.in_progress, everything.median_days) == (9, 3, 4.0)


def test_village_secretary_counts_only_their_village(dataset, personas):
    items = LedgerItem.objects.visible_to(personas["village_secretary"])
    assert stats.tally(dataset.apply(items), DAY).collected == 6


def test_visit_quota_compliance(tree, personas):
    from django.utils import timezone

    officer = personas["township_officer"]
    today = timezone.localdate()
    weekly = actions.assign_liaison(officer, user=officer, organization=tree.east1, start_on=dt.date(2020, 1, 1))
    monthly = actions.assign_liaison(
        officer, user=officer, organization=tree.east2, level="leader", start_on=dt.date(2020, 1, 1)
    )
    actions.record_visit(officer, organization=tree.east1, kind="resident", visited_on=today, visitee="群众甲")
    actions.record_visit(officer, organization=tree.east2, kind="able", visited_on=today, visitee="能人乙")
    rows = {
        c.assignment.pk: (c.done, c.required, c.met)
        for c in stats.compliance(type(weekly).objects.visible_to(officer), today)
    }
    assert rows == {weekly.pk: (1, 1, True), monthly.pk: (1, 2, False)}


def test_overview_agrees_with_the_hand_made_figures(dataset, tree, personas):
    items = dataset.apply(LedgerItem.objects.visible_to(personas["township_officer"]))
    found = stats.overview(items, tree.east, dt.date(2026, 4, 1))
    assert found.total == stats.rules.Tally(collected=8, resolved=5, closed=1, overdue=1, median_days=4.0)
    assert [(r.label, r.tally) for r in found.by_type] == [
        (r.label, r.tally) for r in stats.by_type(items, dt.date(2026, 4, 1))
    ]
    assert {r.label: r.tally for r in found.by_child} == {
        "东一村党支部": stats.rules.Tally(collected=6, resolved=4, closed=0, overdue=1, median_days=3.0),
        "东二村党支部": stats.rules.Tally(collected=2, resolved=1, closed=1, overdue=0, median_days=6.0),
    }

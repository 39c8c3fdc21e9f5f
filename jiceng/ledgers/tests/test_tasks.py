"""The daily task with a fixed "today": warnings, escalation upward, paused items left alone."""

import datetime as dt

import pytest

from jiceng.accounts.models import Role
from jiceng.core.models import CalendarDay
from jiceng.ledgers import actions
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tasks import daily_check, run_daily
from jiceng.ledgers.tests.factories import make_item

MONDAY = dt.date(2026, 9, 7)  # deadline of a 民生 item assigned today: 20 working days → Monday 5 October


@pytest.fixture(autouse=True)
def no_holidays(db):
    """The dates below count weekends only (the shipped 2026 holidays are left out)."""
    CalendarDay.objects.filter(scope="").delete()


def assigned(tree, personas, **extra):
    item = make_item(tree.east1, collected_on=MONDAY, **extra)
    secretary = personas["village_secretary"]
    actions.move_item(secretary, item, "assigned", today=MONDAY, assignee=secretary)
    return item


def test_warning_once_at_the_share_of_allowed_time(tree, personas):
    item = assigned(tree, personas)
    assert item.deadline == dt.date(2026, 10, 5)
    # 28 calendar days allowed; 80% = 22 days → warn from 29 September.
    assert run_daily(dt.date(2026, 9, 28)).warned == 0
    assert run_daily(dt.date(2026, 9, 29)).warned == 1
    assert run_daily(dt.date(2026, 9, 30)).warned == 0
    item.refresh_from_db()
    assert item.warned_on == dt.date(2026, 9, 29)


def test_overdue_item_escalates_to_township_then_county(tree, personas):
    item = assigned(tree, personas)
    assert run_daily(dt.date(2026, 10, 5)).escalated == 0  # the deadline day itself is not overdue
    assert run_daily(dt.date(2026, 10, 6)).escalated == 1
    item.refresh_from_db()
    assert (item.escalation_level, item.escalated_to, item.escalated_on) == (
        1,
        personas["township_officer"],
        dt.date(2026, 10, 6),
    )
    # Not again the next day; again after five more working days, to the county.
    assert run_daily(dt.date(2026, 10, 7)).escalated == 0
    assert run_daily(dt.date(2026, 10, 12)).escalated == 0
    assert run_daily(dt.date(2026, 10, 13)).escalated == 1
    item.refresh_from_db()
    assert (item.escalation_level, item.escalated_to) == (2, personas["county_officer"])
    labels = list(item.events().filter(kind="escalate").values_list("note", flat=True))
    assert labels == ["逾期（期限 2026-10-05），上报至 east_officer", "逾期（期限 2026-10-05），上报至 county"]
    # Nobody above the county: the item stays where it is.
    assert run_daily(dt.date(2026, 10, 30)).escalated == 0


def test_paused_and_resolved_items_are_not_escalated(tree, personas):
    officer = personas["township_officer"]
    paused = assigned(tree, personas)
    actions.move_item(officer, paused, "paused", today=MONDAY, note="等待汛期结束")
    done = assigned(tree, personas)
    actions.move_item(officer, done, "resolved", today=MONDAY, resolution="已解决")
    assert run_daily(dt.date(2026, 11, 30)).escalated == 0
    assert LedgerItem.objects.filter(escalation_level__gt=0).count() == 0


def test_escalation_skips_levels_without_officers(tree, personas):
    personas["township_officer"].role = Role.MEMBER
    personas["township_officer"].save()
    item = assigned(tree, personas)
    run_daily(dt.date(2026, 10, 6))
    item.refresh_from_db()
    assert item.escalated_to == personas["county_officer"]


def test_the_task_runs_through_the_task_backend(tree, personas):
    assigned(tree, personas)
    result = daily_check.enqueue("2026-10-06")
    assert result.return_value == {"warned": 0, "escalated": 1}

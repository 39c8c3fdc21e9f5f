"""Duty gaps: working days (holidays and 调休 from the calendar) on the rota without a log."""

from __future__ import annotations

import datetime as dt

from jiceng.core.calendar import Calendar
from jiceng.core.dates import entry_gap_days
from jiceng.core.holidays import SHIPPED_DAYS
from jiceng.duty import rules

D = dt.date
CAL = Calendar(holidays=frozenset(d for d, work, _ in SHIPPED_DAYS if not work),
               workdays=frozenset(d for d, work, _ in SHIPPED_DAYS if work))  # fmt: skip


def test_gaps_skip_holidays_and_count_a_saturday_made_a_working_day() -> None:
    # October 2026: 1–7 国庆节 (Monday the 5th off), Saturday the 10th 调休上班; rota on Mondays and Saturdays.
    start, end = rules.month_bounds(2026, 10)
    found = rules.gaps(start, end, {0, 5}, {D(2026, 10, 12)}, CAL.is_business_day, today=D(2026, 12, 1))
    assert found == [D(2026, 10, 10), D(2026, 10, 19), D(2026, 10, 26)]


def test_days_after_today_are_not_gaps_yet() -> None:
    start, end = rules.month_bounds(2026, 10)
    assert rules.gaps(start, end, {0, 5}, set(), CAL.is_business_day, today=D(2026, 10, 19)) == [
        D(2026, 10, 10), D(2026, 10, 12), D(2026, 10, 19)]  # fmt: skip


def test_no_rota_no_gaps_and_month_bounds() -> None:
    assert rules.gaps(D(2026, 3, 1), D(2026, 3, 31), set(), set(), CAL.is_business_day, today=D(2026, 12, 1)) == []
    assert rules.month_bounds(2024, 2) == (D(2024, 2, 1), D(2024, 2, 29))
    assert rules.month_bounds(2026, 12) == (D(2026, 12, 1), D(2026, 12, 31))


def test_a_log_entered_more_than_three_days_later_is_late() -> None:
    assert (
        entry_gap_days(D(2026, 10, 12), D(2026, 10, 15)),
        entry_gap_days(D(2026, 10, 12), D(2026, 10, 16)),
    ) == (3, 4)

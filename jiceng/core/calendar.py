"""The business calendar: weekends, public holidays and 调休 working days, per county.

Rules (each date is data, never code):
- Saturdays and Sundays are not working days unless listed as a working day (调休, e.g.
  2026-01-04 周日上班); listed holidays are not working days (国务院办公厅 annual notice on the
  holiday arrangements; 《全国年节及纪念日放假办法》 for the statutory days).
- The shipped calendar (`holidays.SHIPPED_DAYS`, stored as rows with an empty `scope`) serves
  everyone; a county adds or overrides days for its own subtree (`scope` = the county organization's tree path).

`Calendar` is pure; `load_calendar(path)` reads the days that apply to an organization's path.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Calendar:
    """Weekends are off unless listed in `workdays` (调休); `holidays` are off."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def is_business_day(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.workdays

    def add_days(self, start: dt.date, days: int, business: bool = True) -> dt.date:
        """The date `days` (working) days after `start`: the deadline of a step taken on `start`."""
        if not business:
            return start + dt.timedelta(days=days)
        day, left = start, days
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_business_day(day):
                left -= 1
        return day

    def days_between(self, start: dt.date, end: dt.date, business: bool = True) -> int:
        """(Working) days in (start, end]: how much clock a pause from `start` to `end` stopped."""
        if end <= start:
            return 0
        if not business:
            return (end - start).days
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_business_day(start + dt.timedelta(i)))

    def next_business_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the next one (a period starts on a working day)."""
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later; the 31st becomes the month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


def add_month_starts(month: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `month`'s (dues and league dues count in months)."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def add_period(
    calendar: Calendar, start: dt.date, *, years: int = 0, months: int = 0, days: int = 0, business: bool = False
) -> dt.date:
    """`start` + years + months (calendar) + days (working days when `business`)."""
    day = add_months(start, years * 12 + months) if years or months else start
    return calendar.add_days(day, days, business) if days else day


def ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    """The tree paths of a node's ancestors and itself (materialized paths of `steplen` chars)."""
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


def load_calendar(path: str = "") -> Calendar:
    """The shipped days overridden by the days of the county (or any ancestor) of `path`."""
    from .models import CalendarDay

    scopes = ["", *ancestor_paths(path)] if path else [""]
    days: dict[dt.date, bool] = {}
    # Shorter scopes first: a county's own entry for a day replaces the shipped one.
    rows = CalendarDay.objects.filter(scope__in=scopes).values_list("scope", "day", "is_workday")
    for _, day, work in sorted(rows, key=lambda r: len(r[0])):
        days[day] = work
    return Calendar(
        holidays=frozenset(d for d, work in days.items() if not work),
        workdays=frozenset(d for d, work in days.items() if work),
    )

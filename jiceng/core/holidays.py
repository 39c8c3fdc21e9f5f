"""The shipped business calendar (rows with an empty scope), kept in code and stored after every
migrate (`sync_shipped_calendar`), so a release brings next year's days without a data migration.

2026: 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）, holidays and 调休 working days.
2027: the statutory holidays of 《全国年节及纪念日放假办法》(2024年修订) 第二条 only; the 调休
arrangement is announced late in 2026 and entered by the county (日历页面) when it is published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def _span(year: int, month: int, first: int, last: int, name: str) -> list[tuple[dt.date, bool, str]]:
    return [(dt.date(year, month, d), False, name) for d in range(first, last + 1)]


SHIPPED_DAYS: list[tuple[dt.date, bool, str]] = [
    *_span(2026, 1, 1, 3, "元旦"), (dt.date(2026, 1, 4), True, "元旦调休上班"),
    *_span(2026, 2, 15, 23, "春节"), (dt.date(2026, 2, 14), True, "春节调休上班"),
    (dt.date(2026, 2, 28), True, "春节调休上班"),
    *_span(2026, 4, 4, 6, "清明节"),
    *_span(2026, 5, 1, 5, "劳动节"), (dt.date(2026, 5, 9), True, "劳动节调休上班"),
    *_span(2026, 6, 19, 21, "端午节"),
    *_span(2026, 9, 25, 27, "中秋节"),
    *_span(2026, 10, 1, 7, "国庆节"), (dt.date(2026, 9, 20), True, "国庆节调休上班"),
    (dt.date(2026, 10, 10), True, "国庆节调休上班"),
    (dt.date(2027, 1, 1), False, "元旦（法定）"),
    *_span(2027, 2, 5, 8, "春节（法定）"),
    (dt.date(2027, 4, 5), False, "清明节（法定）"),
    *_span(2027, 5, 1, 2, "劳动节（法定）"),
    (dt.date(2027, 6, 9), False, "端午节（法定）"),
    (dt.date(2027, 9, 15), False, "中秋节（法定）"),
    *_span(2027, 10, 1, 3, "国庆节（法定）"),
]  # fmt: skip


def sync_shipped_calendar(model: Any = None) -> int:
    """Store the shipped days that are missing or differ (the county's own rows are untouched)."""
    if model is None:
        from .models import CalendarDay as model
    stored = {
        day: (work, name) for day, work, name in model.objects.filter(scope="").values_list("day", "is_workday", "name")
    }
    changed = 0
    for day, work, name in SHIPPED_DAYS:
        if stored.get(day) != (work, name):
            model.objects.update_or_create(scope="", day=day, defaults={"is_workday": work, "name": name})
            changed += 1
    return changed

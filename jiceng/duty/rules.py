"""Rules of the village cadres' duty (值班). Pure: no database.

seed 004: "统一制作了村支部值班牌，落实了村干部值班日志，通过村干部轮流坐班和定期联合办公" — the rota
names who sits in the village office on each weekday; each day on duty gets a log entry.

- A gap is a working day (the county's business calendar: weekends, holidays, 调休) whose weekday
  has someone on the rota and which has no log entry. Days after `today` are not gaps yet.
- A log may be written late; it keeps the duty date beside the entry date and is shown as 补录
  when entered more than `LATE_AFTER_DAYS` days later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
LATE_AFTER_DAYS = 3


def gaps(start: dt.date, end: dt.date, rota_days: Collection[int], logged: Collection[dt.date],
         is_working: Callable[[dt.date], bool], today: dt.date) -> list[dt.date]:  # fmt: skip
    """Working days in [start, min(end, today)] with someone on the rota and no log entry."""
    last = min(end, today)
    days = (start + dt.timedelta(days=i) for i in range((last - start).days + 1))
    return [d for d in days if d.weekday() in rota_days and is_working(d) and d not in logged]


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)

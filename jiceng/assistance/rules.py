"""Pure rules of pairings (结对帮扶) and the hardship fund (困难党员帮扶基金).

Source: seed 004 (乡党建工作总结), read 2026-12-03:
- 一带一: “机关党员100%参与帮扶；每一名贫困党员都有一名党员干部结对帮扶；每季度上门联系、
  走访一次；每年为贫困党员送温暖一次；每年为每个帮扶对象……办一件实事”;
- 双联双定双带: 党员联系村务分类定责、联系群众包户定责 (“132名党员参与……联系村务的党员69名，
  联系9类村务……联系困难群众包户定责的党员93名，联系122名困难群众”);
- the fund: “向上级争取、政府自筹、社会募捐……捐一日工资”, “补助因病、因残、因灾、因祸或年老
  体弱等特殊情况困难的党员”; “为全乡20户贫困党员建立台账……为17多名贫困党员送去慰问金1100元，
  解决实际问题7件”.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models


class PairKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "一带一结对帮扶"
    AFFAIR = "affair", "双联双定双带·联系村务"
    HARDSHIP = "hardship", "双联双定双带·联系困难群众"


# Seed 004: 双联双定双带 is the two kinds of link (村务, 困难群众).
SHUANGLIAN = frozenset({PairKind.AFFAIR, PairKind.HARDSHIP})


class VillageAffair(models.TextChoices):
    """Seed 004 names only the count (“联系9类村务”); these nine are the usual 分类定责 list."""

    OPENNESS = "openness", "村务公开"
    FINANCE = "finance", "财务管理"
    FAMILY = "family", "计划生育"
    SECURITY = "security", "社会治安综合治理"
    DISPUTES = "disputes", "矛盾纠纷调解"
    LAND = "land", "土地管理"
    WORKS = "works", "基础设施建设"
    INDUSTRY = "industry", "产业发展"
    SANITATION = "sanitation", "环境卫生"


class ContactKind(models.TextChoices):
    VISIT = "visit", "上门走访"
    WARMTH = "warmth", "送温暖"
    DEED = "deed", "办实事"


class IncomeKind(models.TextChoices):
    """Seed 004: 向上级争取、政府自筹、社会募捐、捐一日工资."""

    HIGHER = "higher", "上级争取"
    GOVERNMENT = "government", "政府自筹"
    DONATION = "donation", "社会募捐"
    DAY_WAGE = "day_wage", "捐一日工资"


class GrantReason(models.TextChoices):
    """Seed 004: 因病、因残、因灾、因祸或年老体弱."""

    ILLNESS = "illness", "因病"
    DISABILITY = "disability", "因残"
    DISASTER = "disaster", "因灾"
    ACCIDENT = "accident", "因祸"
    AGE = "age", "年老体弱"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    first = dt.date(year, 3 * quarter - 2, 1)
    nxt = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@dataclass(frozen=True)
class Duties:
    """Seed 004 五个一 for a pair in a year: each quarter's visit ("done", "missed", "due" for the
    quarter in progress, "" outside the pair's time), the year's 送温暖 and 实事 (None: not due)."""

    quarters: tuple[str, str, str, str]
    warmth: bool | None
    deed: bool | None

    @property
    def missed(self) -> int:
        return self.quarters.count("missed") + (self.warmth is False) + (self.deed is False)


def duties(kind: str, started_on: dt.date, ended_on: dt.date | None, contacts: Iterable[tuple[dt.date, str]],
           year: int, today: dt.date) -> Duties:  # fmt: skip
    """Seed 004 (每季度上门联系、走访一次；每年送温暖一次；每年办一件实事): the duties of a 一带一
    pair in `year`, counted from its contact records. A quarter the pair did not span is not
    due; the quarter in progress is "due" until it is done; the yearly duties are False only
    once the year (or the pair) is over without them. Other kinds have no fixed duties."""
    rows = [(on, k) for on, k in contacts if on.year == year]
    if kind != PairKind.ONE_TO_ONE:
        return Duties(("", "", "", ""), None, None)
    end = ended_on or dt.date.max
    marks = []
    for q in range(1, 5):
        first, last = quarter_bounds(year, q)
        if started_on > last or end < first or first > today:
            marks.append("")
        elif any(k == ContactKind.VISIT and first <= on <= last for on, k in rows):
            marks.append("done")
        else:
            marks.append("due" if today <= min(last, end) else "missed")
    active = started_on <= dt.date(year, 12, 31) and end >= dt.date(year, 1, 1) and dt.date(year, 1, 1) <= today
    over = today > min(dt.date(year, 12, 31), end)

    def yearly(wanted: str) -> bool | None:
        if not active:
            return None
        if any(k == wanted for _, k in rows):
            return True
        return False if over else None

    q1, q2, q3, q4 = marks
    return Duties((q1, q2, q3, q4), yearly(ContactKind.WARMTH), yearly(ContactKind.DEED))


def percent(part: int, whole: int) -> int:
    return part * 100 // whole if whole else 0


def lowest_balance_after(balance_on: int, later: Iterable[tuple[dt.date, int]]) -> int:
    """The lowest balance from a date on: its balance, then each later movement in date order
    (income +, grant −). A grant paid on that date may not exceed it: a backdated grant must not
    overdraw a later date either (seed 004 fund: a grant is paid from what is in the fund)."""
    by_day: dict[dt.date, int] = {}
    for on, delta in later:
        by_day[on] = by_day.get(on, 0) + delta
    low = running = balance_on
    for on in sorted(by_day):  # the balance "at a date" is the day's closing balance
        running += by_day[on]
        low = min(low, running)
    return low

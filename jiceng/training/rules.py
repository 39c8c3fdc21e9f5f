"""Pure rules of training hours (培训学时), versioned by the date they judge.

《中国共产党党员教育管理工作条例》(2019), as read from secondary copies (article numbers in one
place, `RULES_2019`, so a correction or a revision is one new `RuleSet`):
- 第十四条: a member's concentrated study and training is generally at least 32 学时 a year;
  the secretaries and committee members of basic-level party organizations at least 56 学时.
The usual counting of a session (local practice, configurable per county later): one day = 8
学时, half a day = 4 学时, otherwise by the hour. A 党课 recorded in the meetings app counts
2 学时 for every attendee present; a meeting held "以会代训" counts the hours marked on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

STATUTE = "《中国共产党党员教育管理工作条例》"


class SessionKind(models.TextChoices):
    CONCENTRATED = "concentrated", "集中培训"
    LESSON = "lesson", "党课"
    REMOTE = "remote", "远程教育"
    VISIT = "visit", "外出考察"
    MEETING = "meeting", "以会代训"
    OTHER = "other", "其他"


KIND_BY_LABEL = {label: value for value, label in SessionKind.choices}


class Unit(models.TextChoices):
    DAY = "day", "按天"
    HALF_DAY = "half_day", "按半天"
    HOUR = "hour", "按学时"


@dataclass(frozen=True)
class Counting:
    """How a session's length becomes 学时 (a county may count differently)."""

    day_hours: Decimal = Decimal(8)
    half_day_hours: Decimal = Decimal(4)
    lesson_hours: Decimal = Decimal(2)  # a 党课 of the meetings app without hours of its own


COUNTING = Counting()


@dataclass(frozen=True)
class RuleSet:
    name: str
    valid_from: dt.date
    member_hours: int = 32
    cadre_hours: int = 56
    articles: tuple[tuple[str, str], ...] = ()

    def cite(self, key: str) -> str:
        return STATUTE + dict(self.articles)[key]


RULES_2019 = RuleSet(name="2019年版", valid_from=dt.date(2019, 5, 6), articles=(("hours", "第十四条"),))
# Newest last; a revision is one more RuleSet with its own `valid_from`.
VERSIONS: tuple[RuleSet, ...] = (RULES_2019,)


def rules_on(day: dt.date, versions: Sequence[RuleSet] = VERSIONS) -> RuleSet:
    """The rules in force on `day`."""
    found = [v for v in versions if v.valid_from <= day]
    return found[-1] if found else versions[0]


def span_days(starts_on: dt.date, ends_on: dt.date) -> int:
    return (ends_on - starts_on).days + 1


def length_problem(unit: str, amount: Decimal, starts_on: dt.date, ends_on: dt.date) -> str | None:
    """Why a session of `amount` units between the two dates cannot be counted, or None."""
    if ends_on < starts_on:
        return "结束日期不能早于开始日期"
    if amount <= 0:
        return "培训时长应大于0"
    days = span_days(starts_on, ends_on)
    most = {Unit.DAY: days, Unit.HALF_DAY: 2 * days, Unit.HOUR: 12 * days}[Unit(unit)]
    if amount > most:
        return f"培训时长超过了{days}天的日程（最多{most}{Unit(unit).label[1:]}）"
    if unit != Unit.HOUR and amount != amount.to_integral_value():
        return "按天或按半天计时，时长应为整数"
    return None


def session_hours(unit: str, amount: Decimal, counting: Counting = COUNTING) -> Decimal:
    """学时 of one participant: a day = 8, half a day = 4, otherwise the hours themselves."""
    if unit == Unit.DAY:
        return amount * counting.day_hours
    if unit == Unit.HALF_DAY:
        return amount * counting.half_day_hours
    return amount


def session_days(unit: str, amount: Decimal) -> Decimal:
    """Training days of a session (what 《发展党员工作细则》's "3 days or 24 学时" reads); 0 by the hour."""
    if unit == Unit.DAY:
        return amount
    if unit == Unit.HALF_DAY:
        return amount / 2
    return Decimal(0)


def birth_problem(name: str, birth: dt.date, starts_on: dt.date) -> str | None:
    if starts_on < birth:
        return f"{name}出生于{birth:%Y-%m-%d}，不能登记此前的培训学时"
    return None


def required_hours(is_member: bool, is_cadre: bool, rs: RuleSet = RULES_2019) -> int | None:
    """The yearly requirement (第十四条): 56 for secretaries and committee members, 32 for members,
    none for people who are not members."""
    if is_cadre:
        return rs.cadre_hours
    if is_member:
        return rs.member_hours
    return None


def shortfall(hours: Decimal, required: int | None) -> Decimal:
    """学时 still missing (0 when met or when nothing is required)."""
    if required is None:
        return Decimal(0)
    return max(Decimal(0), Decimal(required) - hours)


LATE_AFTER_DAYS = 7  # entered more than a week after the session's end: shown as 补录

"""Pure rules of volunteer service and the village youth league branch (团支部).

- Youth (青年): 14 to 35 full years of age (《中长期青年发展规划（2016—2025年）》: "青年，年龄范围是14—35周岁").
- League age: 14 to 28 (《中国共产主义青年团章程》第一条: "年龄在十四周岁以上，二十八周岁以下的中国青年").
  Seed 004 counts "14—35周岁青年632人，14-28岁青年421人，14-28岁团员141人": the counts are read from
  people records' birth dates at a chosen date (both ends included: a 35-year-old is youth until
  their 36th birthday).
- 团费: integer fen a month (《中国共产主义青年团团费收缴、使用和管理规定》: 农村团员、学生团员和无收入团员
  每月0.20元 is the default amount; others as the branch sets it).
- Service hours: per participant, more than 0 and at most 24 a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import models

from jiceng.core.errors import DomainError

YOUTH_AGES = (14, 35)
LEAGUE_AGES = (14, 28)
DEFAULT_LEAGUE_DUES = 20  # 0.20 元 a month
MAX_DUES_MONTHS = 12
CITES = {
    "youth": "《中长期青年发展规划（2016—2025年）》",
    "league": "《中国共产主义青年团章程》第一条",
    "dues": "《中国共产主义青年团团费收缴、使用和管理规定》",
}


class TeamKind(models.TextChoices):
    PARTY = "party", "党员志愿服务队"
    ELDERS = "elders", "五老志愿服务队"
    PATROL = "patrol", "义务巡查队"
    YOUTH = "youth", "青年志愿服务队"
    OTHER = "other", "其他志愿服务队"


class ServiceKind(models.TextChoices):
    BLOOD = "blood", "献血"
    CLINIC = "clinic", "义诊"
    PUBLICITY = "publicity", "宣传"
    PATROL = "patrol", "巡查"
    CLEANING = "cleaning", "环境清理"
    VISIT = "visit", "慰问帮扶"
    CONVENIENCE = "convenience", "便民服务"
    OTHER = "other", "其他"


class LeaveReason(models.TextChoices):
    OVER_AGE = "over_age", "超龄离团"
    JOINED_PARTY = "joined_party", "入党后不再保留团籍"
    MOVED = "moved", "转出"
    OTHER = "other", "其他"


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _years_before(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year that has none
        return on.replace(year=on.year - years, day=28)


def birth_window(on: dt.date, ages: tuple[int, int]) -> tuple[dt.date, dt.date]:
    """A window of birth dates that holds everyone aged ages[0]..ages[1] on `on` (a prefilter for
    the database, one day wider each side; `in_ages` decides exactly)."""
    return _years_before(on, ages[1] + 1) - dt.timedelta(days=1), _years_before(on, ages[0]) + dt.timedelta(days=1)


def in_ages(birth: dt.date, on: dt.date, ages: tuple[int, int]) -> bool:
    return ages[0] <= age_on(birth, on) <= ages[1]


def count_in_ages(births: Iterable[dt.date], on: dt.date, ages: tuple[int, int]) -> int:
    return sum(1 for b in births if in_ages(b, on, ages))


def check_hours(hours: Decimal | None) -> None:
    if hours is None:
        raise DomainError("请填写每人服务时长")
    if not hours.is_finite() or hours <= 0:
        raise DomainError("服务时长应大于零")
    if hours > 24:
        raise DomainError("每人每天服务时长不能超过24小时")
    if hours != hours.quantize(Decimal("0.1")):
        raise DomainError("服务时长最多一位小数")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)

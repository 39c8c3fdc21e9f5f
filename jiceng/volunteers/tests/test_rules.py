"""Ages at a date (both ends of 14–35 and 14–28), the birth window, service hours."""

from decimal import Decimal

import pytest

from jiceng.core.calendar import add_month_starts
from jiceng.core.errors import DomainError
from jiceng.volunteers import rules

from .factories import D

ON = D(2024, 6, 30)


@pytest.mark.parametrize(
    ("birth", "youth", "league_age"),
    [(D(2010, 7, 1), False, False),  # 13, turns 14 tomorrow
     (D(2010, 6, 30), True, True),  # 14 today
     (D(1995, 7, 1), True, True),  # 28, turns 29 tomorrow
     (D(1995, 6, 30), True, False),  # 29 today
     (D(1988, 7, 1), True, False),  # 35, turns 36 tomorrow
     (D(1988, 6, 30), False, False)],  # 36 today
)  # fmt: skip
def test_age_bands_on_both_sides(birth, youth, league_age):
    assert rules.in_ages(birth, ON, rules.YOUTH_AGES) is youth
    assert rules.in_ages(birth, ON, rules.LEAGUE_AGES) is league_age


def test_leap_day_birth():
    assert rules.age_on(D(2008, 2, 29), D(2022, 2, 28)) == 13
    assert rules.age_on(D(2008, 2, 29), D(2022, 3, 1)) == 14


def test_birth_window_holds_everyone_of_the_ages():
    after, before = rules.birth_window(ON, rules.YOUTH_AGES)
    assert (after, before) == (D(1988, 6, 29), D(2010, 7, 1))
    births = [D(2010, 7, 1), D(2010, 6, 30), D(1988, 7, 1), D(1988, 6, 30)]
    assert [after < b < before for b in births] == [False, True, True, True]  # the window is wider; in_ages decides
    assert rules.count_in_ages(births, ON, rules.YOUTH_AGES) == 2


@pytest.mark.parametrize(("hours", "message"), [(None, "请填写"), (Decimal(0), "大于零"), (Decimal("-1"), "大于零"),
                                                (Decimal("24.5"), "24小时"), (Decimal("1.25"), "一位小数")])  # fmt: skip
def test_hours_refused(hours, message):
    with pytest.raises(DomainError, match=message):
        rules.check_hours(hours)


def test_hours_accepted():
    rules.check_hours(Decimal("2.5"))
    rules.check_hours(Decimal(24))


def test_months():
    assert (rules.month_start(D(2024, 5, 17)), add_month_starts(D(2024, 11, 1), 3)) == (D(2024, 5, 1), D(2025, 2, 1))

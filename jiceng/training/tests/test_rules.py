"""Training rules: the counting of a session and the yearly requirement (第十四条), by version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jiceng.training import rules
from jiceng.training.rules import Unit

D = dt.date


def test_a_day_counts_8_hours_half_a_day_4_otherwise_by_the_hour() -> None:
    assert rules.session_hours(Unit.DAY, Decimal(3)) == Decimal(24)
    assert rules.session_hours(Unit.HALF_DAY, Decimal(1)) == Decimal(4)
    assert rules.session_hours(Unit.HALF_DAY, Decimal(3)) == Decimal(12)
    assert rules.session_hours(Unit.HOUR, Decimal("2.5")) == Decimal("2.5")


def test_a_county_may_count_a_day_differently() -> None:
    counting = rules.Counting(day_hours=Decimal(6), half_day_hours=Decimal(3))
    assert rules.session_hours(Unit.DAY, Decimal(2), counting) == Decimal(12)
    assert rules.session_hours(Unit.HALF_DAY, Decimal(1), counting) == Decimal(3)


def test_training_days_of_a_session() -> None:
    assert rules.session_days(Unit.DAY, Decimal(3)) == Decimal(3)
    assert rules.session_days(Unit.HALF_DAY, Decimal(3)) == Decimal("1.5")
    assert rules.session_days(Unit.HOUR, Decimal(8)) == Decimal(0)


def test_the_length_must_fit_the_dates() -> None:
    first, third = D(2024, 3, 5), D(2024, 3, 7)
    assert rules.length_problem(Unit.DAY, Decimal(3), first, third) is None
    assert rules.length_problem(Unit.DAY, Decimal(4), first, third) == "培训时长超过了3天的日程（最多3天）"
    assert rules.length_problem(Unit.HALF_DAY, Decimal(6), first, third) is None
    assert rules.length_problem(Unit.HALF_DAY, Decimal(7), first, third) == "培训时长超过了3天的日程（最多6半天）"
    assert rules.length_problem(Unit.HOUR, Decimal(13), first, first) == "培训时长超过了1天的日程（最多12学时）"
    assert rules.length_problem(Unit.DAY, Decimal(1), third, first) == "结束日期不能早于开始日期"
    assert rules.length_problem(Unit.HOUR, Decimal(0), first, first) == "培训时长应大于0"
    assert rules.length_problem(Unit.DAY, Decimal("1.5"), first, third) == "按天或按半天计时，时长应为整数"


def test_no_hours_before_the_person_was_born() -> None:
    born = D(2000, 6, 1)
    assert rules.birth_problem("李青", born, D(2000, 6, 1)) is None
    assert rules.birth_problem("李青", born, D(2000, 5, 31)) == "李青出生于2000-06-01，不能登记此前的培训学时"


def test_required_hours_by_role_cite_article_14() -> None:
    rs = rules.rules_on(D(2024, 12, 31))
    assert rs is rules.RULES_2019
    assert rules.required_hours(is_member=True, is_cadre=False, rs=rs) == 32
    assert rules.required_hours(is_member=True, is_cadre=True, rs=rs) == 56
    assert rules.required_hours(is_member=False, is_cadre=False, rs=rs) is None
    assert rs.cite("hours") == "《中国共产党党员教育管理工作条例》第十四条"


def test_a_revision_applies_from_its_own_date() -> None:
    revised = rules.RuleSet(name="修订", valid_from=D(2030, 1, 1), member_hours=40, articles=(("hours", "第十五条"),))
    versions = (rules.RULES_2019, revised)
    assert rules.rules_on(D(2029, 12, 31), versions).member_hours == 32
    assert rules.rules_on(D(2030, 1, 1), versions).member_hours == 40


def test_shortfall() -> None:
    assert rules.shortfall(Decimal(30), 32) == Decimal(2)
    assert rules.shortfall(Decimal(32), 32) == Decimal(0)
    assert rules.shortfall(Decimal(60), 56) == Decimal(0)
    assert rules.shortfall(Decimal(0), None) == Decimal(0)

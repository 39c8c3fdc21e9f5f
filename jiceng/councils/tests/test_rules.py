"""The pure rules: amounts of the county's money, the 组长 majority, target kinds, coverage."""

import datetime as dt

import pytest

from jiceng.core.errors import DomainError
from jiceng.councils import rules


def test_county_money_in_fen() -> None:
    assert rules.entry_amount("county_grant", 0, None) == 100_000
    assert rules.entry_amount("performance", 3, None) == 150_000
    assert rules.entry_amount("other", 0, 12_345) == 12_345
    with pytest.raises(DomainError, match="请填写演出场次"):
        rules.entry_amount("performance", 0, None)
    with pytest.raises(DomainError, match="请填写收入金额"):
        rules.entry_amount("other", 0, 0)


def test_leader_needs_more_than_half_of_the_votes_cast() -> None:
    assert rules.majority(3, 5, 6) is None
    assert rules.majority(2, 4, 6) == "得票未超过参加推选人数的半数，不能当选组长"
    assert rules.majority(3, 7, 6) == "参加推选的党员理事应为 1 至 6 人"
    assert rules.majority(6, 5, 6) == "得票数不能多于参加推选的人数"
    assert rules.majority(1, 1, 0) == "该岗位还没有已确认的党员理事，不能推选组长"


def test_target_detail_belongs_to_its_kind() -> None:
    assert rules.detail_problem("special", "cult") is None
    assert rules.detail_problem("hardship", "cult") == "“特困群众”下没有这一细类，请重新选择"
    assert rules.detail_problem("nobody", "cult") == "请选择关怀对象类别"


def test_coverage_is_complete_only_when_every_household_was_visited() -> None:
    assert (rules.Coverage(39, 40, 1).complete, rules.Coverage(39, 40, 1).percent) == (False, 97)
    assert (rules.Coverage(40, 40, 0).complete, rules.Coverage(40, 40, 0).percent) == (True, 100)
    assert rules.Coverage(0, 0, 0).complete is False
    assert rules.month_bounds(dt.date(2024, 12, 9)) == (dt.date(2024, 12, 1), dt.date(2025, 1, 1))

"""The pure rules: whole shares, rent, the exact split and its remainder rule, dividends within
the distributable income, the principal schedule, the 空壳村 test and the 155 targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng.core.errors import DomainError
from jiceng.economy import rules
from jiceng.economy.rules import EntryKind, VillageFacts


def test_seed_000_shares_and_rent() -> None:
    assert rules.shares_for(473_800_000, rules.SHARE_PRICE) == 47_380
    assert rules.rent_of(473_800_000, 1500) == 71_070_000  # 710 700.00 元 a year
    with pytest.raises(DomainError, match="100元的整数倍"):
        rules.shares_for(15_050, rules.SHARE_PRICE)
    with pytest.raises(DomainError, match="不能为负数"):
        rules.shares_for(-10_000, rules.SHARE_PRICE)
    assert rules.rent_of(10_001, 1500) == 1500  # 1 500.15 fen, half up


def test_percent_of_households_is_rounded_half_up() -> None:
    assert rules.percent(1100, 3929) == 28  # seed 000: "1100余户,占到全镇总户数的28%"
    assert rules.percent(1, 8) == 13  # 12.5 → 13
    assert rules.percent(1, 0) is None


def test_split_is_exact_and_gives_the_remainder_to_the_largest_fractions_then_register_order() -> None:
    assert rules.split(100, [("a", 1), ("b", 1), ("c", 1)]) == {"a": 34, "b": 33, "c": 33}
    # b's fraction (2/3 of a fen) beats a's and c's (1/6 each): b first, then a before c (register order).
    assert rules.split(101, [("a", 1), ("b", 2), ("c", 3)]) == {"a": 17, "b": 34, "c": 50}
    assert rules.split(0, [("a", 5)]) == {"a": 0}
    with pytest.raises(DomainError):
        rules.split(10, [("a", 0)])


@given(st.integers(0, 10**9), st.lists(st.integers(1, 5000), min_size=1, max_size=60))
def test_split_always_sums_to_the_total_and_is_within_one_fen_of_the_exact_share(total: int, shares: list[int]) -> None:
    weights = [(i, s) for i, s in enumerate(shares)]
    parts = rules.split(total, weights)
    assert sum(parts.values()) == total
    whole = sum(shares)
    for i, s in weights:
        assert total * s // whole <= parts[i] <= total * s // whole + 1


def test_dividend_per_share_and_refusals() -> None:
    plan = rules.plan_dividend([("a", 300), ("b", 100)], distributable=600_000, per_share=1500)
    assert (plan.total, plan.shares, plan.lines) == (600_000, 400, {"a": 450_000, "b": 150_000})
    with pytest.raises(DomainError, match="超过可分配收益"):
        rules.plan_dividend([("a", 300), ("b", 100)], distributable=599_999, per_share=1500)
    with pytest.raises(DomainError, match="二选一"):
        rules.plan_dividend([("a", 1)], distributable=100, per_share=1, total=1)
    with pytest.raises(DomainError, match="没有持股"):
        rules.plan_dividend([], distributable=100, total=1)
    total = rules.plan_dividend([("a", 1), ("b", 2)], distributable=100, total=100)
    assert total.lines == {"a": 33, "b": 67} and rules.per_share_text(100, 3) == "约0.33"
    assert rules.per_share_text(600_000, 400) == "15.00"


def test_balances_follow_the_register_and_transfers_beyond_holdings_are_refused() -> None:
    entries = [(EntryKind.SUBSCRIBE, None, "a", 10), (EntryKind.SUBSCRIBE, None, "b", 5),
               (EntryKind.TRANSFER, "a", "c", 4), (EntryKind.REDEEM, "b", None, 5)]  # fmt: skip
    assert rules.balances(entries) == {"a": 6, "c": 4}
    with pytest.raises(DomainError, match="持有6股，不能转出或退还7股"):
        rules.check_transfer(6, 7, "甲户")
    with pytest.raises(DomainError, match="正整数"):
        rules.check_transfer(6, 0, "甲户")


def test_installments_sum_to_the_principal() -> None:
    principal = [("a", 10_001), ("b", 333)]
    first = rules.installment_amounts(principal, 33, 0)
    second = rules.installment_amounts(principal, 33, 33)
    last = rules.installment_amounts(principal, 34, 66)
    assert {k: first[k] + second[k] + last[k] for k, _ in principal} == {"a": 10_001, "b": 333}
    with pytest.raises(DomainError, match="不能超过100%"):
        rules.installment_amounts(principal, 50, 60)


def test_the_dated_rule_in_force() -> None:
    later = rules.EconomyRule(dt.date(2012, 1, 1), "新标准", net_income_min=10_000_000)
    versions = [rules.XINGSHAN_2008, later]
    assert rules.rule_on(versions, dt.date(2011, 12, 31)) is rules.XINGSHAN_2008
    assert rules.rule_on(versions, dt.date(2012, 1, 1)) is later
    assert rules.rule_on([], dt.date(2020, 1, 1)) is rules.XINGSHAN_2008


def test_shell_village_by_income_and_by_seed_004_land_or_converted() -> None:
    assert rules.shell_reasons(rules.XINGSHAN_2008, VillageFacts(income=0)) == ["当年无集体经济收入"]
    assert rules.shell_reasons(rules.XINGSHAN_2008, VillageFacts(income=1)) == []
    land = VillageFacts(income=10**9, land_mu=Decimal(1000), land_taken_mu=Decimal(800))
    assert rules.shell_reasons(rules.QINGPU, land) == ["80%以上土地已被征用或使用"]
    almost = VillageFacts(land_mu=Decimal(1000), land_taken_mu=Decimal("799.99"), population=100, converted=79)
    assert rules.shell_reasons(rules.QINGPU, almost) == []  # no income does not count under this rule
    people = VillageFacts(population=1200, converted=960)
    assert rules.shell_reasons(rules.QINGPU, people) == ["80%以上村民农转非"]


def test_155_targets() -> None:
    rule = rules.XINGSHAN_2008
    met = VillageFacts(income=5_000_001, economic_forest_mu=Decimal(100), yield_forest_mu=Decimal(500))
    assert rules.targets_met(rule, met).all
    exactly = VillageFacts(income=5_200_000, expense=200_000, economic_forest_mu=Decimal(120),
                           yield_forest_mu=Decimal(600))  # fmt: skip
    assert rules.targets_met(rule, exactly) == rules.Targets(True, True, False)  # 5 万 is not "过5万"
    assert rules.targets_met(rule, VillageFacts()) == rules.Targets(False, False, False)


def test_negative_and_zero_amounts_are_refused() -> None:
    with pytest.raises(DomainError, match="不能为负数"):
        rules.check_amount(-1, "收入金额")
    with pytest.raises(DomainError, match="应大于零"):
        rules.check_amount(0, "收入金额")

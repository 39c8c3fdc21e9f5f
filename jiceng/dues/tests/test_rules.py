"""The dues rules at both sides of every boundary (2008 规定; 党章第九条)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiceng.core.errors import DomainError
from jiceng.dues import rules
from jiceng.dues.rules import Kind, Relief

D = dt.date


@pytest.mark.parametrize(
    ("income", "amount", "rate"),
    [
        (0, 0, "0.5%"),
        (300_000, 1_500, "0.5%"),  # 3 000.00 元 → 0.5 %: 15.00
        (300_001, 3_000, "1%"),  # 3 000.01 元 → 1 %: 30.0001 → 30.00
        (500_000, 5_000, "1%"),  # 5 000.00 元 → 1 %: 50.00
        (500_001, 7_500, "1.5%"),  # 5 000.01 → 1.5 %: 75.00015 → 75.00
        (1_000_000, 15_000, "1.5%"),  # 10 000.00 → 150.00
        (1_000_001, 20_000, "2%"),  # 10 000.01 → 2 %: 200.0002 → 200.00
        (123_456, 617, "0.5%"),  # 1 234.56 × 0.5 % = 6.1728 → 6.17
        (123_500, 618, "0.5%"),  # 6.175 → 6.18 (half up)
    ],
)
def test_salary_bands(income: int, amount: int, rate: str) -> None:
    assert rules.monthly_due(Kind.SALARY, income, None) == rules.Due(amount, rate, rules.CITES["salary"])


@pytest.mark.parametrize(
    ("income", "amount", "rate"),
    [(500_000, 2_500, "0.5%"), (500_001, 5_000, "1%"), (200_000, 1_000, "0.5%")],
)
def test_retiree_bands(income: int, amount: int, rate: str) -> None:
    assert rules.monthly_due(Kind.RETIREE, income, None) == rules.Due(amount, rate, rules.CITES["retiree"])


@pytest.mark.parametrize("fixed", [20, 50, 100])
def test_farmer_range_accepted(fixed: int) -> None:
    rules.check_base(Kind.FARMER, None, fixed, "", "", None)
    assert rules.monthly_due(Kind.FARMER, None, fixed).amount == fixed


@pytest.mark.parametrize("fixed", [19, 101, None])
def test_farmer_outside_range_refused(fixed: int | None) -> None:
    with pytest.raises(DomainError, match=r"农民党员每月交纳0\.20元至1\.00元"):
        rules.check_base(Kind.FARMER, None, fixed, "", "", None)


def test_students_pay_twenty_fen() -> None:
    assert rules.monthly_due(Kind.STUDENT, None, None).amount == 20
    assert rules.monthly_due(Kind.HARDSHIP, None, None).amount == 20


def test_exemption_needs_an_approval() -> None:
    with pytest.raises(DomainError, match="须经上一级党委批准"):
        rules.check_base(Kind.HARDSHIP, None, None, Relief.EXEMPT, "", None)
    with pytest.raises(DomainError, match="须经上一级党委批准"):
        rules.check_base(Kind.HARDSHIP, None, None, Relief.EXEMPT, "东镇党委", None)
    rules.check_base(Kind.HARDSHIP, None, None, Relief.EXEMPT, "东镇党委", D(2024, 3, 5))
    assert rules.monthly_due(Kind.HARDSHIP, None, None, Relief.EXEMPT) == rules.Due(0, "免交", rules.CITES["relief"])


def test_reduction_below_the_due_with_approval() -> None:
    rules.check_base(Kind.SALARY, 400_000, 1_000, Relief.REDUCED, "东镇党委", D(2024, 3, 5))
    assert rules.monthly_due(Kind.SALARY, 400_000, 1_000, Relief.REDUCED).amount == 1_000
    with pytest.raises(DomainError, match="少交的金额应低于按规定应交的金额"):
        rules.check_base(Kind.SALARY, 400_000, 4_000, Relief.REDUCED, "东镇党委", D(2024, 3, 5))


def test_negative_income_refused() -> None:
    with pytest.raises(DomainError, match="月收入不能为负数"):
        rules.check_base(Kind.SALARY, -1, None, "", "", None)


def test_absurd_income_needs_confirmation() -> None:
    rules.check_base(Kind.SALARY, rules.ABSURD_FEN, None, "", "", None)  # exactly 1 000 000 元: no question
    with pytest.raises(DomainError, match="超过100万元，请核实"):
        rules.check_base(Kind.SALARY, rules.ABSURD_FEN + 1, None, "", "", None)
    rules.check_base(Kind.SALARY, rules.ABSURD_FEN + 1, None, "", "", None, confirmed=True)


def test_amount_at_least_the_due() -> None:
    rules.check_amount(1_500, 1_500, D(2024, 3, 1))
    rules.check_amount(2_000, 1_500, D(2024, 3, 1))  # 自愿多交
    with pytest.raises(DomainError, match=r"2024年03月应交15\.00元"):
        rules.check_amount(1_499, 1_500, D(2024, 3, 1))


def test_base_change_mid_year_applies_from_its_month() -> None:
    bases = [(D(2024, 1, 1), "A"), (D(2024, 7, 1), "B")]
    assert rules.base_on(bases, D(2023, 12, 1)) is None
    assert rules.base_on(bases, D(2024, 6, 1)) == "A"
    assert rules.base_on(bases, D(2024, 7, 1)) == "B"
    assert rules.base_on(bases, D(2024, 12, 1)) == "B"


def test_months_across_a_year() -> None:
    assert rules.months(D(2023, 11, 15), D(2024, 2, 1)) == [D(2023, 11, 1), D(2023, 12, 1), D(2024, 1, 1),
                                                              D(2024, 2, 1)]  # fmt: skip
    assert rules.add_months(D(2024, 1, 1), -1) == D(2023, 12, 1)


def test_six_months_across_a_year_boundary() -> None:
    owed = rules.months(D(2023, 1, 1), D(2024, 3, 1))
    paid = rules.months(D(2023, 1, 1), D(2023, 9, 1))
    run = rules.unpaid_run(owed, paid, D(2024, 3, 1))  # 2023-10 … 2024-03: six months
    assert run == rules.months(D(2023, 10, 1), D(2024, 3, 1))
    assert rules.in_arrears(run)
    five = rules.unpaid_run(owed, paid, D(2024, 2, 1))
    assert len(five) == 5 and not rules.in_arrears(five)


def test_a_reason_or_nothing_owed_breaks_the_run() -> None:
    owed = rules.months(D(2023, 1, 1), D(2024, 3, 1))
    assert rules.unpaid_run(owed, [D(2023, 12, 1)], D(2024, 3, 1)) == rules.months(D(2024, 1, 1), D(2024, 3, 1))
    later = rules.months(D(2023, 11, 1), D(2024, 3, 1))  # a base only since November: five months owed
    assert len(rules.unpaid_run(later, [], D(2024, 3, 1))) == 5

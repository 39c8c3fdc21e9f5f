"""The subsidy schedule and the checks, exact in fen (rules.py, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiceng.core.errors import DomainError
from jiceng.programs import rules

D = dt.date


def test_five_wan_at_5_31_percent_monthly_interest_only():
    periods = rules.schedule(5_000_000, D(2024, 1, 31), 12, 12, Decimal("5.31"), Decimal("100"))
    # 5 000 000 × 5.31 % ÷ 12 = 22 125 fen a month; the last period repays the principal
    assert [(p.interest, p.subsidy) for p in periods] == [(22_125, 22_125)] * 12
    assert [p.principal for p in periods] == [0] * 11 + [5_000_000]
    assert (periods[0].ends_on, periods[1].ends_on, periods[-1].ends_on) == (D(2024, 2, 29), D(2024, 3, 31),
                                                                             D(2025, 1, 31))  # fmt: skip
    assert sum(p.subsidy for p in periods) == 265_500


def test_equal_principal_rounds_each_period_half_up():
    periods = rules.schedule(5_000_000, D(2024, 4, 10), 12, 4, Decimal("5.31"), Decimal("60"),
                             rules.Repayment.EQUAL_PRINCIPAL)  # fmt: skip
    # balances 5 000 000, 3 750 000, 2 500 000, 1 250 000; interest ÷ 4 at 5.31 %:
    # 66 375, 49 781.25 → 49 781, 33 187.5 → 33 188, 16 593.75 → 16 594; subsidy 60 % of each
    assert [p.balance for p in periods] == [5_000_000, 3_750_000, 2_500_000, 1_250_000]
    assert [p.interest for p in periods] == [66_375, 49_781, 33_188, 16_594]
    assert [p.subsidy for p in periods] == [39_825, 29_869, 19_913, 9_956]
    assert sum(p.principal for p in periods) == 5_000_000


def test_principal_remainder_goes_to_the_last_period():
    periods = rules.schedule(3_000_001, D(2024, 1, 1), 12, 4, Decimal("4"), Decimal("100"),
                             rules.Repayment.EQUAL_PRINCIPAL)  # fmt: skip
    assert [p.principal for p in periods] == [750_000, 750_000, 750_000, 750_001]


def test_period_before_the_loan_or_after_the_term_refused():
    periods = rules.schedule(5_000_000, D(2024, 4, 10), 12, 4, Decimal("5.31"), Decimal("100"))
    assert rules.period_on(periods, D(2024, 7, 9), D(2024, 4, 10)).number == 1
    assert rules.period_on(periods, D(2024, 7, 10), D(2024, 4, 10)).number == 2
    with pytest.raises(DomainError, match="早于贷款发放日"):
        rules.period_on(periods, D(2024, 4, 9), D(2024, 4, 10))
    with pytest.raises(DomainError, match="已超出贷款期限"):
        rules.period_on(periods, D(2025, 4, 10), D(2024, 4, 10))


@pytest.mark.parametrize(
    ("term", "per_year", "message"),
    [(13, 4, "不是按季还款周期的整数倍"), (0, 12, "贷款期限应为1至120个月"), (12, 3, "还款周期应为按月、按季或按年")],
)
def test_bad_terms_refused(term, per_year, message):
    with pytest.raises(DomainError, match=message):
        rules.schedule(5_000_000, D(2024, 1, 1), term, per_year, Decimal("5"), Decimal("100"))


def test_loan_range_and_overdue():
    assert rules.loan_problem(3_000_000, 3_000_000, 5_000_000) is None
    assert rules.loan_problem(5_000_000, 3_000_000, 5_000_000) is None
    assert rules.loan_problem(5_000_100, 3_000_000, 5_000_000) == (
        "贷款金额50,001.00元不在本工程的贷款额度（30,000.00—50,000.00元）之内"
    )
    assert rules.is_overdue(D(2024, 4, 10), 24, None, D(2026, 4, 11)) is True
    assert rules.is_overdue(D(2024, 4, 10), 24, None, D(2026, 4, 10)) is False
    assert rules.is_overdue(D(2024, 4, 10), 24, D(2026, 4, 1), D(2026, 5, 1)) is False

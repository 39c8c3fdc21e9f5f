"""Pay rules with exact values: seed 004's shares, bands, 一肩挑, rounding in fen."""

from decimal import Decimal
from fractions import Fraction

import pytest

from jiceng.core.errors import DomainError
from jiceng.pay import rules
from jiceng.pay.rules import CombinedRule, Holder, PayPost

SHARES = dict(rules.SEED_004_SHARES)
BASE = 25_000_000


def test_seed_004_shares_at_250000_yuan_and_coefficient_one():
    pays = {post: rules.post_pay(BASE, 10_000, SHARES[post]) for post in PayPost.values}
    assert pays == {"secretary": 25_000_000, "director": 17_500_000, "deputy_secretary": 13_750_000,
                    "deputy_director": 12_500_000, "party_member": 11_250_000, "committee_member": 10_000_000}  # fmt: skip


@pytest.mark.parametrize(
    ("value", "fen"),
    [(Fraction(11, 2), 6), (Fraction(9, 2), 5), (Fraction(27, 2), 14), (Fraction(549, 100), 5),
     (Fraction(551, 100), 6), (Fraction(0), 0), (Fraction(-11, 2), -6)],
)  # fmt: skip
def test_round_fen_is_half_up(value, fen):
    assert rules.round_fen(value) == fen


def test_pay_is_rounded_once_to_the_fen():
    # 123 456.78 元 × 0.95 × 55 % = 64 506.16755 元 → 64 506.17 元
    assert rules.post_pay(12_345_678, 9_500, 5_500) == 6_450_617
    # 0.10 元 × 55 % = 0.055 元 → 0.06 元 (half up); 0.30 元 × 45 % = 0.135 元 → 0.14 元
    assert rules.post_pay(10, 10_000, 5_500) == 6
    assert rules.post_pay(30, 10_000, 4_500) == 14
    # rounding once: 0.01 元 × 0.5 × 0.5 = 0.0025 元 → 0 (rounding each step would give 0.01)
    assert rules.post_pay(1, 5_000, 5_000) == 0


@pytest.mark.parametrize(
    ("score", "coefficient"),
    [("100", 10_000), ("90", 10_000), ("89.9", 9_000), ("80", 9_000), ("79.9", 8_000), ("70", 8_000),
     ("60", 7_000), ("59.9", 5_000), ("0", 5_000)],
)  # fmt: skip
def test_coefficient_bands_on_both_sides(score, coefficient):
    assert rules.coefficient_for(Decimal(score), rules.DEFAULT_BANDS) == coefficient


def test_coefficient_refuses_a_score_outside_0_100():
    with pytest.raises(DomainError, match="0至100"):
        rules.coefficient_for(Decimal("100.5"), rules.DEFAULT_BANDS)


def test_combined_plus_and_higher():
    assert rules.combined_pay(BASE, 10_000, SHARES, CombinedRule.PLUS, 3_000) == 30_250_000  # 250 000 + 30 % × 175 000
    assert rules.combined_pay(BASE, 10_000, SHARES, CombinedRule.HIGHER, 0) == 25_000_000
    # rounded once on the exact sum: 0.33 元 + 1/3 × 70 % × 0.33 元 = 0.407 元 → 0.41 元
    assert rules.combined_pay(33, 10_000, SHARES, CombinedRule.PLUS, 3_333) == 41


def test_lines_order_by_post_and_pay_the_best_post_of_several():
    holders = [Holder(1, "甲", frozenset({PayPost.PARTY_MEMBER, PayPost.COMMITTEE_MEMBER})),
               Holder(2, "乙", frozenset({PayPost.SECRETARY, PayPost.DIRECTOR})),
               Holder(3, "丙", frozenset({PayPost.DEPUTY_DIRECTOR}))]  # fmt: skip
    lines = rules.sheet_lines(holders, BASE, 9_000, SHARES, CombinedRule.PLUS, 3_000)
    assert [(ln.name, ln.label, ln.share, ln.pay) for ln in lines] == [
        ("乙", "党支部书记、村委会主任（一肩挑）", None, 27_225_000),  # (250 000 + 52 500) × 0.9
        ("丙", "村委会副主任", 5_000, 11_250_000),
        ("甲", "党支部委员、村委会委员", 4_500, 10_125_000),
    ]


def test_a_negative_share_is_refused_in_chinese():
    with pytest.raises(DomainError, match="村委会主任的报酬比例不能为负数"):
        rules.check_shares({**SHARES, "director": -7_000})


def test_shares_need_every_post_and_the_secretary_at_100_percent():
    with pytest.raises(DomainError, match="请填写党支部委员的报酬比例"):
        rules.check_shares({k: v for k, v in SHARES.items() if k != "party_member"})
    with pytest.raises(DomainError, match="应为100%"):
        rules.check_shares({**SHARES, "secretary": 9_000})


def test_parse_bands():
    assert rules.parse_bands("90:1.00，80：0.9\n0=0.5") == [(Decimal(90), 10_000), (Decimal(80), 9_000),
                                                        (Decimal(0), 5_000)]  # fmt: skip
    with pytest.raises(DomainError, match="从0分起"):
        rules.parse_bands("90:1.00, 80:0.90")
    with pytest.raises(DomainError, match="不能为负数"):
        rules.parse_bands("90:1.00, 0:-0.5")
    with pytest.raises(DomainError, match="应写成"):
        rules.parse_bands("90")


def test_texts():
    assert (rules.percent_text(7_000), rules.percent_text(5_550), rules.coefficient_text(9_500)) == ("70%", "55.5%",
                                                                                                    "0.95")  # fmt: skip


def test_pay_by_month_for_posts_held_part_of_the_year():
    director, member = frozenset({PayPost.DIRECTOR}), frozenset({PayPost.COMMITTEE_MEMBER})
    # 主任 January–May, then nothing: 175 000 × 5/12 = 72 916.666… → 72 916.67 元
    left = Holder(1, "甲", director, (director,) * 5 + (frozenset(),) * 7)
    # 村委 January–June, 主任 from July: (100 000 × 6 + 175 000 × 6) / 12 = 137 500.00 元
    promoted = Holder(2, "乙", director, (member,) * 6 + (director,) * 6)
    lines = rules.sheet_lines([left, promoted], BASE, 10_000, SHARES, CombinedRule.PLUS, 3_000)
    assert [(ln.name, ln.pay, ln.months) for ln in lines] == [("乙", 13_750_000, 12), ("甲", 7_291_667, 5)]


def test_month_days_are_the_15th_or_the_sheet_day():
    import datetime as dt

    assert rules.month_days(2024, dt.date(2024, 12, 31))[:2] == [dt.date(2024, 1, 15), dt.date(2024, 2, 15)]
    assert rules.month_days(2026, dt.date(2026, 3, 10))[1:4] == [dt.date(2026, 2, 15), dt.date(2026, 3, 10),
                                                                dt.date(2026, 3, 10)]  # fmt: skip

"""The rules of mobile members, both sides of each boundary."""

from __future__ import annotations

import datetime as dt

from jiceng.mobile import rules
from jiceng.mobile.rules import Advice

D = dt.date
LEFT = D(2024, 3, 1)


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert rules.add_months(D(2024, 3, 1), 6) == D(2024, 9, 1)
    assert rules.add_months(D(2024, 8, 31), 6) == D(2025, 2, 28)
    assert rules.add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)


def test_under_one_month_needs_nothing_from_one_month_the_card() -> None:
    assert rules.advice(LEFT, D(2024, 3, 31), fixed_place=True) == Advice.NONE
    assert rules.advice(LEFT, D(2024, 4, 1), fixed_place=True) == Advice.CARD


def test_six_months_at_a_fixed_place_card_one_day_more_transfer() -> None:
    assert rules.advice(LEFT, D(2024, 9, 1), fixed_place=True) == Advice.CARD
    assert rules.advice(LEFT, D(2024, 9, 2), fixed_place=True) == Advice.TRANSFER


def test_a_place_that_is_not_fixed_keeps_the_card_past_six_months() -> None:
    assert rules.advice(LEFT, D(2025, 3, 1), fixed_place=False) == Advice.CARD


def test_the_expected_return_counts_from_the_start() -> None:
    assert rules.advice(LEFT, D(2024, 3, 5), fixed_place=True, expected_return=D(2024, 9, 1)) == Advice.CARD
    assert rules.advice(LEFT, D(2024, 3, 5), fixed_place=True, expected_return=D(2024, 9, 2)) == Advice.TRANSFER


def test_contact_due_a_quarter_after_the_last_contact_or_departure() -> None:
    assert rules.contact_due(LEFT, None) == D(2024, 6, 1)
    assert rules.contact_due(LEFT, D(2024, 5, 10)) == D(2024, 8, 10)
    assert rules.contact_due(LEFT, D(2024, 5, 10), every_months=1) == D(2024, 6, 10)
    assert not rules.contact_overdue(LEFT, None, D(2024, 6, 1))
    assert rules.contact_overdue(LEFT, None, D(2024, 6, 2))


def test_card_dates() -> None:
    today = D(2024, 6, 20)
    assert rules.card_problem(D(2024, 3, 1), D(2024, 9, 1), LEFT, today) is None
    assert rules.card_problem(D(2024, 3, 1), D(2024, 3, 1), LEFT, today) == "活动证有效期应晚于发证日期"
    assert rules.card_problem(D(2024, 6, 21), D(2024, 9, 1), LEFT, today) == "发证日期不能晚于今天"
    assert rules.card_expired(D(2024, 6, 19), today) and not rules.card_expired(D(2024, 6, 20), today)


def test_events_lie_within_the_stay() -> None:
    today = D(2024, 6, 20)
    assert rules.event_problem(D(2024, 2, 29), LEFT, today, "联系日期") == "联系日期不能早于外出日期（2024-03-01）"
    assert rules.event_problem(D(2024, 6, 21), LEFT, today, "返回日期") == "返回日期不能晚于今天"
    assert rules.event_problem(LEFT, LEFT, today, "返回日期") is None

"""The pure rules: a 一带一 pair's duties in a year, quarter bounds, the lowest later balance."""

from __future__ import annotations

import datetime as dt

from jiceng.assistance import rules
from jiceng.assistance.rules import ContactKind, PairKind

D = dt.date
V, W, A = ContactKind.VISIT, ContactKind.WARMTH, ContactKind.DEED


def test_quarter_bounds() -> None:
    assert rules.quarter_bounds(2024, 1) == (D(2024, 1, 1), D(2024, 3, 31))
    assert rules.quarter_bounds(2024, 4) == (D(2024, 10, 1), D(2024, 12, 31))
    assert [rules.quarter_of(D(2024, m, 1)) for m in (1, 3, 4, 9, 10, 12)] == [1, 1, 2, 3, 4, 4]


def test_a_full_year_done() -> None:
    contacts = [(D(2024, 2, 1), V), (D(2024, 5, 1), V), (D(2024, 8, 1), V), (D(2024, 11, 1), V), (D(2024, 1, 20), W),
                (D(2024, 6, 1), A)]  # fmt: skip
    d = rules.duties(PairKind.ONE_TO_ONE, D(2024, 1, 1), None, contacts, 2024, D(2025, 1, 5))
    assert (d.quarters, d.warmth, d.deed, d.missed) == (("done", "done", "done", "done"), True, True, 0)


def test_missed_due_and_outside_the_pair() -> None:
    # Paired in May; Q2 missed, Q3 done, Q4 in progress; the year not over: yearly duties pending.
    d = rules.duties(PairKind.ONE_TO_ONE, D(2024, 5, 10), None, [(D(2024, 8, 1), V)], 2024, D(2024, 11, 15))
    assert (d.quarters, d.warmth, d.deed, d.missed) == (("", "missed", "done", "due"), None, None, 1)


def test_year_over_without_warmth_or_deed() -> None:
    d = rules.duties(PairKind.ONE_TO_ONE, D(2023, 1, 1), None, [(D(2023, 12, 1), A)], 2024, D(2025, 3, 1))
    assert (d.quarters, d.warmth, d.deed, d.missed) == (("missed",) * 4, False, False, 6)


def test_ended_pair_is_not_due_after_its_end() -> None:
    d = rules.duties(PairKind.ONE_TO_ONE, D(2024, 1, 1), D(2024, 4, 30), [(D(2024, 2, 1), V)], 2024, D(2024, 9, 1))
    assert (d.quarters, d.warmth, d.deed) == (("done", "missed", "", ""), False, False)


def test_other_kinds_have_no_fixed_duties() -> None:
    d = rules.duties(PairKind.AFFAIR, D(2024, 1, 1), None, [], 2024, D(2025, 1, 1))
    assert (d.quarters, d.warmth, d.deed, d.missed) == (("", "", "", ""), None, None, 0)


def test_lowest_balance_after_uses_each_days_closing_balance() -> None:
    # +500 and −600 on the same later day close at −100 from 1 000: the low is 900, not 400.
    assert rules.lowest_balance_after(1000, [(D(2024, 3, 1), 500), (D(2024, 3, 1), -600)]) == 900
    assert rules.lowest_balance_after(1000, [(D(2024, 3, 1), -700), (D(2024, 4, 1), 500)]) == 300
    assert rules.lowest_balance_after(1000, []) == 1000


def test_percent() -> None:
    assert (rules.percent(21, 21), rules.percent(2, 3), rules.percent(0, 0)) == (100, 66, 0)

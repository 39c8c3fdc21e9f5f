"""Two transfers of one holder's shares at once: the holder never goes below zero (the cooperative's
row lock and the conditional UPDATE), on SQLite and PostgreSQL with real threads and connections."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.core import testing
from jiceng.core.actor import SYSTEM
from jiceng.economy import actions
from jiceng.economy.models import Cooperative, Dividend, Holding, ShareEntry
from jiceng.households.models import Household

from .factories import D, coop, household

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_transfers_of_more_than_half_make_one(tree: Any) -> None:
    made = coop(tree.east1)
    seller, first, second = (household(tree.east1, n) for n in ("甲", "乙", "丙"))
    actions.subscribe(SYSTEM, made, [(seller, 200)], D(2024, 1, 5))

    def sell(to: int) -> Any:
        return lambda: actions.transfer(SYSTEM, Cooperative.objects.get(pk=made.pk),
                                        Household.objects.get(pk=seller.pk), Household.objects.get(pk=to), 150,
                                        D(2024, 2, 1))  # fmt: skip

    outcomes = testing.run_at_once([sell(first.pk), sell(second.pk)])
    assert outcomes == {"ok": 1, "refused": 1}
    held = dict(Holding.objects.values_list("household__head_name", "shares"))
    assert held["甲"] == 50 and held.get("乙", 0) + held.get("丙", 0) == 150
    assert list(ShareEntry.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2]


def test_two_concurrent_dividends_do_not_exceed_the_income(tree: Any) -> None:
    made = coop(tree.east1)
    actions.subscribe(SYSTEM, made, [(household(tree.east1, "甲"), 100)], D(2024, 1, 5))
    actions.record_coop_income(SYSTEM, made, year=2024, on=D(2024, 12, 1), kind="rent", amount=150_000)

    def declare() -> Any:
        return actions.declare_dividend(SYSTEM, Cooperative.objects.get(pk=made.pk), year=2024,
                                        record_on=D(2024, 12, 31), paid_on=D(2025, 1, 5), per_share=1000)  # fmt: skip

    assert testing.run_at_once([declare, declare]) == {"ok": 1, "refused": 1}
    assert Dividend.objects.count() == 1

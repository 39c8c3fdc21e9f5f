"""Two grants at once from a fund that holds enough for one: exactly one is paid (the fund's
row is locked before the balance is read), on SQLite and PostgreSQL with real threads."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.assistance import actions
from jiceng.assistance.models import FundGrant
from jiceng.assistance.rules import GrantReason, IncomeKind
from jiceng.core import testing
from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person

from .factories import D

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_grants_cannot_overdraw(tree: Any) -> None:
    actions.add_income(SYSTEM, tree.east, kind=IncomeKind.DONATION, received_on=D(2024, 1, 5), amount=100_000,
                       source="社会募捐")  # fmt: skip
    first, second = make_person(tree.east1, "甲"), make_person(tree.east1, "乙")

    def pay(pk: int) -> Any:
        return lambda: actions.grant(SYSTEM, Organization.objects.get(pk=tree.east.pk), Person.objects.get(pk=pk),
                                     reason=GrantReason.DISASTER, amount=60_000, approved_by="乡党委",
                                     approved_on=D(2024, 2, 1), paid_on=D(2024, 2, 1))  # fmt: skip

    assert testing.run_at_once([pay(first.pk), pay(second.pk)]) == {"ok": 1, "refused": 1}
    assert FundGrant.objects.count() == 1
    assert actions.balance(actions.fund_of(tree.east)) == 40_000

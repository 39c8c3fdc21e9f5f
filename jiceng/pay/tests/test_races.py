"""Five clerks paying the same cadre at once, each 60 % of what is due: one payment is written,
the others are refused (the balance is checked under the village year's lock), on SQLite and
PostgreSQL with real threads and connections."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.core import testing
from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.pay import actions
from jiceng.pay.models import Payment
from jiceng.people.models import Person

from .factories import DIRECTOR, TODAY, YEAR, D, cadre, scheme, scored

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_payments_never_exceed_what_is_due(tree: Any) -> None:
    scheme(tree.east)
    pk = cadre(tree.east1, "钱主任", DIRECTOR).pk
    scored(tree.east1, "92")  # 175 000 元 due

    def pay() -> str:
        org = Organization.objects.get(pk=tree.east1.pk)
        actions.record_payment(SYSTEM, org, YEAR, Person.objects.get(pk=pk), 10_500_000, D(2024, 7, 5), today=TODAY)
        return "ok"

    outcomes = testing.run_at_once([pay] * 5)
    assert outcomes == {"ok": 1, "refused": 4}
    assert list(Payment.objects.values_list("amount", flat=True)) == [10_500_000]

"""Two treasurers entering the same month at once make one payment (the unique constraint, not a
check-then-act), on SQLite and PostgreSQL with real threads and connections."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.core import testing
from jiceng.dues.models import Payment
from jiceng.people.models import Person

from .factories import D, member, pay

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_concurrent_entries_of_one_month_make_one_payment(tree: Any) -> None:
    pk = member(tree.east1, "王红").pk

    def enter() -> str:
        return str(len(pay(Person.objects.get(pk=pk), D(2024, 5, 1), paid_on=D(2024, 5, 6))))

    outcomes = testing.run_at_once([enter] * 5)
    assert outcomes == {"ok": 1, "refused": 4}
    assert Payment.objects.filter(person_id=pk).count() == 1

"""Clerks transferring one person at once: one transfer goes through, the others are refused (the
conditional UPDATE), on SQLite and PostgreSQL with real threads and connections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.core import testing
from jiceng.core.actor import SYSTEM
from jiceng.people import actions
from jiceng.people.models import Person, Transfer
from jiceng.people.tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_four_concurrent_transfers_of_one_person_write_one(tree: Any) -> None:
    pk = make_person(tree.east1, "王明").pk

    def transfer(org: Any) -> Any:
        # Each clerk's page was loaded before any of them submitted: the person as read then.
        # (Read inside the thread, a slow thread may see the first transfer done and make a
        # legitimate second one, so the outcome would depend on timing.)
        loaded = Person.objects.get(pk=pk)
        return lambda: actions.transfer_person(SYSTEM, loaded, org, on=dt.date(2026, 3, 1), reason="out")

    outcomes = testing.run_at_once([transfer(o) for o in (tree.east2, tree.west1, tree.group, tree.east)])
    assert outcomes == {"ok": 1, "refused": 3}
    (made,) = Transfer.objects.filter(person_id=pk)
    assert Person.objects.get(pk=pk).organization_id == made.to_org_id and made.from_org_id == tree.east1.pk

"""Races, with real threads and connections (SQLite and PostgreSQL): the rate limit holds under
concurrent submissions, one objection is handled once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from jiceng.core.testing import run_at_once
from jiceng.notices import actions
from jiceng.notices.models import Objection
from jiceng.notices.tests.factories import START, FakeSubject, at, object_to, publish

pytestmark = pytest.mark.django_db(transaction=True)


def test_twelve_concurrent_objections_from_one_address_keep_five(tree: Any) -> None:
    first, second = publish(tree.east1), publish(tree.east1, subject=FakeSubject(8))

    def send(notice: Any, i: int) -> Any:
        return lambda: actions.submit_objection(notice, text=f"第{i}条", address="10.9.9.9", now=at(START))

    outcomes = run_at_once([send(first if i % 2 else second, i) for i in range(12)])
    assert outcomes == Counter({"ok": 5, "refused": 7})
    assert Objection.objects.count() == 5


def test_two_officers_handling_one_objection_at_once_move_it_once(tree: Any, personas: dict) -> None:
    objection = object_to(publish(tree.east1)).objection
    officers = [personas["township_officer"], personas["county_officer"]]

    def start(officer: Any) -> Any:
        return lambda: actions.move_objection(officer, Objection.objects.get(pk=objection.pk), "investigating")

    assert run_at_once([start(o) for o in officers * 3]) == Counter({"ok": 1, "refused": 5})
    assert Objection.objects.get(pk=objection.pk).events().count() == 2

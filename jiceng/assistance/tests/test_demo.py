"""The demo seeder fills the demo township's pairings and fund through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.assistance import actions, demo, queries
from jiceng.assistance.models import Pairing, PoorMember
from jiceng.core.actor import SYSTEM
from jiceng.people import actions as people
from jiceng.people.rules import PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_demo_seeds_pairings_and_fund(tree: Any, personas: Any) -> None:
    officer = personas["township_officer"]
    officer.username = "township"
    officer.save(update_fields=["username"])
    cadre = make_person(tree.east1, "村书记")
    people.add_post(SYSTEM, cadre, body=PostBody.PARTY, title=PartyTitle.SECRETARY, start_on=dt.date(2020, 1, 1))
    for name in ("党员甲", "党员乙", "党员丙"):
        make_person(tree.east1, name)
    today = dt.date(2026, 6, 1)
    said: list[str] = []
    demo.seed_for_demo(today, 1, said.append)
    demo.seed_for_demo(today, 1, said.append)  # a second run adds nothing
    assert (PoorMember.objects.count(), Pairing.objects.count()) == (3, 5)
    assert actions.balance(actions.fund_of(tree.east)) == 200_000
    s = queries.summary(tree.east, today)
    assert (s.recipients, s.granted, s.deeds, s.poor_ledger) == (2, 100_000, 1, 3)
    assert said == ["东镇党委：贫困党员台账 3 户，结对帮扶 5 对，帮扶基金收入 3000 元"]

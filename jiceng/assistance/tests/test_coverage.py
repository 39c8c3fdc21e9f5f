"""Seed 004's coverage figures reproduced from pairing records: 机关党员100%参与帮扶, every
贫困党员 paired with a 党员干部, and “132名党员参与双联双定双带，其中联系村务的党员69名，联系9类
村务……联系困难群众包户定责的党员93名，联系122名困难群众”."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.assistance import actions, queries
from jiceng.assistance.rules import PairKind, VillageAffair
from jiceng.core.actor import SYSTEM
from jiceng.people.tests.factories import make_person

from .factories import START, organ, pair, poor

pytestmark = pytest.mark.django_db


def test_seed_004_coverage_from_records(tree: Any) -> None:
    staff = [organ(tree.east, f"机关{i + 1:02d}") for i in range(21)]
    entries = [poor(tree.east, tree.east1, f"贫困{i + 1:02d}") for i in range(20)]
    for helper, entry in zip(staff, entries, strict=False):
        pair(tree.east, helper, entry)
    actions.create_pairing(SYSTEM, tree.east, kind=PairKind.HARDSHIP, helper=staff[20], name="机关帮扶户",
                           started_on=START)  # fmt: skip
    before = queries.coverage(tree.east, START)
    # 132 village members: 0–68 link village affairs (9 kinds), 39–131 link people (30 do both);
    # 29 of those 93 link two people: 93 + 29 = 122 people (names, not on the roster).
    members = [make_person(tree.east2 if i % 2 else tree.east1, f"党员{i + 1:03d}") for i in range(132)]
    affairs = list(VillageAffair)
    for i, m in enumerate(members[:69]):
        actions.create_pairing(SYSTEM, tree.east, kind=PairKind.AFFAIR, helper=m, affair=affairs[i % 9],
                               village=tree.east1, started_on=START)  # fmt: skip
    n = 0
    for j, m in enumerate(members[39:]):
        for _ in range(2 if j < 29 else 1):
            n += 1
            actions.create_pairing(SYSTEM, tree.east, kind=PairKind.HARDSHIP, helper=m, name=f"困难群众{n:03d}",
                                   started_on=START)  # fmt: skip
    c = queries.coverage(tree.east, START)
    assert (c.organ_members, c.organ_helping, c.organ_percent, c.poor, c.poor_paired) == (21, 21, 100, 20, 20)
    assert (
        c.shuanglian_members - 1,
        c.affair_members,
        c.affair_kinds,
        c.hardship_members - 1,
        c.hardship_people - 1,
    ) == (132, 69, 9, 93, 122)  # fmt: skip  (− the organ's own 帮扶户)
    assert (before.shuanglian_members, before.hardship_people) == (1, 1)
    assert queries.unpaired_poor(tree.east, START) == []

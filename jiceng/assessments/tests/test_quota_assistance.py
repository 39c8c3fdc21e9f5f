"""驻村干部“五个一” counted from the pairing records of the assistance app (its registered
metrics): the quota rows show what the records say, with no hand-entered evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.assessments import actions, queries
from jiceng.assistance import actions as assistance
from jiceng.assistance.rules import ContactKind
from jiceng.assistance.tests.factories import organ, pair, poor
from jiceng.core.actor import SYSTEM

pytestmark = pytest.mark.django_db
D = dt.date


def test_zhucun5_counts_pairings_visits_warmth_and_deeds(tree: Any) -> None:
    staff = organ(tree.east, "驻村干部甲")
    organ(tree.east, "驻村干部乙")  # no pair, nothing done
    p = pair(tree.east, staff, poor(tree.east, tree.east1))
    for on in (D(2024, 2, 1), D(2024, 5, 1), D(2024, 8, 1)):
        assistance.record_contact(SYSTEM, p, kind=ContactKind.VISIT, on=on, content="上门走访")
    assistance.record_contact(SYSTEM, p, kind=ContactKind.WARMTH, on=D(2024, 1, 20), content="春节慰问")
    scheme = actions.copy_quota(SYSTEM, tree.east, "zhucun5")
    rows = {r.person.name: {c.item["code"]: (c.done, c.met) for c in r.cells if c.item["code"] != "Z5"}
            for r in queries.quota_progress(scheme, 2024, D(2025, 1, 10))}  # fmt: skip
    assert rows == {
        "驻村干部甲": {"Z1": (1, True), "Z2": (3, False), "Z3": (1, True), "Z4": (0, False)},
        "驻村干部乙": {"Z1": (0, False), "Z2": (0, False), "Z3": (0, False), "Z4": (0, False)},
    }

"""Three officers pressing 计分 at once score the round once (the engine's conditional UPDATE), on
SQLite and PostgreSQL with real threads and connections."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import timezone

from jiceng.assessments import actions
from jiceng.assessments.models import Result, Round
from jiceng.core import testing
from jiceng.core.actor import SYSTEM

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_round_is_scored_once(tree: Any, personas: dict[str, Any]) -> None:
    scheme = actions.copy_template(SYSTEM, tree.east, "wugehao")
    rnd = actions.open_round(SYSTEM, scheme, organization=tree.east, year=timezone.localdate().year - 1)
    for org in (tree.east1, tree.east2):
        for code in ("A2", "D2"):
            actions.record_review(personas["township_officer"], rnd, subject_ref=f"organizations.organization:{org.pk}",
                                  indicator=code, points=D(8))  # fmt: skip

    def score() -> Round:
        return actions.compute(SYSTEM, Round.objects.get(pk=rnd.pk))

    assert testing.run_at_once([score] * 3) == {"ok": 1, "refused": 2}
    assert Result.objects.filter(round=rnd).count() == 2

"""Permission cases for turning a matter referred on duty into a ledger item (jiceng/core/testing.py)."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_EDITORS, Fixtures, UrlCase
from jiceng.duty import actions
from jiceng.duty.models import DutyEntry
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import template

from .factories import SYSTEM, D, cadre


def entry(f: Fixtures, **extra: Any) -> dict[str, Any]:
    on_duty = cadre(f.tree.east1, "值班书记")
    made = actions.log_entry(SYSTEM, f.tree.east1, on=D(2026, 11, 2), person=on_duty, callers="村民反映路灯不亮",
                             referred="三组路灯损坏，转村委会维修")  # fmt: skip
    return {"kwargs": {"entry_id": made.pk}, **extra}


def converted(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    made = DutyEntry.objects.get(pk=prepared["kwargs"]["entry_id"])
    item = LedgerItem.objects.get(source_ref=f"duty.dutyentry:{made.pk}")
    assert (made.ledger_ref, item.description, item.source, item.collected_on, item.created_by) == (
        item.pk, "三组路灯损坏，转村委会维修", "duty", D(2026, 11, 2), f.personas[persona])  # fmt: skip


CASES = [
    UrlCase("ledgers:from_duty_entry", allowed=EAST1_EDITORS, setup=entry),
    UrlCase(
        "ledgers:from_duty_entry",
        method="post",
        allowed=EAST1_EDITORS,
        note="convert",
        setup=lambda f: entry(f, data={"ledger_type": template("livelihood").pk}),
        expect=converted,
    ),
]

"""Permission cases for turning a meeting's issue into a ledger item (see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.testing import EAST1_EDITORS, Fixtures, UrlCase
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import template
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.models import Issue
from jiceng.meetings.rules import Kind, Route
from jiceng.meetings.tests.factories import SYSTEM, held_meeting


def issue(f: Fixtures, **extra: Any) -> dict[str, Any]:
    meeting = held_meeting(f.tree.east1, Kind.THREE_COMMITTEES, dt.date(2026, 11, 2))
    raised = meeting_actions.raise_issue(SYSTEM, meeting, text="路灯", route=Route.SPECIAL_MEETING, owner="王")
    return {"kwargs": {"issue_id": raised.pk}, **extra}


def converted(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    issue = Issue.objects.get(pk=prepared["kwargs"]["issue_id"])
    item = LedgerItem.objects.get(source_ref=f"meetings.issue:{issue.pk}")
    assert (issue.ledger_ref, item.description, item.created_by) == (str(item.pk), "路灯", f.personas[persona])


CASES = [
    UrlCase("ledgers:from_meeting_issue", allowed=EAST1_EDITORS, setup=issue),
    UrlCase(
        "ledgers:from_meeting_issue",
        method="post",
        allowed=EAST1_EDITORS,
        note="convert",
        setup=lambda f: issue(f, data={"ledger_type": template("livelihood").pk}),
        expect=converted,
    ),
]

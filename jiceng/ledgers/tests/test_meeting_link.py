"""An issue raised at a meeting becomes a ledger item, and each record links to the other.

The ledgers read the issue through `core.refs` (the meetings app registers how); these tests
drive both apps, as a user does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent
from jiceng.ledgers import actions
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import template
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.models import Issue
from jiceng.meetings.rules import Kind, Route
from jiceng.meetings.tests.factories import SYSTEM, held_meeting


def ref(issue: Issue) -> str:
    return f"meetings.issue:{issue.pk}"


pytestmark = pytest.mark.django_db


def raised(tree: Any, route: str = Route.SPECIAL_MEETING) -> Issue:
    meeting = held_meeting(tree.east1, Kind.THREE_COMMITTEES, dt.date(2026, 11, 2))
    return meeting_actions.raise_issue(SYSTEM, meeting, text="三组路灯不亮", route=route, owner="王主任")


def test_issue_becomes_an_item_linked_both_ways(tree: Any, personas: Any) -> None:
    issue = raised(tree)
    officer = personas["township_officer"]
    item = actions.item_from_source(officer, ref(issue), template("livelihood"))
    issue.refresh_from_db()
    assert issue.ledger_ref == str(item.pk)
    assert (item.source, item.source_ref, item.description) == ("meeting", f"meetings.issue:{issue.pk}", "三组路灯不亮")
    assert item.collected_on == issue.meeting.held_on and item.organization == tree.east1
    assert actions.item_from_source(officer, ref(issue), template("livelihood")).pk == item.pk
    assert LedgerItem.objects.count() == 1

    client = Client()
    client.force_login(officer)
    meeting_page = client.get(reverse("meetings:detail", args=[issue.meeting_id])).content.decode()
    assert reverse("ledgers:item_detail", args=[item.pk]) in meeting_page
    item_page = client.get(reverse("ledgers:item_detail", args=[item.pk])).content.decode()
    assert reverse("meetings:detail", args=[issue.meeting_id]) in item_page


def test_issue_resolved_on_the_spot_is_not_turned_into_an_item(tree: Any, personas: Any) -> None:
    issue = raised(tree, Route.ON_THE_SPOT)
    with pytest.raises(DomainError, match="已办结"):
        actions.item_from_source(personas["township_officer"], ref(issue), template("livelihood"))
    assert not LedgerItem.objects.exists()


def test_web_page_turns_the_issue_into_an_item(tree: Any, personas: Any) -> None:
    issue = raised(tree)
    client = Client()
    client.force_login(personas["village_secretary"])
    url = reverse("ledgers:from_meeting_issue", args=[issue.pk])
    assert "三组路灯不亮" in client.get(url).content.decode()
    response = client.post(url, {"ledger_type": template("livelihood").pk})
    item = LedgerItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers:item_detail", args=[item.pk])


def test_resolving_the_item_closes_the_issue_once(tree, personas):
    # issue 10 point 8: one problem, one deadline — resolving the ledger item settles the issue
    issue = raised(tree)
    officer = personas["township_officer"]
    item = actions.item_from_source(officer, ref(issue), template("livelihood"))
    actions.move_item(officer, item, "assigned", assignee=officer, on=dt.date(2026, 11, 3))
    issue.refresh_from_db()
    assert issue.resolved_on is None
    actions.move_item(officer, item, "resolved", resolution="已更换路灯", on=dt.date(2026, 11, 20))
    issue.refresh_from_db()
    assert (issue.resolved_on, issue.resolution) == (dt.date(2026, 11, 20), "已更换路灯")
    closing = AuditEvent.objects.filter(object_type="meetings.issue", changes__has_key="依据").get()
    assert closing.actor == officer and closing.changes["依据"] == f"台账事项 #{item.pk}"
    # Reopened and resolved again: the issue keeps its first closing, nothing is written twice
    actions.move_item(officer, item, "in_progress", note="又坏了", on=dt.date(2026, 11, 25))
    actions.move_item(officer, item, "resolved", resolution="再次修复", on=dt.date(2026, 11, 26))
    issue.refresh_from_db()
    assert issue.resolved_on == dt.date(2026, 11, 20)
    assert AuditEvent.objects.filter(object_type="meetings.issue", changes__has_key="依据").count() == 1


def test_an_issue_outside_the_subtree_is_not_found(tree, personas):
    issue = raised(tree)
    with pytest.raises(AccessDenied):
        actions.item_from_source(personas["other_township_officer"], ref(issue), template("livelihood"))
    with pytest.raises(AccessDenied):
        actions.item_from_source(personas["township_officer"], "meetings.issue:999999", template("livelihood"))
    client = Client()
    client.force_login(personas["other_township_officer"])
    assert client.get(reverse("ledgers:from_meeting_issue", args=[issue.pk])).status_code == 404
    assert not LedgerItem.objects.exists()
    issue.refresh_from_db()
    assert issue.ledger_ref is None

"""The ledgers' sections of the home page of what to do (issue 10.11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from jiceng.ledgers import actions
from jiceng.ledgers.models import LedgerItem

from .factories import make_item


def _home(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _assigned(tree: Any, personas: dict[str, Any], description: str, deadline: dt.date) -> LedgerItem:
    today = timezone.localdate()
    item = make_item(tree.east1, description=description, collected_on=today - dt.timedelta(days=3))
    actions.move_item(personas["township_officer"], item, "assigned", assignee=personas["village_secretary"])
    LedgerItem.objects.filter(pk=item.pk).update(deadline=deadline)  # the date the test is about
    return item


def test_items_due_or_overdue_for_the_assignee_and_the_supervising_officer(tree: Any, personas: dict[str, Any]) -> None:
    today = timezone.localdate()
    _assigned(tree, personas, "村道破损逾期", today - dt.timedelta(days=2))
    _assigned(tree, personas, "路灯不亮临期", today + dt.timedelta(days=1))
    _assigned(tree, personas, "水渠清淤不急", today + dt.timedelta(days=15))

    secretary = _home(personas["village_secretary"])
    mine = secretary.split('id="todo-ledger-items"')[1]
    assert "我承办的（2 件）" in mine
    assert "村道破损逾期" in mine and "已逾期 2 天" in mine
    assert "路灯不亮临期" in mine and "还有 1 天" in mine
    assert "水渠清淤不急" not in secretary
    assert mine.index("村道破损逾期") < mine.index("路灯不亮临期")  # the most urgent first

    officer = _home(personas["township_officer"])
    assert "本范围内临期或逾期（2 件，其中已逾期 1 件）" in officer and "我承办的" not in officer
    assert "承办人 east1_secretary" in officer
    assert 'href="/ledgers/?phase=overdue"' in officer

    assert "todo-ledger-items" not in _home(personas["other_township_officer"])


def test_a_liaison_and_their_officer_see_the_visit_quota_shortfall(tree: Any, personas: dict[str, Any]) -> None:
    officer, county = personas["township_officer"], personas["county_officer"]
    actions.assign_liaison(county, user=officer, organization=tree.east1, start_on=dt.date(2020, 1, 1))

    own = _home(officer).split('id="todo-visits"')[1]
    assert "您在东一村党支部：已走访 0 次，要求 1 次" in own
    assert "east_officer（东一村党支部）：已走访 0 次，要求 1 次" in _home(county)

    actions.record_visit(officer, organization=tree.east1, kind="resident", visited_on=timezone.localdate(),
                         visitee="群众甲")  # fmt: skip
    assert "todo-visits" not in _home(officer)

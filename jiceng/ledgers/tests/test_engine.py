"""Ledgers on the core engine: versions per ledger type, event dates, bad definitions, assignees."""

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent, CaseEvent, WorkflowDefinition
from jiceng.ledgers import actions
from jiceng.ledgers.defaults import standard_workflow
from jiceng.ledgers.models import LedgerItem, LedgerType
from jiceng.ledgers.tests.factories import make_item

MONDAY = dt.date(2026, 11, 2)  # November 2026 has no holidays: 5 working days → Mon 9 Nov, 20 → Mon 30 Nov


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def own_type(personas, tree, days=20):
    return actions.create_type(personas["township_officer"], tree.east, code="roads", name="道路台账",
                               noun="道路问题", workflow=standard_workflow(days))  # fmt: skip


# ---------------------------------------------------------------- versions


def test_editing_a_workflow_makes_a_new_version_and_items_keep_theirs(tree, personas):
    officer = personas["township_officer"]
    ltype = own_type(personas, tree, days=20)
    before = actions.create_item(officer, ledger_type=ltype, organization=tree.east1, description="旧事项",
                                 collected_on=MONDAY)  # fmt: skip
    # When the township shortens the deadline to 5 working days
    actions.update_type(officer, ltype, workflow=standard_workflow(5))
    versions = list(
        WorkflowDefinition.objects.filter(code=f"ledgers.type.{ltype.pk}").values_list("version", flat=True)
    )
    assert sorted(versions) == [1, 2]
    after = actions.create_item(officer, ledger_type=ltype, organization=tree.east1, description="新事项",
                                collected_on=MONDAY)  # fmt: skip
    assert before.flow is not None and after.flow is not None
    assert (before.flow.version, after.flow.version) == (1, 2)
    # Then the old item keeps 20 working days, the new one gets 5
    actions.move_item(officer, before, "assigned", today=MONDAY, assignee=officer)
    actions.move_item(officer, after, "assigned", today=MONDAY, assignee=officer)
    assert (before.deadline, after.deadline) == (dt.date(2026, 11, 30), dt.date(2026, 11, 9))
    # An edit that leaves the workflow as it is makes no version; the audit names the versions
    actions.update_type(officer, ltype, name="道路交通台账", workflow=standard_workflow(5))
    assert WorkflowDefinition.objects.filter(code=f"ledgers.type.{ltype.pk}").count() == 2
    edit = AuditEvent.objects.filter(object_type="ledgers.ledgertype", changes__has_key="workflow").get()
    assert edit.changes["workflow"] == ["第1版", "第2版"]
    page = client_for(officer).get(reverse("ledgers:type_detail", kwargs={"pk": ltype.pk})).content.decode()
    assert "第 2 版" in page and "第 1 版" in page and "1 件事项" in page


def test_an_old_version_runs_its_own_moves(tree, personas):
    officer = personas["township_officer"]
    ltype = own_type(personas, tree)
    item = actions.create_item(officer, ledger_type=ltype, organization=tree.east1, description="旧事项")
    flow = standard_workflow()
    flow["transitions"] = [t for t in flow["transitions"] if t["to"] != "explained"]
    flow["states"] = [s for s in flow["states"] if s["key"] != "explained"]
    actions.update_type(officer, ltype, workflow=flow)  # 解释说明 is gone for new items
    newer = actions.create_item(officer, ledger_type=ltype, organization=tree.east1, description="新事项")
    for case in (item, newer):
        actions.move_item(officer, case, "assigned", assignee=officer)
        actions.move_item(officer, case, "in_progress")
    actions.move_item(officer, item, "explained", resolution="政策不允许，已解释")
    with pytest.raises(DomainError, match="不能变更为“explained”"):
        actions.move_item(officer, newer, "explained", resolution="x")
    assert (item.status, LedgerItem.objects.get(pk=newer.pk).status) == ("explained", "in_progress")


# ---------------------------------------------------------------- bad definitions


BAD = [
    (lambda f: {**f, "states": [*f["states"], {"key": "lost", "label": "失联"}]}, "这些状态从初始状态无法到达：失联"),
    (lambda f: {**f, "transitions": [*f["transitions"], {"from": "assigned", "to": "nowhere", "roles": ["assignee"]}]},
     "流转中的状态“nowhere”不在状态列表中"),
    (lambda f: {**f, "deadline": {"from": "approved", "days": 10}}, "期限起算环节“approved”不在状态列表中"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), BAD)
def test_a_bad_workflow_is_refused_when_a_township_saves_a_type(tree, personas, change, message):
    officer = personas["township_officer"]
    ltype = own_type(personas, tree)
    written = (LedgerType.objects.count(), WorkflowDefinition.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError, match=message):
        actions.create_type(
            officer, tree.east, code="bad", name="坏台账", noun="问题", workflow=change(standard_workflow())
        )
    with pytest.raises(DomainError, match=message):
        actions.update_type(officer, ltype, workflow=change(standard_workflow()))
    assert (LedgerType.objects.count(), WorkflowDefinition.objects.count(), AuditEvent.objects.count()) == written
    ltype.refresh_from_db()
    assert ltype.workflow == standard_workflow()


@pytest.mark.parametrize(("change", "message"), BAD)
def test_a_bad_workflow_is_refused_on_the_type_pages(tree, personas, change, message):
    client = client_for(personas["township_officer"])
    data = {"code": "bad", "name": "坏台账", "noun": "问题", "categories": "", "measures": "", "fields_json": "[]",
            "workflow": json.dumps(change(standard_workflow()), ensure_ascii=False)}  # fmt: skip
    written = (LedgerType.objects.count(), WorkflowDefinition.objects.count())
    page = client.post(reverse("ledgers:type_create"), data)
    assert page.status_code == 200 and message in page.content.decode()
    ltype = own_type(personas, tree)
    written = (LedgerType.objects.count(), WorkflowDefinition.objects.count())
    page = client.post(reverse("ledgers:type_edit", kwargs={"pk": ltype.pk}), {**data, "name": "改名"})
    assert page.status_code == 200 and message in page.content.decode()
    assert (LedgerType.objects.count(), WorkflowDefinition.objects.count()) == written
    assert LedgerType.objects.get(pk=ltype.pk).name == "道路台账"


# ---------------------------------------------------------------- event dates


def test_a_step_takes_the_date_it_happened_and_keeps_the_entry_date(tree, personas):
    officer = personas["township_officer"]
    item = make_item(tree.east1, collected_on=MONDAY)
    client = client_for(officer)
    url = reverse("ledgers:item_move", kwargs={"pk": item.pk})
    today = timezone.localdate()
    # A date in the future, or before the previous step, is refused and nothing is written
    future = client.post(url, {"target": "assigned", "assignee": officer.pk, "on": "2099-01-01"}, follow=True)
    assert "“交办”的日期不能晚于今天" in future.content.decode()
    early = client.post(url, {"target": "assigned", "assignee": officer.pk, "on": "2026-10-30"}, follow=True)
    assert "“交办”的日期不能早于上一环节的日期（2026-11-02）" in early.content.decode()
    assert LedgerItem.objects.get(pk=item.pk).status == "collected" and item.events().count() == 1
    # Entered late: the step keeps the day it happened (the deadline counts from it)
    client.post(url, {"target": "assigned", "assignee": officer.pk, "on": "2026-11-04"})
    item.refresh_from_db()
    assert (item.status, item.status_since, item.deadline) == ("assigned", dt.date(2026, 11, 4), dt.date(2026, 12, 2))
    move = item.events().get(kind="move")
    assert move.on == dt.date(2026, 11, 4) and timezone.localdate(move.at) == today
    # And the item page shows both dates and the gap
    page = client.get(reverse("ledgers:item_detail", kwargs={"pk": item.pk})).content.decode()
    gap = (today - dt.date(2026, 11, 4)).days
    assert "2026-11-04" in page and f"录入 {today:%Y-%m-%d}" in page and f"补录，晚 {gap} 天" in page
    assert 'name="on"' in page and f'max="{today:%Y-%m-%d}"' in page


def test_a_step_entered_on_the_day_shows_no_gap(tree, personas):
    officer = personas["township_officer"]
    item = make_item(tree.east1)
    actions.move_item(officer, item, "assigned", assignee=officer)
    page = client_for(officer).get(reverse("ledgers:item_detail", kwargs={"pk": item.pk})).content.decode()
    assert "late-entry" not in page and "录入 " in page


def test_the_page_refuses_a_step_the_user_did_not_see(tree, personas):
    officer = personas["township_officer"]
    item = make_item(tree.east1)
    client = client_for(officer)
    actions.move_item(officer, item, "assigned", assignee=officer)
    # The page showed 已收集; meanwhile the item was assigned: pausing what was not seen is refused
    response = client.post(reverse("ledgers:item_move", kwargs={"pk": item.pk}),
                           {"target": "paused", "note": "等待", "expected": "collected"}, follow=True)  # fmt: skip
    assert "已被他人处理" in response.content.decode()
    assert LedgerItem.objects.get(pk=item.pk).status == "assigned"


def test_the_api_takes_the_event_date(tree, personas):
    from jiceng.accounts.models import ApiToken

    officer = personas["township_officer"]
    item = make_item(tree.east1, collected_on=MONDAY)
    auth: Any = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(officer)}"}
    url = f"/api/v1/ledgers/items/{item.pk}/transitions"
    body = {"target": "assigned", "assignee_id": officer.pk, "on": "2026-11-03"}
    assert Client().post(url, body, content_type="application/json", **auth).status_code == 200
    events = Client().get(f"/api/v1/ledgers/items/{item.pk}", **auth).json()["events"]
    assert [(e["label"], e["on"]) for e in events] == [("登记", "2026-11-02"), ("交办", "2026-11-03")]
    entered = {timezone.localdate(dt.datetime.fromisoformat(e["entered_at"].replace("Z", "+00:00"))) for e in events}
    assert entered == {timezone.localdate()}


# ---------------------------------------------------------------- assignees


def test_the_assignee_list_shows_names_and_never_a_member(tree, personas):
    secretary = personas["village_secretary"]
    secretary.last_name, secretary.first_name = "李", "书记"
    secretary.save()
    item = make_item(tree.east1)
    page = client_for(personas["township_officer"]).get(reverse("ledgers:item_detail", kwargs={"pk": item.pk}))
    select = page.content.decode().split('name="assignee"')[1].split("</select>")[0]
    assert "李书记（东一村党支部）" in select and "east_officer（东镇党委）" in select
    assert "east1_member" not in select and "west_officer" not in select
    clue = make_item(tree.east1, "crime_clues", "有人强揽工程")
    page = client_for(personas["township_officer"]).get(reverse("ledgers:item_detail", kwargs={"pk": clue.pk}))
    assert "李书记" not in page.content.decode().split('name="assignee"')[1].split("</select>")[0]
    # The assignee is shown by name on the item
    actions.move_item(personas["township_officer"], item, "assigned", assignee=secretary)
    page = client_for(personas["township_officer"]).get(reverse("ledgers:item_detail", kwargs={"pk": item.pk}))
    assert '<dd class="col-8 col-md-4" id="assignee">李书记</dd>' in page.content.decode()


def test_a_member_assignee_gets_no_edit_page_and_no_moves(tree, personas):
    # issue 11 point 10, through the pages: an item assigned to a member before it was refused
    officer, member = personas["township_officer"], personas["member"]
    item = make_item(tree.east1, description="三组路灯不亮")
    actions.move_item(officer, item, "assigned", assignee=officer)
    LedgerItem.objects.filter(pk=item.pk).update(assignee=member)
    client = client_for(member)
    page = client.get(reverse("ledgers:item_detail", kwargs={"pk": item.pk})).content.decode()
    assert "修改内容" not in page and "data-move" not in page
    assert client.get(reverse("ledgers:item_edit", kwargs={"pk": item.pk})).status_code == 404
    assert client.post(reverse("ledgers:item_edit", kwargs={"pk": item.pk}), {"description": "没事"}).status_code == 404
    client.post(reverse("ledgers:item_move", kwargs={"pk": item.pk}), {"target": "resolved", "resolution": "好"})
    item.refresh_from_db()
    assert (item.description, item.status) == ("三组路灯不亮", "assigned")
    assert CaseEvent.objects.filter(case_id=item.pk, kind="move").count() == 1

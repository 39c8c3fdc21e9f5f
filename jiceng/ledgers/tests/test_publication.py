"""The public board never shows the people concerned (issue 11 item 4): refused at publication,
and what was published before is checked again and withdrawn with a note to the officers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent
from jiceng.households import actions as households
from jiceng.ledgers import actions
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import SYSTEM, make_item
from jiceng.people.tests.factories import valid_id


def resolved(tree: Any, officer: Any, **data: Any) -> LedgerItem:
    item = make_item(tree.east1, **data)
    actions.move_item(officer, item, "assigned", assignee=officer)
    actions.move_item(officer, item, "resolved", resolution="已修复")
    return item


@pytest.fixture
def household(tree: Any) -> Any:
    grid = households.create_grid(SYSTEM, tree.east1, name="一组", responsible="赵六")
    return households.add_household(SYSTEM, grid, head_name="刘德福")


LEAKS = ["王 小明家的屋顶已修好", "小明家已修好", "已联系13812345678", f"身份证{valid_id()}已核实", "刘德福户已落实", "wang xiaoming 家已解决",
         "反映人孙 秀英的问题已解决"]  # fmt: skip


@pytest.mark.parametrize("summary", LEAKS)
def test_publishing_personal_data_is_refused(tree, personas, household, summary):
    officer = personas["township_officer"]
    item = resolved(
        tree, officer, concerned_name="王小明", reporter_name="孙秀英", anonymous=False, household=household
    )
    with pytest.raises(DomainError, match="公开内容不能包含"):
        actions.publish_item(officer, item, summary)
    assert not LedgerItem.objects.get(pk=item.pk).published


def test_publishing_without_personal_data(tree, personas, household):
    officer = personas["township_officer"]
    item = resolved(tree, officer, concerned_name="王小明", household=household)
    actions.publish_item(officer, item, "王某家的屋顶已修好，投入资金3000元")
    assert LedgerItem.objects.published().get() == item


def test_already_published_items_are_withdrawn_with_a_note(tree, personas, household):
    officer = personas["township_officer"]
    leaking = resolved(tree, officer, concerned_name="王小明")
    clean = resolved(tree, officer, concerned_name="李四")
    actions.publish_item(officer, leaking, "村道已修复")
    actions.publish_item(officer, clean, "村道已修复")
    # Published before the checker existed:
    LedgerItem.objects.filter(pk=leaking.pk).update(public_summary="王 小明家门口村道已修复，电话13812345678")
    out = io.StringIO()
    call_command("recheck_published", stdout=out)
    # every registered check reports (the openness app's boards too)
    assert out.getvalue().strip().splitlines() == ["党务村务财务公开栏：撤回 0 条", "台账公开栏：撤回 1 条"]
    leaking.refresh_from_db()
    assert (leaking.published, LedgerItem.objects.get(pk=clean.pk).published) == (False, True)
    note = leaking.events().get(kind="unpublish").note
    assert note == "系统自动撤回：公开内容含有电话号码、当事人姓名“王某”，请修改后重新公开"
    assert AuditEvent.objects.filter(object_id=str(leaking.pk), changes__published=[True, False]).exists()
    client = Client()
    client.force_login(officer)
    page = client.get("/ledgers/").content.decode()
    assert 'id="withdrawn"' in page and "请修改后重新公开" in page
    public = Client().get(f"/ledgers/public/{tree.east1.pk}/", follow=True).content.decode()  # → the 公开栏
    assert "村道已修复" in public and "小明" not in public and "13812345678" not in public
    # Published again without the name: the notice goes away.
    actions.publish_item(officer, leaking, "村道已修复")
    assert 'id="withdrawn"' not in client.get("/ledgers/").content.decode()

"""Pages, exports and API: what users actually get."""

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiceng.accounts.models import ApiToken
from jiceng.ledgers import actions
from jiceng.ledgers.tests.factories import make_item


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def resolved(tree, personas):
    officer = personas["township_officer"]
    item = make_item(tree.east1, "hardship", "因病致贫，申请临时救助", concerned_name="孙七", reporter_name="孙小七")
    actions.move_item(officer, item, "assigned", assignee=officer)
    actions.move_item(officer, item, "resolved", resolution="发放临时救助金2000元", measures=["临时救助"])
    return item


def test_excel_export_in_printed_layout(resolved, personas):
    from openpyxl import load_workbook

    response = client_for(personas["township_officer"]).get(
        reverse("ledgers:export"), {"type": resolved.ledger_type_id}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "东镇党委困难群众台账"
    assert rows[1][:4] == ("序号", "收集日期", "来源", "所属组织") and rows[1][-1] == "家庭人口"
    assert rows[2][0] == 1 and rows[2][4] == "孙七" and rows[2][10] == "临时救助" and rows[2][11] == "已解决"


def test_pdf_shows_title_sentence_and_rows(resolved, personas):
    from pypdf import PdfReader

    response = client_for(personas["village_secretary"]).get(
        reverse("ledgers:print"), {"type": resolved.ledger_type_id}
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace(" ", "")
    assert "东一村党支部困难群众台账" in text
    assert "共收集困难群众问题1件，已解决1件，0件正在解决" in text
    assert "发放临时救助金2000元" in text


def test_public_board_shows_published_items_without_personal_data(resolved, personas, tree):
    actions.publish_item(personas["village_secretary"], resolved, "一户因病困难家庭已获临时救助")
    page = Client().get(reverse("ledgers:public", kwargs={"org_id": tree.east1.pk}), follow=True).content.decode()
    assert "一户因病困难家庭已获临时救助" in page and "临时救助" in page
    for private in ("孙七", "孙小七", "因病致贫，申请临时救助", "2000"):
        assert private not in page
    assert Client().get(reverse("ledgers:public", kwargs={"org_id": tree.east.pk})).status_code == 404


def test_list_filters_and_query_budget(tree, personas):
    for i in range(30):
        make_item(tree.east1 if i % 2 else tree.east2, description=f"问题{i:02d}")
    client = client_for(personas["township_officer"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("ledgers:index"), {"org": tree.east1.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and len(queries) <= 8
    text = response.content.decode()
    assert len(re.findall(r"问题\d\d", text)) == 15 and "问题01" in text and "问题00" not in text
    secretary = client_for(personas["village_secretary"]).get(reverse("ledgers:index")).content.decode()
    assert "问题01" in secretary and "问题00" not in secretary


def test_my_items_are_those_assigned_or_escalated_to_me_in_my_subtree(tree, personas):
    from jiceng.ledgers.models import LedgerItem

    officer = personas["township_officer"]
    assigned = make_item(tree.east1, description="承办一")
    actions.move_item(officer, assigned, "assigned", assignee=officer)
    escalated = make_item(tree.east2, description="上报二")
    LedgerItem.objects.filter(pk=escalated.pk).update(escalated_to=officer)
    make_item(tree.east1, description="别人三")
    response = client_for(officer).get(reverse("ledgers:index"), {"mine": "1"}, headers={"HX-Request": "true"})
    assert sorted(re.findall(r"(承办一|上报二|别人三)", response.content.decode())) == ["上报二", "承办一"]


def test_move_page_shows_chinese_refusal(tree, personas):
    item = make_item(tree.east1)
    client = client_for(personas["township_officer"])
    response = client.post(reverse("ledgers:item_move", kwargs={"pk": item.pk}), {"target": "resolved"}, follow=True)
    assert "当前状态为“已收集”，不能变更为“已解决”" in response.content.decode()


def test_api_transition_and_restricted_items(tree, personas):
    clue = make_item(tree.east1, "crime_clues", "有人强揽工程", anonymous=True)
    item = make_item(tree.east1)
    secretary: Any = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(personas['village_secretary'])}"}
    client = Client()
    ids = [row["id"] for row in client.get("/api/v1/ledgers/items", **secretary).json()]
    assert ids == [item.pk]
    assert client.get(f"/api/v1/ledgers/items/{clue.pk}", **secretary).status_code == 404
    url = f"/api/v1/ledgers/items/{item.pk}/transitions"
    # A move the state does not allow is a conflict (409, the API's one error path), in Chinese
    refused = client.post(url, {"target": "resolved"}, content_type="application/json", **secretary)
    assert refused.status_code == 409 and refused.json()["detail"] == "当前状态为“已收集”，不能变更为“已解决”"
    member = client.post(
        url, {"target": "assigned", "assignee_id": personas["member"].pk}, content_type="application/json", **secretary
    )
    assert member.status_code == 400 and "党员（只读）账户不能担任承办人" in member.json()["detail"]
    moved = client.post(
        url, {"target": "assigned", "assignee_id": personas["village_secretary"].pk}, content_type="application/json",
        **secretary,
    )  # fmt: skip
    assert moved.status_code == 200 and moved.json()["status_label"] == "已交办"
    stats = client.get("/api/v1/ledgers/stats", **secretary).json()
    assert stats["sentences"] == ["民生问题台账：共收集民生问题1件，已解决0件，1件正在解决"]


def test_item_form_shows_and_saves_the_types_extra_fields(tree, personas):
    from jiceng.ledgers.models import LedgerItem
    from jiceng.ledgers.tests.factories import template

    client = client_for(personas["village_secretary"])
    hardship = template("hardship")
    # Given the type is chosen (htmx reloads the form with it), its extra field appears
    page = client.get(reverse("ledgers:item_create"), {"ledger_type": hardship.pk, "description": "因病"}).content
    assert 'name="extra__household_size"' in page.decode() and "家庭人口" in page.decode()
    assert ">\n因病</textarea>" in page.decode()  # what was typed stays
    assert 'name="extra__household_size"' not in client.get(reverse("ledgers:item_create")).content.decode()
    # When the item is saved with a value, it is kept in `extra` and shown on the item
    data = {"ledger_type": hardship.pk, "organization": tree.east1.pk, "source": "phone",
            "collected_on": "2026-01-05", "description": "因病致贫", "extra__household_size": "4"}  # fmt: skip
    response = client.post(reverse("ledgers:item_create"), data)
    item = LedgerItem.objects.get()
    assert response.status_code == 302 and item.extra == {"household_size": 4}
    assert '家庭人口</dt><dd class="col-8 col-md-4">4</dd>' in client.get(response["Location"]).content.decode()
    # A value of the wrong kind is refused with the form
    bad = client.post(reverse("ledgers:item_create"), {**data, "extra__household_size": "四口"})
    assert bad.status_code == 200 and LedgerItem.objects.count() == 1


def test_edit_item_fields_records_history(tree, personas):
    from jiceng.ledgers.models import LedgerItem
    from jiceng.ledgers.tests.factories import template

    item = make_item(tree.east1, "hardship", concerned_name="孙七", extra={"household_size": 3})
    client = client_for(personas["village_secretary"])
    page = client.get(reverse("ledgers:item_edit", kwargs={"pk": item.pk})).content.decode()
    assert 'value="孙七"' in page and 'name="extra__household_size"' in page and 'value="3"' in page
    assert 'id="edit-item"' in client.get(reverse("ledgers:item_detail", kwargs={"pk": item.pk})).content.decode()
    data = {"description": "因病致贫，已核实", "category": "", "concerned_name": "孙七",
            "reporter_name": "孙小七", "extra__household_size": "5", "measures": ["临时救助"]}  # fmt: skip
    response = client.post(reverse("ledgers:item_edit", kwargs={"pk": item.pk}), data)
    assert response.status_code == 302
    item = LedgerItem.objects.get(pk=item.pk)
    assert (item.description, item.reporter_name, item.extra, item.measures) == (
        "因病致贫，已核实", "孙小七", {"household_size": 5}, ["临时救助"],
    )  # fmt: skip
    assert list(item.events().values_list("label", flat=True)) == ["登记", "修改"]
    # A category outside the type's list is refused in Chinese and nothing changes
    refused = client.post(reverse("ledgers:item_edit", kwargs={"pk": item.pk}), {**data, "category": "火星"})
    assert "不在该台账的类别中" in refused.content.decode()
    assert LedgerItem.objects.get(pk=item.pk).category == ""
    assert template("hardship").categories  # the check above is meaningful


def test_end_liaison_removes_it_from_the_quota_view(tree, personas):
    import datetime as dt

    from django.utils import timezone

    officer = personas["township_officer"]
    made = actions.assign_liaison(officer, user=officer, organization=tree.east1, start_on=dt.date(2026, 1, 1))
    client = client_for(officer)
    assert "东一村党支部" in client.get(reverse("ledgers:liaisons")).content.decode()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(reverse("ledgers:liaison_end", kwargs={"pk": made.pk}), {"end_on": yesterday.isoformat()})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.end_on == yesterday
    assert "暂无包村安排" in client.get(reverse("ledgers:liaisons")).content.decode()
    # An end before the start is refused in Chinese
    client.post(reverse("ledgers:liaison_end", kwargs={"pk": made.pk}), {"end_on": "2025-12-31"})
    made.refresh_from_db()
    assert made.end_on == yesterday


def test_record_visit_offers_the_types_categories_and_extra_fields(tree, personas):
    # issue 10 point 15: the category is a choice from the ledger type's list; its extra fields appear;
    # the village is preselected when the user has only one
    from jiceng.households.models import Visit
    from jiceng.ledgers.models import LedgerItem
    from jiceng.ledgers.tests.factories import template

    client = client_for(personas["village_secretary"])
    hardship = template("hardship")
    page = client.get(reverse("ledgers:visit_create")).content.decode()
    assert f'<option value="{tree.east1.pk}" selected>' in page
    assert 'name="extra__household_size"' not in page
    # Given the type is chosen (the form reloads), its categories and extra field appear
    page = client.get(reverse("ledgers:visit_create"), {"item_type": hardship.pk, "visitee": "孙七"}).content.decode()
    category = page.split('name="item_category"')[1].split("</select>")[0]
    assert [c for c in hardship.categories if f'<option value="{c}">' in category] == hardship.categories
    assert 'name="extra__household_size"' in page and 'value="孙七"' in page
    # When saved, the visit and the item are one record each, with the category and extra field
    data = {"organization": tree.east1.pk, "kind": "hardship", "visited_on": "2026-11-02", "visitee": "孙七",
            "item_type": hardship.pk, "item_category": "因病", "item_description": "因病致贫",
            "extra__household_size": "4"}  # fmt: skip
    response = client.post(reverse("ledgers:visit_create"), data)
    item = LedgerItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers:item_detail", args=[item.pk])
    assert (item.category, item.extra, item.visit, item.collected_on.isoformat()) == (
        "因病", {"household_size": 4}, Visit.objects.get(), "2026-11-02",
    )  # fmt: skip
    # A category outside the type's list is refused with the form, and nothing is written
    bad = client.post(reverse("ledgers:visit_create"), {**data, "item_category": "火星"})
    assert bad.status_code == 200 and (Visit.objects.count(), LedgerItem.objects.count()) == (1, 1)


def test_a_refused_item_leaves_no_visit(tree, personas):
    # Recording a visit that creates ledger items is one action: all saved, or none
    from jiceng.core.errors import DomainError
    from jiceng.households.models import Visit
    from jiceng.ledgers.tests.factories import template

    with pytest.raises(DomainError, match="类别“火星”不在该台账的类别中"):
        actions.record_visit(personas["village_secretary"], organization=tree.east1, kind="hardship",
                             visited_on=dt.date(2026, 11, 2), visitee="孙七",
                             items=[{"ledger_type": template("hardship"), "description": "x", "category": "火星"}])  # fmt: skip
    assert not Visit.objects.exists()

"""Pages, exports and API: what users actually get."""

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
    page = Client().get(reverse("ledgers:public", kwargs={"org_id": tree.east1.pk})).content.decode()
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
    refused = client.post(url, {"target": "resolved"}, content_type="application/json", **secretary)
    assert refused.status_code == 400 and refused.json()["detail"] == "当前状态为“已收集”，不能变更为“已解决”"
    moved = client.post(
        url, {"target": "assigned", "assignee_id": personas["member"].pk}, content_type="application/json", **secretary
    )
    assert moved.status_code == 200 and moved.json()["status_label"] == "已交办"
    stats = client.get("/api/v1/ledgers/stats", **secretary).json()
    assert stats["sentences"] == ["民生问题台账：共收集民生问题1件，已解决0件，1件正在解决"]

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
    assert list(item.events.values_list("label", flat=True)) == ["登记", "修改"]
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


def test_household_import_all_or_nothing_with_row_errors(tree, personas):
    from jiceng.core.models import AuditEvent
    from jiceng.ledgers.models import Household
    from jiceng.ledgers.tests.permission_cases import households_xlsx

    grid = actions.create_grid(personas["village_secretary"], tree.east1, name="一组", responsible="赵六")
    client = client_for(personas["village_secretary"])
    url = reverse("ledgers:grid_import", kwargs={"pk": grid.pk})
    # Given a sheet with two bad rows among good ones, nothing is imported and each row is named
    bad = households_xlsx(("孙七", "一组3号", 3, ""), ("", "一组4号", 2, ""), ("钱八", "", "三口", ""),
                          ("孙七", "一组3号", 1, "重复"))  # fmt: skip
    page = client.post(url, {"file": bad}).content.decode()
    assert "第3行：户主不能为空" in page
    assert "第4行：家庭人口应为1至50之间的整数" in page
    assert "第5行：与第2行重复（户主和住址相同）" in page
    assert Household.objects.count() == 0
    # A file that is not a workbook is refused too
    from django.core.files.uploadedfile import SimpleUploadedFile

    junk = client.post(url, {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")}).content.decode()
    assert "无法读取该文件" in junk
    # When the sheet is right, every household is saved (blank size = 1, blank rows skipped)
    good = households_xlsx(("孙七", "一组3号", 3, "低保户"), (None, None, None, None), ("钱八", "一组5号", None, ""))
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    rows = list(Household.objects.order_by("head_name").values_list("head_name", "address", "size", "note", "org_path"))
    assert rows == [("孙七", "一组3号", 3, "低保户", tree.east1.path), ("钱八", "一组5号", 1, "", tree.east1.path)]
    assert AuditEvent.objects.filter(changes__导入农户=2).count() == 1


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (("姓名", "住址"), "第1行应为表头"),
        (("户主", "电话"), "不认识的列：电话"),
    ],
)
def test_household_sheet_header_is_checked(header, error):
    from jiceng.ledgers import households

    rows, errors = households.parse([list(header), ["孙七", "x"]])
    assert rows == [] and error in errors[0]

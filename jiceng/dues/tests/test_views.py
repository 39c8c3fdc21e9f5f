"""The dues pages: the collection sheet (page, PDF text, Excel cells), recording from the member's
page with Chinese refusals, the arrears list and the branch secretary's home page, one's own dues."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.core.pdf import render_pdf
from jiceng.core.testing import pdf_text
from jiceng.dues import actions, queries, rules
from jiceng.dues.models import DuesBase, Payment
from jiceng.dues.rules import Kind

from .factories import D, member, pay


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def branch(tree: Any) -> dict[str, Any]:
    a = member(tree.east1, "甲", income=300_000)  # 15.00
    b = member(tree.east1, "乙", income=1_200_000)  # 240.00
    member(tree.east1, "丙", kind=Kind.FARMER, fixed=50)  # 0.50
    pay(a, D(2024, 5, 1), paid_on=D(2024, 5, 8), receipt="No.7")
    pay(b, D(2024, 5, 1), amount=30_000)
    return {"a": a, "b": b}


def test_sheet_pdf_text_holds_the_totals_in_yuan(tree: Any, branch: Any) -> None:
    sheet = queries.sheet(tree.east1, D(2024, 5, 1))
    context = {"sheet": sheet, "org": tree.east1, "month": D(2024, 5, 1), "today": D(2024, 6, 1)}
    text = pdf_text(render_pdf("dues/pdf/sheet.html", context))
    assert "东一村党支部" in text and "2024年5月" in text
    assert "应交合计：255.50 元" in text
    assert "实交合计：315.00 元" in text
    assert "15.00" in text and "No.7" in text


def test_sheet_page_and_pdf_response(personas: Any, tree: Any, branch: Any) -> None:
    client = _client(personas["village_secretary"])
    url = reverse("dues:sheet", args=[tree.east1.pk])
    page = client.get(url, {"month": "2024-05"}).content.decode()
    assert "应交 <b>255.50</b> 元 · 实交 <b>315.00</b> 元 · 已交 2 人 · 未交 1 人" in page
    response = client.get(reverse("dues:sheet_pdf", args=[tree.east1.pk]), {"month": "2024-05"})
    assert response["Content-Type"] == "application/pdf"
    assert "实交合计：315.00 元" in pdf_text(response.content)


def test_sheet_excel_cells(personas: Any, tree: Any, branch: Any) -> None:
    from openpyxl import load_workbook

    branch["a"].name = "=HYPERLINK(1)"
    branch["a"].save(update_fields=["name"])
    response = _client(personas["township_officer"]).get(reverse("dues:sheet_xlsx", args=[tree.east1.pk]),
                                                          {"month": "2024-05"})  # fmt: skip
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:8] == ["序号", "姓名", "所在党组织", "交纳类别", "基数（元）", "比例", "应交（元）", "实交（元）"]
    names = {r[1]: r for r in rows[1:]}
    assert names["=HYPERLINK(1)"][4:8] == ["3,000.00", "0.5%", "15.00", "15.00"]
    assert sheet.cell(row=[r[1] for r in rows].index("=HYPERLINK(1)") + 1, column=2).data_type == "s"
    assert rows[-1][1] == "合计" and rows[-1][6:8] == ["255.50", "315.00"]


def test_pay_twice_shows_the_chinese_refusal(personas: Any, tree: Any, branch: Any) -> None:
    client = _client(personas["village_secretary"])
    data = {"first_month": "2024-05", "count": "1", "paid_on": "2024-05-09", "place": "branch"}
    response = client.post(reverse("dues:pay", args=[branch["a"].pk]), data)
    assert response.status_code == 400
    assert "甲2024年05月的党费已交纳，不能重复登记" in response.content.decode()
    assert Payment.objects.filter(person=branch["a"]).count() == 1


def test_negative_income_refused_on_the_page(personas: Any, tree: Any, branch: Any) -> None:
    client = _client(personas["village_secretary"])
    data = {"from_month": "2024-08", "kind": "salary", "income": "-5"}
    response = client.post(reverse("dues:set_base", args=[branch["a"].pk]), data)
    assert response.status_code == 400 and "月收入不能为负数" in response.content.decode()
    data["income"] = "2000000"
    response = client.post(reverse("dues:set_base", args=[branch["a"].pk]), data)
    assert "超过100万元，请核实" in response.content.decode()
    assert DuesBase.objects.filter(person=branch["a"]).count() == 1


def test_index_totals_per_township(personas: Any, tree: Any, branch: Any) -> None:
    page = _client(personas["county_officer"]).get(reverse("dues:index"), {"year": "2024"}).content.decode()
    # 东一村: 12 months × (15.00 + 240.00 + 0.50) = 3,066.00 due (bases from January 2024)
    assert "3,066.00" in page and "315.00" in page


def test_member_sees_only_their_own(personas: Any, tree: Any, branch: Any) -> None:
    user = personas["member"]
    user.person = branch["a"]
    user.save(update_fields=["person"])
    client = _client(user)
    assert client.get(reverse("dues:index"))["Location"] == reverse("dues:mine")
    page = client.get(reverse("dues:mine")).content.decode()
    assert "每月应交 <b>15.00</b> 元" in page and "No.7" in page
    assert client.get(reverse("dues:person", args=[branch["b"].pk])).status_code == 403


def test_arrears_flagged_on_the_secretarys_home_page(personas: Any, tree: Any) -> None:
    this = rules.month_start(timezone.localdate())
    since = rules.add_months(this, -7)
    late = member(tree.east1, "欠费", since=since)
    actions.record_payment(SYSTEM, late, since, paid_on=since)  # the six months after it unpaid
    home = _client(personas["village_secretary"]).get("/").content.decode()
    first = rules.add_months(since, 1)
    assert f"欠费：{first.year}年{first.month}月起连续 6 个月未交" in home
    page = _client(personas["township_officer"]).get(reverse("dues:arrears")).content.decode()
    last = rules.add_months(this, -1)
    assert f"{first.year}年{first.month}月—{last.year}年{last.month}月" in page
    assert "欠费" not in _client(personas["township_officer"]).get("/").content.decode()  # the branch secretary's

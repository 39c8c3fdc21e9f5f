"""The economy pages and API: the dashboard within a query budget that does not grow with the
villages, a village's status and reasons, the cooperative's forms with Chinese refusals that write
nothing, the A4 share register and the Excel exports, the API's refusals."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import ApiToken
from jiceng.core.actor import SYSTEM
from jiceng.core.testing import pdf_text
from jiceng.economy import actions
from jiceng.economy.models import CoopIncome, Holding, ShareEntry
from jiceng.organizations import actions as org_actions
from jiceng.organizations.rules import OrgKind

from .factories import D, coop, household

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sheet(response: Any) -> list[list[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def shop(tree: Any) -> dict[str, Any]:
    made = coop(tree.east1, trademark="妙樱", brand="妙樱", industry="樱桃")
    a, b = household(tree.east1, "甲"), household(tree.east1, "乙")
    actions.subscribe(SYSTEM, made, [(a, 30), (b, 10)], D(YEAR, 1, 5))
    return {"coop": made, "a": a, "b": b}


def _dashboard_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("economy:index"), {"year": YEAR})
        assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_does_not_grow_with_villages(tree: Any, personas: Any,
                                                           django_assert_max_num_queries: Any) -> None:  # fmt: skip
    client = _client(personas["county_officer"])
    actions.record_collective(SYSTEM, tree.east1, year=YEAR, on=D(YEAR, 5, 1), source="hydro", amount=6_000_000)
    few = _dashboard_queries(client)
    for i in range(20):
        org = org_actions.create_organization(SYSTEM, parent=tree.west, name=f"西{i}村党支部", kind=OrgKind.BRANCH,
                                              village_name=f"西{i}村", check_access=False)  # fmt: skip
        actions.record_collective(SYSTEM, org, year=YEAR, on=D(YEAR, 5, 1), source="land", amount=100_000 + i)
    assert _dashboard_queries(client) == few
    with django_assert_max_num_queries(14):
        response = client.get(reverse("economy:index"), {"year": YEAR})
    text = response.content.decode()
    assert "小水电利润分成（让利）" in text and "60,000.00" in text
    board = response.context["board"]
    assert (board.villages, board.with_income, board.shell) == (23, 21, 2)
    # The county lists the 空壳村 only; a township lists every village.
    assert [r.name for r in response.context["rows"]] == ["东二村党支部", "西一村党支部"] and "西0村党支部" not in text
    west = client.get(reverse("economy:index"), {"year": YEAR, "org": tree.west.pk})
    assert len(west.context["rows"]) == 21 and "西0村党支部" in west.content.decode()


def test_village_page_shows_status_reasons_and_the_forms_only_to_editors(tree: Any, personas: Any) -> None:
    url = reverse("economy:village", args=[tree.east2.pk])
    page = _client(personas["township_officer"]).get(url, {"year": YEAR}).content.decode()
    assert "空壳村" in page and "当年无集体经济收入" in page and 'id="income-form"' in page
    member_page = _client(personas["member"]).get(reverse("economy:village", args=[tree.east1.pk])).content.decode()
    assert 'id="income-form"' not in member_page


def test_a_negative_income_from_the_form_is_refused_in_chinese(tree: Any, personas: Any) -> None:
    url = reverse("economy:village_income", args=[tree.east1.pk])
    response = _client(personas["village_secretary"]).post(url, {"year": YEAR, "on": f"{YEAR}-05-01",
                                                                 "source": "land", "amount": "-5"})  # fmt: skip
    assert response.status_code == 400 and "金额（元）不能为负数" in response.content.decode()


def test_a_transfer_of_more_than_held_from_the_page_is_refused_and_nothing_written(shop: Any, personas: Any) -> None:
    made = shop["coop"]
    before = (ShareEntry.objects.count(), sorted(Holding.objects.values_list("shares", flat=True)))
    response = _client(personas["village_secretary"]).post(
        reverse("economy:coop_transfer", args=[made.pk]),
        {"source": shop["b"].pk, "target": shop["a"].pk, "shares": "11", "on": f"{YEAR}-06-01"},
    )
    assert response.status_code == 400
    assert "乙户持有10股，不能转出或退还11股" in response.content.decode()
    assert (ShareEntry.objects.count(), sorted(Holding.objects.values_list("shares", flat=True))) == before


def test_a_household_outside_ones_subtree_is_not_found(shop: Any, personas: Any, tree: Any) -> None:
    other = household(tree.east2, "东二户")
    response = _client(personas["village_secretary"]).post(
        reverse("economy:coop_subscribe", args=[shop["coop"].pk]),
        {"household": other.pk, "shares": "1", "on": f"{YEAR}-06-01"},
    )
    assert response.status_code == 400 and f"没有编号为{other.pk}的农户" in response.content.decode()
    assert ShareEntry.objects.count() == 2


def test_the_share_register_pdf_and_excel(shop: Any, personas: Any) -> None:
    made = shop["coop"]
    actions.transfer(SYSTEM, made, shop["a"], shop["b"], 5, D(YEAR, 3, 1))
    client = _client(personas["township_officer"])
    response = client.get(reverse("economy:coop_register_pdf", args=[made.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "陈家庄运输合作社股权登记簿" in text and "持股：2 户，40 股" in text and "转让" in text
    rows = _sheet(client.get(reverse("economy:coop_register_xlsx", args=[made.pk])))
    assert rows[0][:7] == ["登记号", "日期", "变动类型", "转出户", "转入户", "股数", "金额（元）"]
    assert [[r[0], r[1].date(), *r[2:7]] for r in rows[1:]] == [
        [1, D(YEAR, 1, 5), "认购", None, "甲", 30, "3,000.00"],
        [2, D(YEAR, 1, 5), "认购", None, "乙", 10, "1,000.00"],
        [3, D(YEAR, 3, 1), "转让", "甲", "乙", 5, "0.00"],
    ]


def test_the_coop_page_lists_household_numbers_within_a_bounded_number_of_queries(
        shop: Any, personas: Any, tree: Any, django_assert_max_num_queries: Any) -> None:  # fmt: skip
    for i in range(30):
        household(tree.east1, f"户{i:02d}")
    client = _client(personas["village_secretary"])
    with django_assert_max_num_queries(18):
        page = client.get(reverse("economy:coop", args=[shop["coop"].pk]))
    text = page.content.decode()
    assert f"甲 {shop['a'].pk}" in text and "东一村党支部一组网格" in text


def test_a_households_share_certificate(shop: Any, personas: Any) -> None:
    made = shop["coop"]
    actions.transfer(SYSTEM, made, shop["a"], shop["b"], 5, D(YEAR, 3, 1))
    holding = Holding.objects.get(cooperative=made, household=shop["b"])
    response = _client(personas["village_secretary"]).get(reverse("economy:holding_certificate", args=[holding.pk]))
    text = pdf_text(response.content)
    assert "股权证" in text and "15 股" in text and "1,500.00 元" in text and "转让" in text
    assert _client(personas["member"]).get(reverse("economy:holding_certificate", args=[holding.pk])).status_code == 404


def test_a_dividend_from_the_page_and_its_lines_in_excel(shop: Any, personas: Any) -> None:
    made = shop["coop"]
    client = _client(personas["village_secretary"])
    client.post(reverse("economy:coop_income", args=[made.pk]),
                {"year": YEAR, "on": f"{YEAR}-12-01", "kind": "sales", "amount": "1000"})  # fmt: skip
    assert CoopIncome.objects.get().amount == 100_000
    response = client.post(reverse("economy:coop_dividend", args=[made.pk]),
                           {"year": YEAR, "record_on": f"{YEAR}-12-31", "paid_on": timezone.localdate().isoformat(),
                            "total": "1000.01"})  # fmt: skip
    assert response.status_code == 400 and "超过可分配收益1,000.00元" in response.content.decode()
    response = client.post(reverse("economy:coop_dividend", args=[made.pk]),
                           {"year": YEAR, "record_on": f"{YEAR}-12-31", "paid_on": timezone.localdate().isoformat(),
                            "total": "100.01"})  # fmt: skip
    assert response.status_code == 302
    dividend = made.dividends.get()
    rows = _sheet(client.get(reverse("economy:dividend_xlsx", args=[dividend.pk])))
    # 10 001 fen over 30 + 10 shares: 7 500.75 and 2 500.25 → the fen left goes to 甲 (0.75 > 0.25).
    assert [r[1:] for r in rows[1:]] == [
        ["甲", None, 30, "75.01"],
        ["乙", None, 10, "25.00"],
        ["合计", None, 40, "100.01"],
    ]


def test_the_coop_list_shows_the_township_figures_to_a_member_without_households(shop: Any, personas: Any) -> None:
    page = _client(personas["member"]).get(reverse("economy:coops")).content.decode()
    assert "吸收农户 2 户" in page and "吸纳农户资金 4,000.00 元" in page and "妙樱" in page
    assert "甲" not in page
    assert _client(personas["member"]).get(reverse("economy:coop", args=[shop["coop"].pk])).status_code == 403


def test_dashboard_excel(tree: Any, personas: Any) -> None:
    actions.record_collective(SYSTEM, tree.east1, year=YEAR, on=D(YEAR, 5, 1), source="tax_rebate", amount=7_000_000)
    rows = _sheet(_client(personas["township_officer"]).get(reverse("economy:index_xlsx"), {"year": YEAR}))
    assert rows[1][:5] == ["东镇党委", "东一村党支部", "70,000.00", "0.00", "70,000.00"]
    assert rows[2][7:9] == ["是", "当年无集体经济收入"]
    assert rows[-1][:2] == ["合计", "2个村"]


def test_api_transfer_refusal_is_a_chinese_400_and_writes_nothing(shop: Any, personas: Any) -> None:
    token = ApiToken.objects.issue(personas["village_secretary"])
    client = Client(headers={"Authorization": f"Bearer {token}"})
    url = reverse("api-v1:economy_coop_transfer", kwargs={"coop_id": shop["coop"].pk})
    body = {"source_id": shop["b"].pk, "target_id": shop["a"].pk, "shares": 11, "on": f"{YEAR}-06-01"}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "乙户持有10股，不能转出或退还11股"
    assert ShareEntry.objects.count() == 2
    villages = client.get(reverse("api-v1:economy_villages")).json()
    assert [(v["name"], v["shell"], v["shell_reasons"]) for v in villages] == [("东一村党支部", True,
                                                                              ["当年无集体经济收入"])]  # fmt: skip


@pytest.mark.parametrize("path", ["/economy/", "/economy/coops/", "/economy/rules/"])
def test_the_menu_marks_collective_economy(path: str, personas: Any) -> None:
    body = _client(personas["township_officer"]).get(path).content.decode()
    assert re.findall(r'<a class="nav-link active" aria-current="page" href="[^"]*">([^<]+)</a>', body) == ["集体经济"]


def test_the_rules_page_shows_the_standard_in_force_and_a_township_sets_its_own(tree: Any, personas: Any) -> None:
    client = _client(personas["township_officer"])
    assert "兴山县“155工程”（2008）" in client.get(reverse("economy:rules")).content.decode()
    response = client.post(reverse("economy:rule_create"), {"valid_from": "2020-01-01", "label": "东镇标准",
                                                            "economic_forest_min_mu": "100",
                                                            "yield_forest_min_mu": "500", "net_income_min": "50000"})  # fmt: skip
    assert response.status_code == 400 and "请至少选择一项空壳村条件" in response.content.decode()
    client.post(reverse("economy:rule_create"), {"valid_from": "2020-01-01", "label": "东镇标准",
                                                 "economic_forest_min_mu": "100", "yield_forest_min_mu": "500",
                                                 "net_income_min": "50000", "shell_converted_pct": "80"})  # fmt: skip
    page = _client(personas["village_secretary"]).get(reverse("economy:rules")).content.decode()
    assert "东一村党支部现行：<strong>东镇标准</strong>" in page
    assert 'id="rule-form"' not in page  # a village secretary does not set standards

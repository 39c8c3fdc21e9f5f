"""The pay pages: the sheet (page, PDF text, Excel cells), the scheme form refusing a negative
share in Chinese with nothing written, the API sheet, the overview's query budget."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.accounts.models import ApiToken
from jiceng.core.models import AuditEvent
from jiceng.core.testing import pdf_text
from jiceng.pay.models import Scheme

from .factories import DIRECTOR, SECRETARY, YEAR, cadre, scheme, scored, seed_004_village

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def village(tree: Any) -> Any:
    scheme(tree.east)
    seed_004_village(tree.east1)
    scored(tree.east1, "92")
    cadre(tree.east2, "王一肩挑", SECRETARY, DIRECTOR)
    scored(tree.east2, "92")
    return tree


def test_sheet_page_shows_seed_004_amounts(personas: Any, village: Any) -> None:
    page = _client(personas["village_secretary"]).get(reverse("pay:sheet", args=[village.east1.pk, YEAR]))
    text = page.content.decode()
    for amount in ("250,000.00", "175,000.00", "137,500.00", "125,000.00", "112,500.00", "100,000.00", "900,000.00"):
        assert amount in text
    assert "考核得分 92.0 分，系数 1.00" in text
    assert "登记发放" not in text  # the village secretary reads only


def test_sheet_pdf_and_excel(personas: Any, village: Any) -> None:
    from openpyxl import load_workbook

    client = _client(personas["township_officer"])
    response = client.get(reverse("pay:sheet_pdf", args=[village.east1.pk, YEAR]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "2024年村干部报酬发放表" in text and "钱主任" in text and "175,000.00" in text and "900,000.00" in text
    response = client.get(reverse("pay:sheet_xlsx", args=[village.east2.pk, YEAR]))
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[1][1:9] == ["王一肩挑", "党支部书记、村委会主任（一肩挑）", 12, "一肩挑", "1.00", "302,500.00", "0.00",
                            "302,500.00"]  # fmt: skip


def test_a_negative_share_on_the_form_is_refused_and_nothing_written(personas: Any, tree: Any) -> None:
    events = AuditEvent.objects.count()
    data = {"year": "2024", "secretary_base": "250000", "director": "-70", "deputy_secretary": "55",
            "deputy_director": "50", "party_member": "45", "committee_member": "40", "combined_rule": "higher",
            "bands": "90:1.00，0:0.50"}  # fmt: skip
    response = _client(personas["township_officer"]).post(reverse("pay:save_scheme", args=[tree.east.pk]), data)
    assert response.status_code == 400
    assert "村委会主任的报酬比例不能为负数" in response.content.decode()
    assert (Scheme.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_api_sheet_in_fen(personas: Any, village: Any) -> None:
    token = ApiToken.objects.issue(personas["township_officer"])
    response = Client().get(f"/api/v1/pay/sheets/{village.east2.pk}/{YEAR}", HTTP_AUTHORIZATION=f"Bearer {token}")
    body = response.json()
    assert (body["coefficient_bp"], body["due_fen"], body["lines"][0]["pay_fen"]) == (10_000, 30_250_000, 30_250_000)


def test_index_query_budget(personas: Any, village: Any, django_assert_max_num_queries: Any) -> None:
    client = _client(personas["county_officer"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("pay:index"), {"year": str(YEAR)})
    assert "东一村党支部" in page.content.decode()


def test_the_menu_marks_pay(personas: Any, village: Any) -> None:
    import re

    body = _client(personas["township_officer"]).get(reverse("pay:sheet", args=[village.east1.pk, YEAR])).content
    assert re.findall(r'<a class="nav-link active" aria-current="page" href="[^"]*">([^<]+)</a>', body.decode()) == [
        "报酬"
    ]
    member = _client(personas["member"]).get(reverse("volunteers:index")).content.decode()
    assert "/pay/" not in member  # members have no pay menu item

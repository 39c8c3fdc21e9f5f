"""The township page, its filters and the Excel export."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.actor import SYSTEM
from jiceng.mobile import actions
from jiceng.people.tests.factories import make_person

from .factories import TODAY, D, outflow

pytestmark = pytest.mark.django_db


def _seed(tree: Any) -> None:
    a = outflow(make_person(tree.east1, "甲"), destination="广东省东莞市")
    outflow(make_person(tree.east1, "乙"), destination="浙江省义乌市")
    actions.mark_lost(SYSTEM, a, lost_on=D(2024, 5, 1), today=TODAY)


def test_township_page_figures_and_lost_filter(tree: Any, personas: dict[str, Any]) -> None:
    _seed(tree)
    client = Client()
    client.force_login(personas["township_officer"])
    page = client.get(reverse("mobile:index")).content.decode()
    assert "在外流动党员2名；失联1名；联系逾期1名；应发活动证未发2名；在外超过六个月应转移组织关系2名。" in page
    assert "按流入地：广东省东莞市 1名；浙江省义乌市 1名" in page
    lost = client.get(reverse("mobile:index"), {"status": "lost"}).content.decode()
    assert ("<b>甲</b>" in lost, "<b>乙</b>" in lost) == (True, False)


def test_export_lists_the_filtered_members(tree: Any, personas: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    _seed(tree)
    client = Client()
    client.force_login(personas["village_secretary"])
    response = client.get(reverse("mobile:export"), {"status": "overdue"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert len(rows) == 2 and rows[1][:3] == ["东一村党支部", "乙", "浙江省义乌市"]
    assert rows[1][15] == "联系逾期（应于2024-06-01前联系）"

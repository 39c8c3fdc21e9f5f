"""Talent pages: contacts masked in the list and the export, search by skill and village, figures,
the form's refusal in Chinese."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jiceng.talents.models import Talent
from jiceng.talents.rules import Category

from .factories import talent

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_masks_contacts_and_the_talent_page_shows_them(tree: Any, personas: dict[str, Any]) -> None:
    t = talent(tree.east1, contact="13812345678")
    client = _client(personas["township_officer"])
    page = client.get(reverse("talents:index")).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert '<dd class="col-8 col-md-10" id="contact">13812345678</dd>' in client.get(
        reverse("talents:detail", args=[t.pk])).content.decode()  # fmt: skip


def test_search_by_skill_and_village_and_the_figures(tree: Any, personas: dict[str, Any]) -> None:
    talent(tree.east1, "李大富", skills="蛋鸡养殖、鸡苗孵化")
    talent(tree.east1, "周巧手", Category.CRAFTS, skills="竹编")
    talent(tree.east2, "吴养鸡", skills="土鸡养殖")
    client = _client(personas["township_officer"])
    page = client.get(reverse("talents:index"), {"q": "养殖"}).content.decode()
    assert ("李大富" in page, "吴养鸡" in page, "周巧手" in page) == (True, True, False)
    assert "共有养殖、能工巧匠2类农村实用人才3人" in page
    page = client.get(reverse("talents:index"), {"q": "养殖", "org": tree.east2.pk}).content.decode()
    assert ("李大富" in page, "吴养鸡" in page) == (False, True)
    page = client.get(reverse("talents:index"), {"category": Category.CRAFTS}).content.decode()
    assert ("李大富" in page, "周巧手" in page) == (False, True)


def test_the_export_holds_the_search_with_masked_contacts(tree: Any, personas: dict[str, Any]) -> None:
    talent(tree.east1, "李大富", contact="13812345678", double_lead=True)
    talent(tree.east1, "周巧手", Category.CRAFTS, skills="竹编")
    response = _client(personas["village_secretary"]).get(reverse("talents:export"), {"q": "蛋鸡"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [("所在村", "姓名", "人才类别", "专长技能", "联系电话", "荣誉", "已关联人员档案"),
                    ("东一村党支部", "李大富", "养殖", "蛋鸡养殖", "138****5678", "致富双带标兵", "否")]  # fmt: skip


def test_a_duplicate_on_the_form_is_refused_in_chinese(tree: Any, personas: dict[str, Any]) -> None:
    talent(tree.east1, "李大富")
    data = {"org": tree.east1.pk, "name": "李大富", "category": Category.BREEDING, "skills": "肉鸭养殖"}
    response = _client(personas["village_secretary"]).post(reverse("talents:new"), data)
    assert response.status_code == 400
    assert "东一村党支部已登记李大富为养殖类实用人才，不能重复登记" in response.content.decode()
    assert Talent.objects.count() == 1

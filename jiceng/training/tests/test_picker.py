"""The person picker (jiceng/people/picker.py) for several people: the participants of a session."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.people import picker
from jiceng.people.tests.factories import make_person
from jiceng.training.models import Session

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(html: str) -> list[str]:
    return re.findall(r'value="\d+"[^>]*>([^<]+)<', html)


def test_several_people_picked_by_search(tree: Any, personas: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(picker, "INLINE_MAX", 1)
    a, b = make_person(tree.east1, "赵一"), make_person(tree.east1, "赵二")
    client = _client(personas["village_secretary"])
    found = client.get(reverse("training:new"), {"pick": "participants", "q": "zhao"}).content.decode()
    assert f'type="checkbox" name="participants" value="{a.pk}">赵一（东一村党支部）' in found
    data = {"title": "冬训", "kind": "concentrated", "starts_on": "2024-03-05", "unit": "day", "amount": "1",
            "participants": [a.pk, b.pk]}  # fmt: skip
    response = client.post(reverse("training:new"), data)
    assert response.status_code == 302
    assert sorted(Session.objects.get().participants.values_list("person__name", flat=True)) == ["赵一", "赵二"]


def test_a_search_is_capped_and_says_so(tree: Any, personas: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(picker, "INLINE_MAX", 0)
    monkeypatch.setattr(picker, "FOUND_MAX", 2)
    for name in ("王一", "王二", "王三"):
        make_person(tree.east1, name)
    page = _client(personas["village_secretary"]).get(reverse("training:new"), {"pick": "participants", "q": "王"})
    html = page.content.decode()
    assert len(_names(html)) == 2 and "只列出前2个，请输入更完整的姓名" in html


def test_an_unknown_picker_name_is_the_plain_page(tree: Any, personas: dict[str, Any]) -> None:
    page = _client(personas["village_secretary"]).get(reverse("training:new"), {"pick": "title", "q": "王"})
    assert page.status_code == 200 and "登记培训" in page.content.decode()

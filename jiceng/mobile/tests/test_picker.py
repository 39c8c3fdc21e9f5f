"""The person picker (jiceng/people/picker.py) on the outflow form: few choices inline, more by a
search that offers only what the form accepts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.mobile.models import Outflow
from jiceng.people import picker
from jiceng.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(html: str) -> list[str]:
    return re.findall(r'value="\d+"[^>]*>([^<]+)<', html)


def _outflow_data(person: Any) -> dict[str, Any]:
    return {"person": person.pk, "destination": "浙江省宁波市", "left_on": "2024-03-01", "reason": "work",
            "contact_every_months": "3"}  # fmt: skip


def test_few_people_are_offered_inline(tree: Any, personas: dict[str, Any]) -> None:
    make_person(tree.east1, "张三")
    make_person(tree.east1, "李四")
    make_person(tree.west1, "王五")
    page = _client(personas["township_officer"]).get(reverse("mobile:new"), {"org": tree.east.pk}).content.decode()
    select = page[page.index('<select name="person"') : page.index("</select>", page.index('<select name="person"'))]
    assert _names(select) == ["张三（东一村党支部）", "李四（东一村党支部）"]
    assert "（请选择）" in select and 'name="q"' not in page


def test_many_people_are_searched_not_listed(
    tree: Any, personas: dict[str, Any], monkeypatch: Any, django_assert_max_num_queries: Any
) -> None:
    monkeypatch.setattr(picker, "INLINE_MAX", 2)
    zhang, _, _ = make_person(tree.east1, "张三"), make_person(tree.east1, "张山"), make_person(tree.east2, "李四")
    make_person(tree.west1, "张明")  # another township: never offered
    client = _client(personas["township_officer"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("mobile:new"), {"org": tree.east.pk}).content.decode()
    assert "张三" not in page and "李四" not in page and "data-picker" in page
    assert f'hx-get="/mobile/new/?org={tree.east.pk}&amp;pick=person"' in page

    def search(text: str) -> list[str]:
        params = {"org": tree.east.pk, "pick": "person", "q": text}
        response = client.get(reverse("mobile:new"), params, headers={"HX-Request": "true"})
        assert response.status_code == 200
        return _names(response.content.decode())

    assert search("zs") == ["张三（东一村党支部）", "张山（东一村党支部）"]
    assert search("zhangsan") == ["张三（东一村党支部）"]
    assert search("张") == ["张三（东一村党支部）", "张山（东一村党支部）"]
    assert search("李") == ["李四（东二村党支部）"]
    assert search("张明") == []
    assert (
        "没有找到“张明”"
        in client.get(reverse("mobile:new"), {"org": tree.east.pk, "pick": "person", "q": "张明"}).content.decode()
    )

    # Chosen and sent back with an error elsewhere: the chosen person stays chosen, nobody else is listed.
    data = _outflow_data(zhang) | {"destination": ""}
    response = client.post(reverse("mobile:new") + f"?org={tree.east.pk}", data)
    assert response.status_code == 400
    again = response.content.decode()
    assert f'type="radio" name="person" value="{zhang.pk}" checked>张三（东一村党支部）' in again
    assert "张山" not in again

    response = client.post(reverse("mobile:new") + f"?org={tree.east.pk}", _outflow_data(zhang))
    assert response.status_code == 302
    assert Outflow.objects.get().person == zhang


def test_a_person_the_search_would_not_offer_is_refused(tree: Any, personas: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(picker, "INLINE_MAX", 0)
    outsider = make_person(tree.west1, "张明")
    response = _client(personas["township_officer"]).post(
        reverse("mobile:new") + f"?org={tree.east.pk}", _outflow_data(outsider)
    )
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert Outflow.objects.count() == 0

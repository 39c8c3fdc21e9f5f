"""The person picker in a browser (jiceng/people/picker.py, static/js/picker.js): a township's
participants found by pinyin, ticked into the chosen list, Enter picking the only match without
sending the form, a chosen person unticked leaving it; one person for an outflow, a second pick
replacing the first."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jiceng.mobile.models import Outflow
from jiceng.people import picker
from jiceng.people.tests.factories import make_person
from jiceng.training.models import Session

from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _signed_in(new_page: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    page = new_page("phone")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    return page


def _chosen(page: Any) -> list[str]:
    return [text.strip() for text in page.locator(".picker-chosen label").all_inner_texts()]


def test_participants_picked_by_search(new_page: Any, live_server: Any, tree: Any, personas: dict[str, Any],
                                       monkeypatch: Any) -> None:  # fmt: skip
    monkeypatch.setattr(picker, "INLINE_MAX", 1)
    zhao1, zhao2, qian = (make_person(tree.east1, n) for n in ("赵一", "赵二", "钱三"))
    page = _signed_in(new_page, live_server, personas["village_secretary"])
    page.goto(f"{live_server.url}/training/new/")
    page.fill("[name=title]", "冬训")
    search = page.locator("#id_participants")
    search.fill("zhao")
    page.locator("#id_participants-results label", has_text="赵一").wait_for()
    page.check(f"#id_participants-results input[value='{zhao1.pk}']")
    assert _chosen(page) == ["赵一（东一村党支部）"]
    shot(page, "phone-person-picker")
    search.fill("qiansan")
    page.locator("#id_participants-results label", has_text="钱三").wait_for()
    search.press("Enter")  # the only match is picked; the form is not sent
    assert _chosen(page) == ["赵一（东一村党支部）", "钱三（东一村党支部）"]
    assert page.url.endswith("/training/new/")
    search.fill("zhao")
    page.locator("#id_participants-results label", has_text="赵二").wait_for()
    assert page.locator("#id_participants-results label").all_inner_texts() == [
        "赵二（东一村党支部）"
    ]  # 赵一 is chosen
    page.click(f".picker-chosen input[value='{zhao1.pk}']")  # unticked: it leaves the list
    page.check(f"#id_participants-results input[value='{zhao2.pk}']")
    assert _chosen(page) == ["钱三（东一村党支部）", "赵二（东一村党支部）"]
    page.click("#main-form button[type=submit]")
    page.wait_for_url("**/training/*/")
    assert sorted(Session.objects.get().participants.values_list("person_id", flat=True)) == sorted([qian.pk, zhao2.pk])


def test_one_person_picked_and_replaced(new_page: Any, live_server: Any, tree: Any, personas: dict[str, Any],
                                        monkeypatch: Any) -> None:  # fmt: skip
    monkeypatch.setattr(picker, "INLINE_MAX", 1)
    first, second = make_person(tree.east1, "孙一"), make_person(tree.east1, "周二")
    page = _signed_in(new_page, live_server, personas["village_secretary"])
    page.goto(f"{live_server.url}/mobile/new/")
    search = page.locator("#id_person")
    search.fill("sy")
    page.check(f"#id_person-results input[value='{first.pk}']")
    assert _chosen(page) == ["孙一（东一村党支部）"] and search.input_value() == ""
    search.fill("周")
    page.check(f"#id_person-results input[value='{second.pk}']")
    assert _chosen(page) == ["周二（东一村党支部）"]
    page.fill("[name=destination]", "浙江省宁波市")
    page.fill("[name=left_on]", "2024-03-01")
    page.click("#main-form button[type=submit]")
    page.wait_for_url("**/mobile/*/")
    assert Outflow.objects.get().person == second

"""The main menu in groups: a group opens on a tap, shows its pages, opening another closes it,
and the group holding the current page is marked (phone and desktop, no horizontal scroll)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_menu_group_opens_leads_to_its_page_and_is_marked(
    page: Any, live_server: Any, tree: Any, personas: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(personas["township_officer"])
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    page.goto(f"{live_server.url}/accounts/me/")
    if page.viewport_name == "phone":
        page.click(".navbar-toggler")
    life = page.locator(".nav-group summary", has_text="组织生活")
    village = page.locator(".nav-group summary", has_text="村务和公开")
    meetings = page.locator(".nav-group-items a", has_text="会议")
    assert meetings.is_visible() is False
    life.click()
    assert meetings.is_visible() is True
    village.click()  # opening another group closes the first
    assert meetings.is_visible() is False
    assert page.locator(".nav-group-items a", has_text="台账").is_visible() is True
    life.click()
    page.screenshot(path=f"/tmp/menu-{page.viewport_name}.png")
    meetings.click()
    page.wait_for_url(f"{live_server.url}/meetings/**")
    marked = page.locator(".nav-group summary.active").all_inner_texts()
    assert [text.strip(" ▾") for text in marked] == ["组织生活"]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

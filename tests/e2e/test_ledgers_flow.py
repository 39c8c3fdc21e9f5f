"""On a phone: a 五访五问 visit creates a 困难群众 item → assigned → resolved → published."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD
from jiceng.ledgers.defaults import install_templates
from jiceng.ledgers.models import LedgerItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visit_to_published_item(page: Any, live_server: Any, personas: dict[str, Any], tree: Any) -> None:
    install_templates()  # transactional tests start from an empty database
    url = live_server.url
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "east_officer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#todo")

    page.goto(f"{url}/households/visits/")
    page.click("text=记录走访")  # the ledgers' visit page: a visit may become an item at once
    page.select_option("#id_organization", label="东一村党支部")
    page.select_option("#id_kind", value="hardship")
    page.fill("#id_visitee", "孙七")
    page.fill("#id_findings", "家中老人长期卧床")
    page.select_option("#id_item_type", label="困难群众台账")  # htmx reloads: the type's categories and fields
    page.wait_for_selector("#id_extra__household_size")
    assert page.input_value("#id_visitee") == "孙七"
    page.select_option("#id_item_category", value="因病")
    page.fill("#id_extra__household_size", "3")
    page.fill("#id_item_description", "因病致贫，申请临时救助")
    page.click("main button[type=submit]")
    page.wait_for_selector("#state")
    assert page.inner_text("#state") == "已收集"
    if page.viewport_name == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    page.click("[data-move=assigned]")
    page.select_option("#id_assignee", label="east1_secretary（东一村党支部）")
    page.click("#move-submit")
    page.wait_for_selector("#state:has-text('已交办')")
    assert page.inner_text("#assignee") == "east1_secretary"

    page.click("[data-move=resolved]")
    page.fill("#id_resolution", "已发放临时救助金")
    page.check("input[name=measures][value=临时救助]")
    page.click("#move-submit")
    page.wait_for_selector("#state:has-text('已解决')")

    page.fill("#id_summary", "一户因病困难家庭已获临时救助")
    page.click("#publish")
    page.wait_for_selector("#published")
    item = LedgerItem.objects.get()
    assert (item.source, item.phase, item.published, item.measures) == ("visit", "resolved", True, ["临时救助"])
    assert (item.category, item.extra) == ("因病", {"household_size": 3})

    page.goto(f"{url}/ledgers/public/{tree.east1.pk}/")
    board = page.inner_text("#public-items")
    assert "一户因病困难家庭已获临时救助" in board and "孙七" not in board


def test_item_form_shows_the_types_extra_field_then_edit(
    page: Any, live_server: Any, personas: dict[str, Any], tree: Any
) -> None:
    install_templates()
    url = live_server.url
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "east1_secretary")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#todo")

    page.goto(f"{url}/ledgers/new/")
    page.fill("#id_description", "因病致贫")
    assert page.locator("#id_extra__household_size").count() == 0
    page.select_option("#id_ledger_type", label="困难群众台账")  # htmx reloads the form with its fields
    page.wait_for_selector("#id_extra__household_size")
    assert page.input_value("#id_description") == "因病致贫"
    page.select_option("#id_organization", label="东一村党支部")
    page.fill("#id_extra__household_size", "4")
    page.click("main button[type=submit]")
    page.wait_for_selector("#state")
    item = LedgerItem.objects.get()
    assert item.extra == {"household_size": 4}

    page.click("#edit-item")
    page.fill("#id_extra__household_size", "5")
    page.click("main button[type=submit]")
    page.wait_for_selector("#state")
    item.refresh_from_db()
    assert item.extra == {"household_size": 5}

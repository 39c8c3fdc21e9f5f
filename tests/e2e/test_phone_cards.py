"""Tables become cards below 576 px and stay tables on a desktop (issue 10.14)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jiceng.people.tests.factories import make_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CELL = """() => {
  const cell = document.querySelector("#results table tbody tr td");
  const before = getComputedStyle(cell, "::before").content;
  return {display: getComputedStyle(cell).display, label: cell.dataset.label, before: before,
          width: cell.getBoundingClientRect().width, row: getComputedStyle(cell.parentElement).display};
}"""


def test_the_people_list_is_cards_on_a_phone_and_a_table_on_a_desktop(
    page: Any, live_server: Any, tree: Any, personas: dict[str, Any]
) -> None:
    make_person(tree.east1, "张三")
    client = Client()
    client.force_login(personas["township_officer"])
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    page.goto(f"{live_server.url}/people/")
    cell = page.evaluate(CELL)
    assert cell["label"] == "姓名"
    if page.viewport_name == "phone":
        assert cell["display"] == "block" and cell["row"] == "block"
        assert cell["before"] == '"姓名"' and cell["width"] > 250  # one card a row, the heading beside the value
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    else:
        assert cell["display"] == "table-cell" and cell["row"] == "table-row" and cell["before"] == "none"

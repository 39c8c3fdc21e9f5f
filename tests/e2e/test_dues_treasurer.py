"""A branch treasurer's year on a phone (issue 14): 20 members with a base of 40.00 元 a month;
19 pay the twelve months in advance through the member's page, one pays only the first six →
flagged for six consecutive unpaid months (党章 Art. 9; nothing changes by itself); the collection
sheet PDF of the last month holds the totals in 元 with two decimals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jiceng.core.testing import pdf_text
from jiceng.dues import rules
from jiceng.dues.models import Payment
from jiceng.dues.tests.factories import member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_treasurers_year_on_a_phone(new_page: Any, live_server: Any, tree: Any, personas: dict[str, Any]) -> None:
    this = rules.month_start(timezone.localdate())
    first, last = rules.add_months(this, -12), rules.add_months(this, -1)
    members = [member(tree.east1, f"党员{n:02d}", income=400_000, since=first) for n in range(1, 21)]
    client = Client()
    client.force_login(personas["village_secretary"])
    page = new_page("phone")
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])  # fmt: skip
    page.goto(f"{live_server.url}/dues/org/{tree.east1.pk}/?month={first:%Y-%m}")
    for n, person in enumerate(members, start=1):
        if n == 1:
            page.click(f"text={person.name}")  # from the sheet to the member's page
        else:
            page.goto(f"{live_server.url}/dues/person/{person.pk}/")
        form = page.locator("#pay-form")
        form.locator("[name=first_month]").fill(f"{first:%Y-%m}")
        form.locator("[name=count]").fill("6" if n == 20 else "12")
        form.locator("[name=paid_on]").fill(f"{first:%Y-%m-%d}")
        form.locator("[name=receipt]").fill(f"No.{n}")
        form.locator("button").click()
        page.wait_for_load_state()
        assert "已登记交纳" in page.content()
    assert Payment.objects.filter(person__in=members).count() == 19 * 12 + 6
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"{live_server.url}/")
    unpaid_from = rules.add_months(first, 6)
    assert f"党员20：{unpaid_from.year}年{unpaid_from.month}月起连续 6 个月未交" in page.inner_text("body")
    page.goto(f"{live_server.url}/dues/arrears/")
    rows = page.locator("#arrears tbody tr").all_inner_texts()
    assert len(rows) == 1 and rows[0].startswith("党员20")

    page.goto(f"{live_server.url}/dues/org/{tree.east1.pk}/?month={last:%Y-%m}")
    assert "应交 800.00 元 · 实交 760.00 元 · 已交 19 人 · 未交 1 人" in page.inner_text("body")
    pdf = page.request.get(f"{live_server.url}/dues/org/{tree.east1.pk}/pdf/?month={last:%Y-%m}")
    text = pdf_text(pdf.body())
    assert f"{last.year}年{last.month}月" in text
    assert "应交合计：800.00 元" in text and "实交合计：760.00 元" in text

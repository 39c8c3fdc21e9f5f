"""A 理事's month of visits on a phone (issue 17.3, seed 002 "每月走访所有农户一次"): a village of 40
households; the 理事 records a visit of each through the visits page with their own account; the
coverage reads 39/40 until the last household is visited and 40/40 then; a problem found on a
visit becomes a ledger item in one step for the branch secretary."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import Role, User
from jiceng.councils.models import CouncilVisit
from jiceng.councils.tests.factories import council, councillor, register
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import template

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "test-pass-123"


def test_a_month_of_visits_for_forty_households(new_page: Any, live_server: Any, tree: Any,
                                                personas: dict[str, Any]) -> None:  # fmt: skip
    template("livelihood")  # the shipped ledger types (the transactional test starts from an empty database)
    c = council(tree.east1)
    member = councillor(c, "林理事")
    houses = register(tree.east1, 40)
    User.objects.create_user(username="lin", password=PASSWORD, organization=tree.east1, role=Role.MEMBER,
                             person=member.person)  # fmt: skip
    today = timezone.localdate()
    url = f"{live_server.url}/councils/c/{c.pk}/visits/?month={today:%Y-%m}"

    phone = new_page("phone", is_mobile=True, has_touch=True)
    login(phone, live_server.url, "lin")
    phone.goto(url)
    for n, house in enumerate(houses, start=1):  # each visit saved returns to the page with the coverage
        if n < 40:
            coverage = phone.inner_text("#coverage")
            assert f"本月已走访 {n - 1}/40 户" in coverage and "全部农户都已走访" not in coverage
        form = phone.locator("#visit-form")
        form.locator("[name=household]").select_option(str(house.pk))
        form.locator("[name=visited_on]").fill(f"{today:%Y-%m-%d}")
        form.locator("[name=asked]").fill("询问今年的收成和用水情况")
        if n == 7:
            form.locator("[name=problem]").fill("村口水渠堵塞，灌溉用水不畅")
        form.locator("button").click()
        phone.wait_for_load_state()
        assert "已登记走访" in phone.content()
    coverage = phone.inner_text("#coverage")
    assert "本月已走访 40/40 户，全部农户都已走访" in coverage
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator("form[action*='/ledger/']").count() == 0  # a 理事 records; the branch turns problems over
    assert CouncilVisit.objects.filter(council=c, councillor=member).count() == 40

    secretary = new_page("phone", is_mobile=True, has_touch=True)
    login(secretary, live_server.url, personas["village_secretary"].username)
    secretary.goto(url)
    secretary.locator("form[action*='/ledger/'] button").click()
    secretary.wait_for_load_state()
    item = LedgerItem.objects.get()
    assert secretary.url == live_server.url + reverse("ledgers:item_detail", args=[item.pk])
    assert "村口水渠堵塞" in item.description
    assert CouncilVisit.objects.get(council=c, problem__startswith="村口").ledger_ref == item.pk

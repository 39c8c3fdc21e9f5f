"""The dues API: the collection sheet in fen, payments and their refusals (as on the pages)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jiceng.accounts.models import ApiToken
from jiceng.dues.models import Payment

from .factories import D, member, pay

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.objects.issue(user)}")


def test_the_sheet_of_a_month_in_fen(tree: Any, personas: dict[str, Any]) -> None:
    wang = member(tree.east1, "王红")  # 4 000 元 a month: 1 % → 40.00 元
    member(tree.east1, "李明", income=800_000)  # 8 000 元: 1.5 % → 120.00 元
    pay(wang, D(2024, 5, 1), paid_on=D(2024, 5, 8), receipt="B7")
    got = client_of(personas["village_secretary"]).get(f"/api/v1/dues/sheet/{tree.east1.pk}", {"month": "2024-05"})
    body = got.json()
    assert (body["month"], body["due_fen"], body["paid_fen"], body["paid_count"], body["unpaid_count"]) == (
        "2024-05", 16_000, 4_000, 1, 1)  # fmt: skip
    lines = {line["name"]: line for line in body["lines"]}
    assert (lines["王红"]["due_fen"], lines["王红"]["paid_fen"], lines["王红"]["paid_on"], lines["王红"]["receipt"]) == (
        4_000, 4_000, "2024-05-08", "B7")  # fmt: skip
    assert (lines["李明"]["due_fen"], lines["李明"]["rate"], lines["李明"]["paid_fen"]) == (12_000, "1.5%", None)


def test_a_month_already_paid_is_refused_in_chinese(tree: Any, personas: dict[str, Any]) -> None:
    wang = member(tree.east1, "王红")
    pay(wang, D(2024, 3, 1))
    api = client_of(personas["township_officer"])
    refused = api.post("/api/v1/dues/payments", {"person_id": wang.pk, "first_month": "2024-02", "count": 2,
                       "paid_on": "2024-03-06"}, content_type="application/json")  # fmt: skip
    assert (refused.status_code, refused.json()) == (400, {"detail": "王红2024年03月的党费已交纳，不能重复登记"})
    assert Payment.objects.filter(person=wang).count() == 1


def test_a_member_cannot_read_the_branch_sheet(tree: Any, personas: dict[str, Any]) -> None:
    member(tree.east1, "王红")
    got = client_of(personas["member"]).get(f"/api/v1/dues/sheet/{tree.east1.pk}")
    assert (got.status_code, got.json()) == (403, {"detail": "没有权限办理此事项"})

"""The training API: a person's 学时 with each source (a 党课 from the meetings record, entered
once), the yearly hours against the requirement, the figures, a session refused in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jiceng.accounts.models import ApiToken
from jiceng.people.tests.factories import make_person
from jiceng.training.models import Session

from .factories import D, held, session

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.objects.issue(user)}")


def test_a_lesson_counts_toward_the_hours_without_reentry(tree: Any, personas: dict[str, Any]) -> None:
    wang = make_person(tree.east1, "王红")
    session(tree.east1, [wang], amount=2, starts_on=D(2024, 3, 5), ends_on=D(2024, 3, 6))  # 2 days: 16 学时
    held(tree.east1, D(2024, 5, 10), came=[wang])  # a 党课 in the meetings app
    api = client_of(personas["township_officer"])
    got = api.get(f"/api/v1/training/people/{wang.pk}", {"year": 2024}).json()
    assert [(x["on"], x["hours"]) for x in got["lines"]] == [("2024-03-05", "16.0"), ("2024-05-10", "2.0")]
    assert got["lines"][0]["source"] == "培训登记" and got["lines"][1]["kind"] == "党课"
    assert (got["required"], got["rule"]) == (32, "《中国共产党党员教育管理工作条例》第十四条")
    rows = api.get(f"/api/v1/training/hours/{tree.east1.pk}", {"year": 2024, "short_only": True}).json()
    assert [(r["name"], r["required"]) for r in rows if r["name"] == "王红"] == [("王红", 32)]
    figures = api.get(f"/api/v1/training/figures/{tree.east1.pk}", {"year": 2024}).json()
    assert figures["text"] == "培训1次，培训1人次；另有党课、以会代训1次，1人次（来自会议记录）"


def test_a_session_with_a_person_of_another_township_is_refused(tree: Any, personas: dict[str, Any]) -> None:
    outsider = make_person(tree.west1, "西村人")
    refused = client_of(personas["township_officer"]).post("/api/v1/training/sessions", {
        "organization_id": tree.east1.pk, "title": "冬训", "kind": "concentrated", "starts_on": "2024-03-05",
        "ends_on": "2024-03-05", "unit": "day", "amount": "1", "participants": [outsider.pk]},
        content_type="application/json")  # fmt: skip
    assert (refused.status_code, refused.json()) == (400, {"detail": "所选参训人员不存在或不在本组织范围内"})
    assert Session.objects.count() == 0

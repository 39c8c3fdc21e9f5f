"""The talents API: search by skill within one's scope, the figures, a duplicate refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jiceng.accounts.models import ApiToken
from jiceng.core.actor import SYSTEM
from jiceng.talents import actions
from jiceng.talents.models import Talent

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.objects.issue(user)}")


def add(org: Any, name: str, category: str, skills: str) -> Talent:
    return actions.create_talent(SYSTEM, org, name=name, category=category, skills=skills)


def test_search_by_skill_within_scope_and_the_figures(tree: Any, personas: dict[str, Any]) -> None:
    add(tree.east1, "周巧手", "crafts", "竹编")
    add(tree.east2, "吴养鸭", "breeding", "肉鸭养殖")
    add(tree.west1, "郑竹编", "crafts", "竹编、藤编")
    api = client_of(personas["township_officer"])
    assert [t["name"] for t in api.get("/api/v1/talents", {"q": "竹编"}).json()] == ["周巧手"]
    assert [t["name"] for t in api.get("/api/v1/talents", {"category": "breeding"}).json()] == ["吴养鸭"]
    figures = api.get(f"/api/v1/talents/figures/{tree.east.pk}").json()
    assert figures["total"] == 2
    assert {c["label"]: c["count"] for c in figures["categories"] if c["count"]} == {"养殖": 1, "能工巧匠": 1}


def test_a_duplicate_is_refused_in_chinese(tree: Any, personas: dict[str, Any]) -> None:
    add(tree.east1, "周巧手", "crafts", "竹编")
    refused = client_of(personas["village_secretary"]).post("/api/v1/talents", {
        "organization_id": tree.east1.pk, "name": "周巧手", "category": "crafts", "skills": "木雕"},
        content_type="application/json")  # fmt: skip
    assert (refused.status_code, refused.json()) == (
        400, {"detail": "东一村党支部已登记周巧手为能工巧匠类实用人才，不能重复登记"})  # fmt: skip
    assert Talent.objects.count() == 1

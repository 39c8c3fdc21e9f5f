"""Permission cases for the yearly development plan per village (issue 13.2): everyone of the
subtree sees the plan page and its Excel; only township and county officers set a village's plan."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.development.models import Plan


def _set(f: Fixtures) -> dict[str, Any]:
    return {"data": {"org": f.tree.east1.pk, "year": "2026", "planned": "2"}}


def _planned(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Plan.objects.values_list("organization_id", "year", "planned")) == [(f.tree.east1.pk, 2026, 2)]


CASES = [
    UrlCase("development:plan", allowed=EVERYONE, outside_scope=(), setup=lambda f: {"data": {"year": "2026"}}),
    UrlCase(
        "development:plan",
        allowed=EVERYONE,
        outside_scope=(),
        setup=lambda f: {"data": {"year": "2026", "format": "xlsx"}},
    ),
    UrlCase("development:set_plan", method="post", allowed=EAST_OFFICERS, setup=_set, expect=_planned),
]

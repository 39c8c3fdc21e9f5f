"""Permission cases for the development statistics and source tags (issue 13.3)."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.development.models import File

from .factories import open_file

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def _tags(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"pk": open_file(f.tree.east1).pk}, "data": {"tags": "关怀对象、外出务工经商人员"}}


def _tagged(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert File.objects.get(pk=prepared["kwargs"]["pk"]).tags == ["关怀对象", "外出务工经商人员"]


def _api_tags(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"file_id": open_file(f.tree.east1).pk}, "data": {"tags": ["关怀对象", "外出务工经商人员"]}}


def _tagged_by_api(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    _tagged(f, {"kwargs": {"pk": prepared["kwargs"]["file_id"]}}, persona)


CASES = [
    UrlCase(
        "api-v1:development_file_tags",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=_api_tags,
        expect=_tagged_by_api,
    ),
    UrlCase("development:stats", allowed=EVERYONE, outside_scope=(), setup=lambda f: {"data": PERIOD}),
    UrlCase("development:tags", method="post", allowed=EAST1_EDITORS, setup=_tags, expect=_tagged),
    UrlCase("api-v1:development_stats", api=True, allowed=EVERYONE, outside_scope=(), setup=lambda f: {"data": PERIOD}),
    UrlCase(
        "api-v1:development_stats",
        api=True,
        allowed=EAST1_SCOPE,
        note="org",
        setup=lambda f: {"data": {**PERIOD, "org_id": f.tree.east1.pk}},
    ),
]

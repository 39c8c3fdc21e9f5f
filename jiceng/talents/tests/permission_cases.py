"""Permission cases for the talent pages (see jiceng/core/testing.py)."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.talents.models import Talent

from .factories import talent


def _talent(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"pk": talent(f.tree.east1).pk}}


def _new_post(f: Fixtures) -> dict[str, Any]:
    return {"data": {"org": f.tree.east1.pk, "name": "周巧手", "category": "crafts", "skills": "竹编",
                     "contact": "13812345678", "local_top": "on"}}  # fmt: skip


def _created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    t = Talent.objects.get(name="周巧手")
    assert (t.organization_id, t.category, t.skills, t.local_top) == (f.tree.east1.pk, "crafts", "竹编", True)


def _edit_post(f: Fixtures) -> dict[str, Any]:
    t = talent(f.tree.east1)
    return {"kwargs": {"pk": t.pk}, "data": {"name": t.name, "category": t.category, "skills": "肉鸭养殖"}}


def _edited(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Talent.objects.get(pk=prepared["kwargs"]["pk"]).skills == "肉鸭养殖"


def _api_new(f: Fixtures) -> dict[str, Any]:
    body = {k: v for k, v in _new_post(f)["data"].items() if k != "org"}
    return {"data": {**body, "organization_id": f.tree.east1.pk, "local_top": True}}


CASES = [
    UrlCase("api-v1:talents", api=True, allowed=EVERYONE, outside_scope=(), setup=lambda f: _talent(f) and {}),
    UrlCase("api-v1:talent_create", api=True, method="post", allowed=EAST1_EDITORS, setup=_api_new, expect=_created),
    UrlCase(
        "api-v1:talent_figures",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: _talent(f) and {"kwargs": {"org_id": f.tree.east1.pk}},
    ),
    UrlCase("talents:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("talents:index", allowed=EAST1_SCOPE, note="org", setup=lambda f: {"data": {"org": f.tree.east1.pk}}),
    UrlCase("talents:export", allowed=EAST1_SCOPE, setup=lambda f: {"data": {"org": f.tree.east1.pk}}),
    UrlCase("talents:new", allowed=EAST1_EDITORS, setup=lambda f: {"data": {"org": f.tree.east1.pk}}),
    UrlCase("talents:new", method="post", allowed=EAST1_EDITORS, setup=_new_post, expect=_created),
    UrlCase("talents:detail", allowed=EAST1_SCOPE, setup=_talent),
    UrlCase("talents:edit", allowed=EAST1_EDITORS, setup=_talent),
    UrlCase("talents:edit", method="post", allowed=EAST1_EDITORS, setup=_edit_post, expect=_edited),
]

"""Permission cases for the organization pages and API (see jiceng/core/testing.py)."""

import datetime as dt
from typing import Any

from jiceng.core.testing import EAST1_SCOPE, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.organizations.models import Area, Organization


def org(f: Fixtures, attr: str) -> Organization:
    return Organization.objects.get(pk=getattr(f.tree, attr).pk)


def child_created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    made = Organization.objects.get(full_path="测试县委/东镇党委/东一村党支部/第二党小组")
    assert (made.kind, made.depth) == ("party_group", 4)


def renamed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert org(f, "east2").full_path == "测试县委/东镇党委/东二村联合党支部"


def founded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    east1 = org(f, "east1")
    assert (east1.founded_on, east1.division_code) == (dt.date(1956, 3, 1), "422822101")


def moved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert org(f, "group").full_path == "测试县委/东镇党委/东二村党支部/第一党小组"


def dissolved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert org(f, "group").dissolved_on == dt.date(2026, 1, 1)


def area_saved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Area.objects.filter(township=f.tree.east).values_list("name", flat=True)) == ["东片"]


def east1(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"org_id": f.tree.east1.pk}}


CASES = [
    # The old addresses of the tree and the dashboard (now shown by reports) redirect there.
    UrlCase("organizations:tree", allowed=EVERYONE, outside_scope=()),
    UrlCase("organizations:dashboard", allowed=EAST1_SCOPE, setup=east1),
    UrlCase("organizations:children", allowed=EAST1_SCOPE, setup=east1),
    UrlCase(
        "organizations:create_child",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}, "data": {"name": "第二党小组", "kind": "party_group"}},
        expect=child_created,
    ),
    UrlCase(
        "organizations:rename",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east2.pk}, "data": {"name": "东二村联合党支部"}},
        expect=renamed,
    ),
    UrlCase(
        "organizations:details",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {**east1(f), "data": {"founded_on": "1956-03-01", "division_code": "422822101"}},
        expect=founded,
    ),
    UrlCase(
        "organizations:move",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.group.pk}, "data": {"parent": f.tree.east2.pk}},
        expect=moved,
    ),
    UrlCase(
        "organizations:dissolve",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.group.pk}, "data": {"on": "2026-01-01"}},
        expect=dissolved,
    ),
    UrlCase("organizations:areas", allowed=EAST_OFFICERS, setup=lambda f: {"kwargs": {"org_id": f.tree.east.pk}}),
    UrlCase(
        "organizations:areas",
        method="post",
        allowed=EAST_OFFICERS,
        note="save",
        setup=lambda f: {"kwargs": {"org_id": f.tree.east.pk}, "data": {"name": "东片"}},
        expect=area_saved,
    ),
    UrlCase("api-v1:list_orgs", api=True, allowed=EVERYONE),
    UrlCase("api-v1:stats", api=True, allowed=EAST1_SCOPE, setup=east1),
]

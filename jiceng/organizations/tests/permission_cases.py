"""Permission cases for the organization pages and API (see jiceng/core/testing.py)."""

from jiceng.core.testing import EAST1_SCOPE, EAST_OFFICERS, EVERYONE, UrlCase

CASES = [
    UrlCase("organizations:tree", allowed=EVERYONE, outside_scope=()),
    UrlCase("organizations:dashboard", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase("organizations:children", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase(
        "organizations:create_child",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}, "data": {"name": "第二党小组", "kind": "party_group"}},
    ),
    UrlCase(
        "organizations:rename",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east2.pk}, "data": {"name": "东二村联合党支部"}},
    ),
    UrlCase(
        "organizations:move",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.group.pk}, "data": {"parent": f.tree.east2.pk}},
    ),
    UrlCase(
        "organizations:dissolve",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.group.pk}, "data": {"on": "2026-01-01"}},
    ),
    UrlCase("organizations:areas", allowed=EAST_OFFICERS, setup=lambda f: {"kwargs": {"org_id": f.tree.east.pk}}),
    UrlCase(
        "organizations:areas",
        method="post",
        allowed=EAST_OFFICERS,
        note="save",
        setup=lambda f: {"kwargs": {"org_id": f.tree.east.pk}, "data": {"name": "东片"}},
    ),
    UrlCase("api-v1:list_orgs", api=True, allowed=EVERYONE),
    UrlCase("api-v1:stats", api=True, allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
]

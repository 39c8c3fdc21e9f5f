"""Permission cases for the pages reports shows: the org tree and the dashboard (see jiceng/core/testing.py)."""

from jiceng.core.testing import EAST1_SCOPE, EVERYONE, UrlCase

CASES = [
    UrlCase("reports:tree", allowed=EVERYONE, outside_scope=()),
    UrlCase("reports:dashboard", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase("reports:children", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
]

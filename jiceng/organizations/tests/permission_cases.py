"""Permission cases for the organization pages and API (see jiceng/core/testing.py)."""

from jiceng.core.testing import EAST1_SCOPE, EVERYONE, UrlCase

CASES = [
    UrlCase("organizations:dashboard", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase("api-v1:list_orgs", api=True, allowed=EVERYONE),
    UrlCase("api-v1:stats", api=True, allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
]

"""Permission cases for the people pages (see jiceng/core/testing.py)."""

from jiceng.core.testing import EVERYONE, UrlCase

CASES = [
    # The list is always filtered to the user's subtree, so everyone may open it.
    UrlCase("people:list", allowed=EVERYONE),
]

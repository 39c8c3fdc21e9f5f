"""Permission cases for core pages (see jiceng/core/testing.py)."""

from jiceng.core.testing import EVERYONE, UrlCase

CASES = [
    UrlCase("home", allowed=EVERYONE),
]

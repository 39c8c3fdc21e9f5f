"""Permission cases for core pages (see jiceng/core/testing.py)."""

from jiceng.core.testing import EVERYONE, UrlCase

CASES = [
    UrlCase("home", allowed=EVERYONE),
    # The user guide: readable before logging in (the login page and the error pages link it).
    UrlCase("help", allowed=EVERYONE | {"anonymous"}),
    # Every officer sees the audit trail of their own subtree; others are refused.
    UrlCase("audit_log", allowed={"county_officer", "township_officer", "other_township_officer"}, outside_scope=()),
]

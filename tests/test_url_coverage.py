"""Every named URL and API route must have a permission case (jiceng/core/testing.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from .permission_matrix import all_cases

# Not part of the org-scoped application: Django admin (superusers only), login/logout,
# the health check and the API's own documentation.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {"login", "logout", "healthz", "api-v1:api-root", "api-v1:openapi-json", "api-v1:openapi-view"}


def named_urls(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in EXEMPT_NAMESPACES:
                continue
            names |= named_urls(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_has_a_permission_case() -> None:
    covered = {case.name for case in all_cases()}
    missing = sorted(named_urls(get_resolver()) - covered - EXEMPT_NAMES)
    assert missing == [], f"URLs without a permission case: {missing}"


def test_every_write_case_asserts_its_outcome() -> None:
    """A write allowed for a persona must show what it changed, not only that it answered < 400."""
    missing = sorted(case.id for case in all_cases() if case.writes and case.expect is None)
    assert missing == [], f"write cases without expect=: {missing}"

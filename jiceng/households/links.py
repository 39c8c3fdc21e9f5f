"""Pages of higher apps that the household pages link to: registered by those apps, never imported.

The ledgers register their "record a visit" page (a visit that may become ledger items at once),
so the visits list offers that page instead of the plain one.
"""

from __future__ import annotations

_VISIT_PAGE = ["households:visit_create"]


def register_visit_page(url_name: str) -> None:
    _VISIT_PAGE[0] = url_name


def visit_page() -> str:
    """The URL name of the page that records a visit."""
    return _VISIT_PAGE[0]

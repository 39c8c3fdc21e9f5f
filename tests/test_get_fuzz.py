"""A GET-parameter fuzz of every page: hostile query strings never give a server error.

Every page with a permission case (the matrix's setup makes its objects) is requested by the
county and the township officer with every query parameter the views read set to hostile values:
impossible dates, numbers past any integer column, control characters, very long text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.testing import Fixtures

from .permission_matrix import all_cases

# Every parameter a page reads (grep GET.get / params.get), and the item form's fields (it takes
# its initial values from the query string).
PARAMS = [
    "page", "year", "full_ids", "format", "q", "post", "org", "education", "category", "type", "start", "end",
    "phase", "mobile", "mine", "age_min", "age_max", "since", "show", "kind", "status", "dissolved", "director",
    "correct", "action", "record", "organization", "area", "as_of", "month", "period", "ledger_type",
    "collected_on", "description", "concerned_name", "household", "deadline", "assignee",
]  # fmt: skip
HOSTILE = [
    "2026-13-45", "0000-00-00", "0711-01-01", "99999-01-01", "99999999999999999999999", "-99999999999999999999",
    "9223372036854775808", "2147483648", "-1", "0", "1e309", "NaN", "\x00", "\x0b\x1f", "%", "'\"<>",
    "x" * 5000, "２０２６", "²", "[]", " ", "1", "",
]  # fmt: skip
PAGES = [c for c in all_cases() if not c.api and c.method == "get"]


@pytest.mark.parametrize("case", PAGES, ids=[c.id for c in PAGES])
def test_hostile_query_strings_never_500(case: Any, tree: Any, personas: dict[str, Any]) -> None:
    prepared = case.setup(Fixtures(tree, personas)) if case.setup else {}
    url = reverse(case.name, kwargs=prepared.get("kwargs") or {})
    base = {k: str(v) for k, v in (prepared.get("data") or {}).items()}
    # The county officer: each value in every parameter at once; the township officer: every
    # parameter through every value in rotation (so a value that makes a view stop early does not
    # hide the other parameters).
    same = [dict.fromkeys(PARAMS, value) for value in HOSTILE]
    rotated = [{name: HOSTILE[(i + j) % len(HOSTILE)] for i, name in enumerate(PARAMS)} for j in range(len(HOSTILE))]
    failures = []
    for persona, requests in (("county_officer", same), ("township_officer", rotated)):
        client = Client(raise_request_exception=False)
        client.force_login(personas[persona])
        for params in requests:
            if client.get(url, {**base, **params}).status_code >= 500:
                failures.append((persona, {k: v[:20] for k, v in params.items()}))
    assert failures == [], f"{url}: {failures[:3]}"

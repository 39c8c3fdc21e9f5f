"""Every URL and API route × every persona (cases declared per app; see jiceng/core/testing.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from jiceng.accounts.models import ApiToken
from jiceng.core.testing import PERSONAS, Fixtures, UrlCase

from .permission_matrix import all_cases

CASES = all_cases()


# Tables a refused request may still touch: the session, the API token's last-used time.
VOLATILE = {"sessions.Session", "accounts.ApiToken"}


def database_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (the test database is small): a refused write must not differ."""
    return {
        m._meta.label: list(m._base_manager.order_by("pk").values())
        for m in apps.get_models()
        if m._meta.managed and m._meta.label not in VOLATILE
    }


def request(client: Client, case: UrlCase, prepared: dict[str, Any], token: str | None) -> Any:
    url = reverse(case.name, kwargs=prepared.get("kwargs") or {})
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    method = getattr(client, case.method.lower())
    data = prepared.get("data") or {}
    if case.method.lower() == "get":
        return method(url, data, **headers)
    if prepared.get("query"):
        from urllib.parse import urlencode

        url = f"{url}?{urlencode(prepared['query'])}"
    content_type = prepared.get("content_type") or ("application/json" if case.api else None)
    if content_type:
        return method(url, data, content_type=content_type, **headers)
    return method(url, data, **headers)


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permission_matrix(case: UrlCase, persona: str, tree: Any, personas: dict[str, Any]) -> None:
    prepared = case.setup(Fixtures(tree, personas)) if case.setup else {}
    client = Client()
    token = None
    if persona != "anonymous":
        user = personas[persona]
        if case.api:
            token = ApiToken.objects.issue(user)
        else:
            client.force_login(user)
    before = database_state() if case.writes else None
    response = request(client, case, prepared, token)
    allowed = persona in set(case.allowed)
    if allowed:
        assert response.status_code < 400, f"{persona} should be allowed: {response.status_code}"
        if case.expect is not None:
            case.expect(Fixtures(tree, personas), prepared, persona)
        return
    if persona == "anonymous":
        if case.api:
            assert response.status_code == 401
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona in set(case.outside_scope):
        assert response.status_code == 404, f"{persona} outside the subtree must get 404"
    else:
        assert response.status_code in (403, 404), f"{persona} should be refused: {response.status_code}"
    if case.writes:
        assert database_state() == before, "a refused request must change nothing"

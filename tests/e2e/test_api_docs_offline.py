"""The API docs page works with no Internet: every request off our own server is refused."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_offline(page: Any, live_server: Any) -> None:
    url = live_server.url
    outside: list[str] = []

    def only_ours(route: Any) -> None:
        if route.request.url.startswith(url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    page.goto(f"{url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "基层党建工作平台 API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path:has-text('/api/v1/orgs/{org_id}/stats')")
    assert outside == []

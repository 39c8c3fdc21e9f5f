"""The home page of what to do, the help page and the current menu item (issue 10.11)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from jiceng.core import registry


def _get(user: Any, path: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_an_officer_with_nothing_to_do_is_told_so_with_the_usual_links(tree: Any, personas: dict[str, Any]) -> None:
    body = _get(personas["township_officer"], "/")
    assert "目前没有需要您处理的事项。" in body
    assert f'href="/reports/orgs/{tree.east.pk}/">东镇党委概况</a>' in body
    assert 'href="/help/"' in body


def test_registered_sections_are_the_home_page(
    tree: Any, personas: dict[str, Any], tmp_path: Any, settings: Any
) -> None:
    (tmp_path / "section.html").write_text('<section id="test-leave">待审批请假 {{ count }} 件</section>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    seen = []

    def section(user: Any, today: Any) -> dict[str, Any] | None:
        seen.append(user.username)
        return {"count": 3} if user.role == "village_secretary" else None

    registry.register_my_page(registry.MY_PAGE_SLOTS["leave"], "test.leave", "section.html", section)
    try:
        secretary = _get(personas["village_secretary"], "/")
        officer = _get(personas["township_officer"], "/")
    finally:
        registry._MY_PAGE.pop("test.leave")
    assert '<section id="test-leave">待审批请假 3 件</section>' in secretary
    assert "目前没有需要您处理的事项" not in secretary
    assert "test-leave" not in officer and "目前没有需要您处理的事项" in officer
    assert seen == ["east1_secretary", "east_officer"]


def test_a_members_home_is_their_own_page(personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["member"])
    assert client.get("/")["Location"] == "/accounts/me/"


def _active(body: str) -> list[str]:
    return re.findall(r'<a class="nav-link active" aria-current="page" href="[^"]*">([^<]+)</a>', body)


@pytest.mark.parametrize(
    ("path", "label"),
    [("/", "待办"), ("/accounts/me/", "我的"), ("/reports/orgs/", "组织"), ("/people/", "人员"), ("/people/cadres/", "干部"),
     ("/meetings/", "会议"), ("/households/visits/", "台账"), ("/calendar/", "台账"), ("/audit/", "审计"),
     ("/help/", "帮助")],
)  # fmt: skip
def test_the_current_menu_item_is_marked(path: str, label: str, personas: dict[str, Any]) -> None:
    assert _active(_get(personas["township_officer"], path)) == [label]


def test_the_dashboard_marks_overview(tree: Any, personas: dict[str, Any]) -> None:
    assert _active(_get(personas["township_officer"], f"/reports/orgs/{tree.east1.pk}/")) == ["概况"]


def test_the_guide_is_a_page_anyone_can_read(db: Any) -> None:
    body = _get(None, "/help/")
    assert "<h1>用户指南（基础功能）</h1>" in body
    assert '<li class="list-group-item"><a href="#s1">1. 登录</a></li>' in body
    assert '<h2 id="s1">1. 登录</h2>' in body
    assert 'src="/static/guide/01-login.png"' in body and 'src="img/' not in body
    assert "<strong>修改密码</strong>" in body  # Markdown rendered, not shown raw

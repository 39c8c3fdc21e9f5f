"""Password rules apply everywhere: the command line, and the page where users change their own."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from jiceng.accounts.models import User
from jiceng.core.models import AuditEvent

COUNTY_PATH = "测试县委"


@pytest.mark.parametrize(("password", "message"), [
    ("1", "此密码太短，至少要包含 8 个字符"),
    ("12345678901", "密码只包含数字"),
    ("password123", "这个密码太常见了"),
])  # fmt: skip
def test_create_user_refuses_weak_passwords_and_creates_nobody(
    tree: Any, monkeypatch: Any, password: str, message: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    with pytest.raises(CommandError, match=f"^密码不符合要求：.*{message}"):
        call_command("create_user", "newcomer", org=COUNTY_PATH, role="county_officer", password_stdin=True)
    assert not User.objects.filter(username="newcomer").exists()


def test_create_user_accepts_a_good_password(tree: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("春耕备耕-2026-组织部\n"))
    call_command(
        "create_user", "newcomer", org=COUNTY_PATH, role="county_officer", password_stdin=True, stdout=io.StringIO()
    )
    assert User.objects.get(username="newcomer").check_password("春耕备耕-2026-组织部")


def test_a_user_changes_their_own_password_on_the_page(personas: dict[str, Any]) -> None:
    from conftest import PASSWORD

    user = personas["member"]
    client = Client()
    client.force_login(user)
    page = client.get("/accounts/password/").content.decode()
    assert "修改密码" in page and "旧密码" in page and "新密码确认" in page
    weak = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "1", "new_password2": "1"})
    assert weak.status_code == 200 and "此密码太短，至少要包含 8 个字符" in weak.content.decode()
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": "Jiceng-new-2026", "new_password2": "Jiceng-new-2026"},
    )
    assert "你的旧密码不正确" in wrong.content.decode()
    done = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Jiceng-new-2026", "new_password2": "Jiceng-new-2026"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Jiceng-new-2026")
    assert client.get("/accounts/password/").status_code == 200
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert event.changes == {"password": "已修改"}


def test_the_password_page_needs_a_login() -> None:
    response = Client().get("/accounts/password/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from jiceng.accounts.models import LoginFailure


def login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_correct_password_logs_in(personas):
    client = Client()
    response = login(client, "east_officer", PASSWORD)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(personas["township_officer"].pk)


@pytest.mark.parametrize("username", ["east_officer", "no_such_user"])
def test_five_failures_lock_the_username_even_with_the_right_password(personas, settings, username):
    settings.LOGIN_MAX_FAILURES = 5
    client = Client()
    for _ in range(5):
        response = login(client, username, "wrong")
        assert "用户名或密码不正确" in response.content.decode()
    response = login(client, username, PASSWORD)
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_expires_after_the_window(personas, settings):
    settings.LOGIN_MAX_FAILURES = 2
    client = Client()
    login(client, "east_officer", "wrong")
    login(client, "east_officer", "wrong")
    assert "登录失败次数过多" in login(client, "east_officer", PASSWORD).content.decode()
    settings.LOGIN_LOCKOUT_MINUTES = 0  # the window has passed
    assert login(client, "east_officer", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="east_officer").exists()


def test_success_clears_earlier_failures(personas, settings):
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    login(client, "east_officer", "wrong")
    login(client, "east_officer", "wrong")
    assert login(client, "east_officer", PASSWORD).status_code == 302
    assert LoginFailure.objects.count() == 0

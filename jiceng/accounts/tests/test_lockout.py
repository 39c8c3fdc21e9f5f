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


def login_from(client: Client, address: str, username: str, password: str, path: str = "/accounts/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_failures_from_another_address_do_not_lock_the_real_user_out(personas, settings):
    """Five anonymous requests used to lock any account, the county's included."""
    settings.LOGIN_MAX_FAILURES = 5
    attacker = Client()
    for _ in range(20):
        login_from(attacker, "203.0.113.9", "county", "wrong")
    assert "登录失败次数过多" in login_from(attacker, "203.0.113.9", "county", PASSWORD).content.decode()
    owner = Client()
    assert login_from(owner, "198.51.100.7", "county", PASSWORD).status_code == 302
    assert owner.session.get("_auth_user_id") == str(personas["county_officer"].pk)


def test_one_address_trying_many_usernames_is_locked(personas, settings):
    settings.LOGIN_MAX_FAILURES, settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 5, 30
    client = Client()
    for number in range(30):
        login_from(client, "203.0.113.9", f"user{number}", "wrong")
    response = login_from(client, "203.0.113.9", "east_officer", PASSWORD)
    assert "登录失败次数过多" in response.content.decode()
    assert login_from(Client(), "198.51.100.7", "east_officer", PASSWORD).status_code == 302


def test_the_admin_login_has_the_same_lockout(personas, settings):
    """30 wrong passwords on /admin/login/, then the right one, used to log in."""
    settings.LOGIN_MAX_FAILURES = 5
    from jiceng.accounts.models import User

    User.objects.create_superuser("root", password=PASSWORD)
    client = Client()
    for _ in range(30):
        login_from(client, "203.0.113.9", "root", "wrong", path="/admin/login/")
    response = login_from(client, "203.0.113.9", "root", PASSWORD, path="/admin/login/")
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username="root").count() == 5  # locked attempts are not counted


def test_the_failure_table_stays_bounded(personas, settings, monkeypatch):
    from jiceng.accounts import lockout

    monkeypatch.setattr(lockout, "MAX_ROWS", 10)
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 1000
    client = Client()
    for number in range(25):
        login_from(client, f"203.0.113.{number}", f"user{number}", "wrong")
    assert LoginFailure.objects.count() == 10


def test_a_bogus_proxy_header_is_not_stored(personas, settings):
    settings.LOGIN_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    Client().post("/accounts/login/", {"username": "east_officer", "password": "wrong"}, HTTP_X_REAL_IP="unknown")
    Client().post(
        "/accounts/login/", {"username": "east_officer", "password": "wrong"}, HTTP_X_REAL_IP="192.0.2.1, 10.0.0.1"
    )
    assert sorted(str(ip) for ip in LoginFailure.objects.values_list("ip", flat=True)) == ["127.0.0.1", "192.0.2.1"]

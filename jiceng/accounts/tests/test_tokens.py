"""API tokens expire and can be revoked; both are audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from jiceng.accounts.models import ApiToken
from jiceng.core.models import AuditEvent


def orgs(token: str):
    return Client().get("/api/v1/orgs", headers={"Authorization": f"Bearer {token}"})


def create(username: str, *args: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", username, *args, stdout=out)
    return out.getvalue().strip()


def test_a_new_token_works_and_expires_after_180_days(personas):
    token = create("east_officer")
    assert orgs(token).status_code == 200
    row = ApiToken.objects.get()
    assert row.prefix == token[:10]
    assert (row.expires_at - timezone.now()).days == 179
    event = AuditEvent.objects.get(object_type="accounts.apitoken")
    assert (event.action, event.changes["令牌"], event.changes["用途"]) == ("create", token[:10] + "…", "command line")


def test_an_expired_token_is_refused(personas):
    token = create("east_officer", "--days", "1")
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = orgs(token)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("需要有效的接口令牌")


@pytest.mark.parametrize("days", ["0", "731"])
def test_token_lifetime_is_bounded(personas, days):
    with pytest.raises(CommandError, match="有效天数应在1至730天之间"):
        create("east_officer", "--days", days)
    assert ApiToken.objects.count() == 0


def test_revoke_all_tokens_of_a_user(personas):
    first, second = create("east_officer"), create("east_officer")
    kept = create("county")
    out = io.StringIO()
    call_command("revoke_api_token", "east_officer", stdout=out)
    assert out.getvalue().strip() == "已吊销 east_officer 的 2 个接口令牌"
    assert [orgs(t).status_code for t in (first, second, kept)] == [401, 401, 200]
    assert AuditEvent.objects.filter(action="revoke").count() == 2


def test_revoke_one_token_read_from_stdin(personas, monkeypatch):
    first, second = create("east_officer"), create("east_officer")
    monkeypatch.setattr("sys.stdin", io.StringIO(first + "\n"))
    call_command("revoke_api_token", "east_officer", "--token-stdin", stdout=io.StringIO())
    assert [orgs(t).status_code for t in (first, second)] == [401, 200]


def test_revoking_an_unknown_token_says_so(personas, monkeypatch):
    create("east_officer")
    monkeypatch.setattr("sys.stdin", io.StringIO("jc_not-a-token\n"))
    with pytest.raises(CommandError, match="该用户没有这个有效令牌"):
        call_command("revoke_api_token", "east_officer", "--token-stdin")

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

from jiceng.accounts.models import ApiToken
from jiceng.people.tests.factories import make_person


@pytest.fixture
def token(personas):
    return ApiToken.objects.issue(personas["township_officer"])


def get(url, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(url, params, headers=headers)


def test_orgs_by_path_and_stats(tree, token):
    make_person(tree.east1, "张三", birth=dt.date(1970, 5, 17))
    response = get("/api/v1/orgs", token, path="测试县委/东镇党委/东一村党支部")
    assert response.status_code == 200
    assert response.json() == [
        {"id": tree.east1.pk, "name": "东一村党支部", "path": "测试县委/东镇党委/东一村党支部", "kind": "branch"}
    ]
    stats = get(f"/api/v1/orgs/{tree.east1.pk}/stats", token, as_of="2026-11-23").json()
    assert stats["as_of"] == "2026-11-23"
    assert stats["people"]["full"] == 1 and stats["members"]["age"] == {"56": 1}


def test_orgs_list_is_limited_to_the_subtree(tree, token):
    paths = [o["path"] for o in get("/api/v1/orgs", token).json()]
    assert paths == [
        "测试县委/东镇党委",
        "测试县委/东镇党委/东一村党支部",
        "测试县委/东镇党委/东一村党支部/第一党小组",
        "测试县委/东镇党委/东二村党支部",
    ]
    assert get("/api/v1/orgs", token, path="测试县委/西镇党委").json() == []


def test_other_township_and_missing_org_look_the_same(tree, token):
    other = get(f"/api/v1/orgs/{tree.west1.pk}/stats", token)
    missing = get("/api/v1/orgs/999999/stats", token)
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == {"detail": "未找到"}


@pytest.mark.parametrize("header", [None, "Bearer nope", "Token abc"])
def test_no_or_bad_token_is_401(tree, header):
    headers = {"Authorization": header} if header else {}
    response = Client().get(f"/api/v1/orgs/{tree.east1.pk}/stats", headers=headers)
    assert response.status_code == 401
    assert "接口令牌" in response.json()["detail"]


@pytest.mark.parametrize("as_of", ["2024-13-01", "yesterday", "2024/1/1"])
def test_bad_as_of_is_422(tree, token, as_of):
    response = get(f"/api/v1/orgs/{tree.east1.pk}/stats", token, as_of=as_of)
    assert response.status_code == 422
    assert response.json()["detail"] == "参数不正确：as_of"


def test_inactive_users_token_is_refused(tree, personas, token):
    personas["township_officer"].is_active = False
    personas["township_officer"].save()
    assert get("/api/v1/orgs", token).status_code == 401


def test_create_api_token_prints_only_the_token(personas, capsys):
    call_command("create_api_token", "east_officer")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    token = out.strip()
    assert get("/api/v1/orgs", token).status_code == 200


def test_create_user_scoped_to_org(tree, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    call_command(
        "create_user", "newofficer", "--org", "测试县委/西镇党委", "--role", "township_officer", "--password-stdin"
    )
    from jiceng.accounts.models import User

    user = User.objects.get(username="newofficer")
    assert (user.organization, user.role, user.check_password("s3cret-pass")) == (tree.west, "township_officer", True)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到组织"):
        call_command("create_user", "x", "--org", "测试县委/无此镇", "--role", "member")

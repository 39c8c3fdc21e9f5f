"""The 公示 API: the same access rules as the pages; objections to officers only; one error path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from jiceng.accounts.models import ApiToken
from jiceng.notices.models import Notice, Objection
from jiceng.notices.tests.factories import FakeSubject, object_to, publish, travel

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 10, 8)


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with travel(TODAY):
        yield


def api(user: Any, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.objects.issue(user)}"} if user else {}
    client = Client()
    if method == "get":
        return client.get(f"/api/v1{path}", body or {}, headers=headers)
    return client.post(f"/api/v1{path}", body or {}, content_type="application/json", headers=headers)


def test_list_and_detail_in_the_subtree(tree: Any, personas: dict) -> None:
    notice = publish(tree.east1)
    publish(tree.west1, subject=FakeSubject(2), title="西一村公示")
    object_to(notice, name="王五", contact="13912345678", day=TODAY)
    rows = api(personas["township_officer"], "get", "/notices", {"show": "running"}).json()
    assert [(r["title"], r["outcome"], r["ends_on"]) for r in rows] == [("发展对象公示", "running", "2026-10-12")]
    assert api(personas["other_township_officer"], "get", f"/notices/{notice.pk}").status_code == 404
    officer = api(personas["township_officer"], "get", f"/notices/{notice.pk}").json()
    assert officer["objections"][0]["name"] == "王五" and officer["objections"][0]["contact"] == "13912345678"
    assert (officer["step_done"], officer["open_count"]) == (False, 1)
    assert officer["step_reason"] == "公示期为2026-09-30至2026-10-12，期满后（2026-10-13起）才能办理下一环节"
    secretary = api(personas["village_secretary"], "get", f"/notices/{notice.pk}").json()
    assert secretary["objections"] is None and secretary["objection_count"] == 1


def test_publish_through_the_api(tree: Any, personas: dict) -> None:
    body = {"subject": f"organizations.organization:{tree.east1.pk}", "step": "rating", "title": "评星公示",
            "text": "拟评定十星级党员3名", "organization_id": tree.east1.pk}  # fmt: skip
    made = api(personas["village_secretary"], "post", "/notices", body)
    assert made.status_code == 201
    assert (made.json()["starts_on"], made.json()["ends_on"], made.json()["days"]) == ("2026-10-08", "2026-10-13", 5)
    short = api(personas["village_secretary"], "post", "/notices", {**body, "step": "other", "days": 0})
    assert short.status_code == 400 and short.json() == {"detail": "公示期不能少于1个工作日"}
    assert api(personas["other_township_officer"], "post", "/notices", body).status_code == 404
    assert api(personas["member"], "post", "/notices", {**body, "step": "x"}).status_code == 404
    assert Notice.objects.count() == 1


def test_objection_handling_through_the_api(tree: Any, personas: dict) -> None:
    notice = publish(tree.east1)
    objection = object_to(notice, day=TODAY).objection
    url = f"/objections/{objection.pk}/move"
    officer = personas["county_officer"]
    illegal = api(officer, "post", url, {"target": "upheld", "answer": "属实"})
    assert illegal.status_code == 409 and illegal.json()["detail"] == "当前状态为“已收到”，不能变更为“异议成立”"
    assert api(personas["village_secretary"], "post", url, {"target": "investigating"}).status_code == 404
    assert api(officer, "post", url, {"target": "investigating"}).json()["state"] == "investigating"
    missing = api(officer, "post", url, {"target": "upheld"})
    assert missing.status_code == 400 and missing.json()["detail"] == "“异议成立”需要填写：答复意见"
    done = api(officer, "post", url, {"target": "upheld", "answer": "属实"}).json()
    assert (done["state"], done["answer"], done["answered_on"], done["handler"]) == (
        "upheld",
        "属实",
        "2026-10-08",
        "county",
    )
    assert Objection.objects.get().state == "upheld"


def test_recording_an_objection_through_the_api(tree: Any, personas: dict) -> None:
    notice = publish(tree.east1)
    body = {"channel": "in_person", "received_on": "2026-10-08", "text": "当面反映", "name": "赵六"}
    made = api(personas["county_officer"], "post", f"/notices/{notice.pk}/objections", body)
    assert made.status_code == 201
    assert (made.json()["channel"], made.json()["name"], len(made.json()["receipt"])) == ("in_person", "赵六", 11)
    assert api(personas["village_secretary"], "post", f"/notices/{notice.pk}/objections", body).status_code == 404
    late = api(
        personas["county_officer"], "post", f"/notices/{notice.pk}/objections", {**body, "received_on": "2026-10-09"}
    )
    assert late.status_code == 400 and late.json()["detail"] == "收到日期不能晚于今天"
    assert Objection.objects.count() == 1


def test_decision_and_withdrawal_through_the_api(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    notice = publish(tree.east1)
    objection = object_to(notice, day=TODAY).objection
    api(officer, "post", f"/objections/{objection.pk}/move", {"target": "investigating"})
    api(officer, "post", f"/objections/{objection.pk}/move", {"target": "upheld", "answer": "属实"})
    early = api(officer, "post", f"/notices/{notice.pk}/decision", {"decision": "stop", "note": "终止"})
    assert early.status_code == 400 and "当前：公示中" in early.json()["detail"]
    with travel(D(2026, 10, 13)):
        done = api(officer, "post", f"/notices/{notice.pk}/decision", {"decision": "stop", "note": "终止"}).json()
    assert (done["decision"], done["outcome"], done["step_done"]) == ("stop", "stopped", False)
    other = publish(tree.east1, subject=FakeSubject(9))
    gone = api(personas["village_secretary"], "post", f"/notices/{other.pk}/withdraw", {"reason": "重复"}).json()
    assert (gone["withdrawn_on"], gone["outcome"]) == ("2026-10-08", "withdrawn")


def test_the_public_board_needs_no_token(tree: Any) -> None:
    notice = publish(tree.east1)
    object_to(notice, name="王五", day=TODAY)
    rows = api(None, "get", f"/public/boards/{tree.east1.pk}/notices").json()
    assert rows == [{"id": notice.pk, "title": "发展对象公示", "text": notice.text, "organization": "东一村党支部",
                     "starts_on": "2026-09-30", "ends_on": "2026-10-12", "days": 5, "hotline": "",
                     "public_url": f"/notices/public/{notice.pk}/"}]  # fmt: skip
    assert api(None, "get", "/public/boards/999999/notices").status_code == 404
    assert api(None, "get", "/notices").status_code == 401

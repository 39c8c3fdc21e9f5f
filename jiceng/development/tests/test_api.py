"""The development API: a file opened, moved and read back with its dates; refusals in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jiceng.accounts.models import ApiToken
from jiceng.development.models import File

from .factories import applicant, full_members, open_file, walk

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.objects.issue(user)}")


def test_open_move_and_read_a_file(tree: Any, personas: dict[str, Any]) -> None:
    api = client_of(personas["village_secretary"])
    person = applicant(tree.east1, "王申请")
    made = api.post("/api/v1/development/files", {"person_id": person.pk, "applied_on": "2023-03-01"},
                    content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["name"], body["step"], body["stage"], body["applied_on"]) == ("王申请", "applied", "applicant",
                                                                                "2023-03-01")  # fmt: skip
    assert "talked" in body["next_steps"]
    moved = api.post(f"/api/v1/development/files/{body['id']}/moves",
                     {"target": "talked", "on": "2023-03-20", "note": "谈话"}, content_type="application/json")  # fmt: skip
    assert moved.status_code == 200, moved.content
    events = moved.json()["events"]
    assert [(e["label"], e["on"]) for e in events] == [
        ("递交入党申请书", "2023-03-01"),
        ("党组织派人谈话", "2023-03-20"),
    ]
    assert events[1]["late_days"] > 1000  # entered years after the day it happened, and said so


def test_a_move_too_early_is_refused_with_the_article(tree: Any, personas: dict[str, Any]) -> None:
    file = walk(open_file(tree.east1), "activist")
    api = client_of(personas["township_officer"])
    refused = api.post(f"/api/v1/development/files/{file.pk}/moves",
                       {"target": "candidate", "on": "2024-03-01", "opinions": "同意"}, content_type="application/json")  # fmt: skip
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "“确定为发展对象”须在“确定为入党积极分子”（2023-04-10）满1年后办理，最早为2024-04-10"
        "（《中国共产党发展党员工作细则》第十三条）"
    )
    assert File.objects.get(pk=file.pk).step == "activist"


def test_funnel_counts_by_stage_and_village(tree: Any, personas: dict[str, Any]) -> None:
    open_file(tree.east1)
    walk(open_file(tree.east1, person=applicant(tree.east1, "二号")), "activist")
    full_members(tree.east2)
    open_file(tree.east2, person=applicant(tree.east2, "三号"))
    got = client_of(personas["township_officer"]).get(f"/api/v1/development/funnel/{tree.east.pk}").json()
    assert {s["stage"]: s["count"] for s in got["stages"] if s["count"]} == {"applicant": 2, "activist": 1}
    assert {v["organization"]: {k: n for k, n in v["counts"].items() if n} for v in got["villages"]} == {
        "东一村党支部": {"applicant": 1, "activist": 1},
        "东二村党支部": {"applicant": 1},
    }

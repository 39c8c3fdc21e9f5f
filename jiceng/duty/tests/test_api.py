"""The duty API: the rota, a month's log with its gaps, a log entry refused in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jiceng.accounts.models import ApiToken
from jiceng.core.actor import SYSTEM
from jiceng.duty import actions
from jiceng.duty.models import DutyEntry
from jiceng.people.tests.factories import make_person

from .factories import D, cadre

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.objects.issue(user)}")


def test_the_rota_and_a_month_with_its_gaps(tree: Any, personas: dict[str, Any]) -> None:
    a = cadre(tree.east1, "张书记")
    actions.set_day(SYSTEM, tree.east1, 0, [a.pk])  # Mondays
    actions.log_entry(SYSTEM, tree.east1, on=D(2026, 10, 12), person=a.pk, callers="村民反映排水沟堵塞")
    api = client_of(personas["member"])
    rota = api.get(f"/api/v1/duty/{tree.east1.pk}/rota").json()
    assert [(d["label"], d["people"]) for d in rota if d["people"]] == [("星期一", ["张书记"])]
    month = api.get(f"/api/v1/duty/{tree.east1.pk}/log", {"month": "2026-10"}).json()
    assert [(e["on"], e["person"], e["callers"]) for e in month["entries"]] == [
        ("2026-10-12", "张书记", "村民反映排水沟堵塞")
    ]
    assert month["gaps"] == ["2026-10-19", "2026-10-26"]  # 10-05 is in the National Day holiday


def test_a_member_cannot_write_the_log_and_a_non_cadre_is_refused(tree: Any, personas: dict[str, Any]) -> None:
    cadre(tree.east1, "张书记")
    villager = make_person(tree.east1, "王村民")
    body = {"on": "2026-10-12", "person_id": villager.pk, "callers": "无"}
    denied = client_of(personas["member"]).post(
        f"/api/v1/duty/{tree.east1.pk}/log", body, content_type="application/json"
    )
    assert denied.status_code == 403
    refused = client_of(personas["village_secretary"]).post(f"/api/v1/duty/{tree.east1.pk}/log", body,
                                                             content_type="application/json")  # fmt: skip
    assert (refused.status_code, refused.json()) == (400, {"detail": "值班人员应是当天在任的本村村干部"})
    assert DutyEntry.objects.count() == 0

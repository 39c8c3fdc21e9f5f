"""The mobile members API: figures by destination, overdue contact, a contact ends it; refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from jiceng.accounts.models import ApiToken
from jiceng.mobile.models import Outflow
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

from .factories import outflow

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 6, 10, 9, 0, tzinfo=dt.UTC)


def client_of(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.objects.issue(user)}")


def test_figures_and_a_contact_that_ends_the_overdue(tree: Any, personas: dict[str, Any]) -> None:
    wang = outflow(make_person(tree.east1, "王流动"), destination="广东省东莞市", left_on=dt.date(2024, 1, 5))
    outflow(make_person(tree.east1, "李流动"), destination="广东省东莞市", left_on=dt.date(2024, 5, 20))
    outflow(make_person(tree.east2, "赵流动"), destination="浙江省义乌市", left_on=dt.date(2024, 5, 1))
    api = client_of(personas["township_officer"])
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        got = api.get(f"/api/v1/mobile/orgs/{tree.east.pk}").json()  # 王 and 赵, away over a month, have no card
        assert got["figures"] == {"total": 3, "by_destination": {"广东省东莞市": 2, "浙江省义乌市": 1}, "lost": 0,
                                  "overdue": 1, "card_missing": 2, "transfer": 0}  # fmt: skip
        late = next(o for o in got["outflows"] if o["name"] == "王流动")
        assert (late["contact_due"], late["status"]) == ("2024-04-05", "联系逾期（应于2024-04-05前联系）")
        done = api.post(f"/api/v1/mobile/outflows/{wang.pk}/contacts", {"on": "2024-06-08", "how": "phone"},
                        content_type="application/json")  # fmt: skip
    assert (done.status_code, done.json()["last_contact"], done.json()["status"]) == (201, "2024-06-08", "正常联系")


def test_a_non_member_is_refused(tree: Any, personas: dict[str, Any]) -> None:
    villager = make_person(tree.east1, "周群众", Category.RESIDENT)
    refused = client_of(personas["village_secretary"]).post("/api/v1/mobile/outflows", {
        "person_id": villager.pk, "destination": "广东省", "left_on": "2024-03-01", "reason": "work"},
        content_type="application/json")  # fmt: skip
    assert (refused.status_code, refused.json()) == (400, {"detail": "周群众不是党员，不能登记为流动党员"})
    assert Outflow.objects.count() == 0

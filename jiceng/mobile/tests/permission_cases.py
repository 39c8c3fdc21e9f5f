"""Permission cases for the mobile member pages (see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.mobile.models import Outflow
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person

from .factories import outflow


def _record(f: Fixtures) -> Outflow:
    return outflow(make_person(f.tree.east1, "王流动"))


def _on(data: dict[str, Any]) -> Any:
    return lambda f: {"kwargs": {"pk": _record(f).pk}, "data": data}


def _new_post(f: Fixtures) -> dict[str, Any]:
    person = make_person(f.tree.east1, "王流动")
    return {"data": {"org": f.tree.east1.pk, "person": person.pk, "destination": "广东省东莞市", "left_on": "2024-03-01",
                     "reason": "work", "fixed_place": "on", "contact_every_months": "3"}}  # fmt: skip


def _created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    o = Outflow.objects.get()
    person = Person.objects.get(pk=prepared["data"]["person"])
    assert (o.destination, o.left_on.isoformat(), person.is_mobile) == ("广东省东莞市", "2024-03-01", True)


def _field(name: str, value: str) -> Any:
    def check(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
        assert str(getattr(Outflow.objects.get(pk=prepared["kwargs"]["pk"]), name)) == value

    return check


def _count(related: str, n: int) -> Any:
    def check(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
        assert getattr(Outflow.objects.get(pk=prepared["kwargs"]["pk"]), related).count() == n

    return check


def _keeper(f: Fixtures) -> dict[str, Any]:
    pk = _record(f).pk
    return {"kwargs": {"pk": pk}, "data": {"cadre": make_person(f.tree.east1, "李书记").pk, "since": "2024-03-05"}}


def _returned(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    o = Outflow.objects.select_related("person").get(pk=prepared["kwargs"]["pk"])
    assert (str(o.returned_on), o.person.is_mobile) == ("2024-06-01", False)


_east1 = lambda f: {"data": {"org": f.tree.east1.pk}}  # noqa: E731


def _api_new(f: Fixtures) -> dict[str, Any]:
    data = _new_post(f)["data"]
    return {"data": {"person_id": data["person"], "destination": data["destination"], "left_on": data["left_on"],
                     "reason": "work", "contact_every_months": 3}}  # fmt: skip


def _api_created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    _created(f, {"data": {"person": prepared["data"]["person_id"]}}, persona)


def _api_contact(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"outflow_id": _record(f).pk}, "data": {"on": "2024-05-02", "how": "phone"}}


def _api_contacted(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Outflow.objects.get(pk=prepared["kwargs"]["outflow_id"]).contacts.values_list("on", "how")) == [
        (dt.date(2024, 5, 2), "phone")
    ]


CASES = [
    UrlCase(
        "api-v1:mobile_list", api=True, allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}
    ),
    UrlCase(
        "api-v1:mobile_outflow_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=_api_new,
        expect=_api_created,
    ),
    UrlCase(
        "api-v1:mobile_contact_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=_api_contact,
        expect=_api_contacted,
    ),
    UrlCase("mobile:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("mobile:index", allowed=EAST1_SCOPE, note="org", setup=_east1),
    UrlCase("mobile:export", allowed=EAST1_SCOPE, setup=_east1),
    UrlCase("mobile:new", allowed=EAST1_EDITORS, setup=_east1),
    UrlCase("mobile:new", method="post", allowed=EAST1_EDITORS, setup=_new_post, expect=_created),
    UrlCase("mobile:detail", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"pk": _record(f).pk}}),
    UrlCase(
        "mobile:card",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_field("card_number", "DG-017"),
        setup=_on({"number": "DG-017", "issued_on": "2024-03-01", "valid_until": "2024-09-01"}),
    ),
    UrlCase(
        "mobile:receiving",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_field("receiving_name", "长安镇党委"),
        setup=_on({"receiving_name": "长安镇党委"}),
    ),
    UrlCase(
        "mobile:contact",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_count("contacts", 1),
        setup=_on({"on": "2024-04-01", "how": "phone", "by_name": "李书记"}),
    ),
    UrlCase(
        "mobile:report",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_count("reports", 1),
        setup=_on({"received_on": "2024-04-01"}),
    ),
    UrlCase(
        "mobile:lost",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_field("lost_on", "2024-05-01"),
        setup=_on({"day": "2024-05-01"}),
    ),
    UrlCase("mobile:keeper", method="post", allowed=EAST1_EDITORS, expect=_count("keepers", 1), setup=_keeper),
    UrlCase("mobile:return", method="post", allowed=EAST1_EDITORS, expect=_returned, setup=_on({"day": "2024-06-01"})),
]

"""Permission cases for 组织关系转接 (issue 13.4; see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, Fixtures, UrlCase
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person


def _person(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": make_person(f.tree.east1, "王明").pk}, **extra}


def _transferred(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    person = Person.objects.get(pk=prepared["kwargs"]["pk"])
    (made,) = person.transfers.all()
    assert (person.organization, made.from_org, made.on, made.reason) == (
        f.tree.group, f.tree.east1, dt.date(2026, 3, 5), "return")  # fmt: skip


CASES = [
    UrlCase("people:transfer", allowed=EAST1_EDITORS, setup=_person),
    UrlCase(
        "people:transfer",
        method="post",
        allowed=EAST1_EDITORS,
        # 第一党小组 lies in every editor's subtree, the village secretary's too.
        setup=lambda f: _person(f, data={"to_org": f.tree.group.pk, "on": "2026-03-05", "reason": "return"}),
        expect=_transferred,
    ),
]


def _api_person(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"person_id": make_person(f.tree.east1, "王明").pk}, **extra}


def _transferred_by_api(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    _transferred(f, {"kwargs": {"pk": prepared["kwargs"]["person_id"]}}, persona)


CASES += [
    UrlCase("api-v1:people_transfers", api=True, allowed=EAST1_SCOPE, setup=_api_person),
    UrlCase(
        "api-v1:people_transfer_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _api_person(f, data={"to_org_id": f.tree.group.pk, "on": "2026-03-05", "reason": "return"}),
        expect=_transferred_by_api,
    ),
]

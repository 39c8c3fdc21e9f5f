"""Permission cases for the training pages (see jiceng/core/testing.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.meetings.rules import Kind
from jiceng.people.tests.factories import make_person
from jiceng.training.models import MeetingCredit, Session

from .factories import D, held, session


def _session(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"pk": session(f.tree.east1, [make_person(f.tree.east1, "甲党员")]).pk}}


def _new_post(f: Fixtures) -> dict[str, Any]:
    people = [make_person(f.tree.east1, "甲党员"), make_person(f.tree.east1, "乙党员")]
    return {"data": {"org": f.tree.east1.pk, "title": "春季党员培训", "kind": "concentrated", "starts_on": "2024-03-05",
                     "ends_on": "2024-03-06", "unit": "day", "amount": "2", "participants": [p.pk for p in people]}}  # fmt: skip


def _created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    s = Session.objects.get(title="春季党员培训")
    assert (s.organization_id, s.hours, s.days, s.participants.count()) == (f.tree.east1.pk, Decimal(16), Decimal(2), 2)


def _meeting(f: Fixtures) -> dict[str, Any]:
    make_person(f.tree.east1, "甲党员")
    return {"kwargs": {"pk": held(f.tree.east1, D(2024, 5, 10), Kind.PARTY_CONGRESS).pk}, "data": {"hours": "3"}}


def _credited(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert MeetingCredit.objects.get(meeting_id=prepared["kwargs"]["pk"]).hours == Decimal(3)


def _east1(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"org_id": f.tree.east1.pk}, "data": {"year": "2024"}}


def _api_new(f: Fixtures) -> dict[str, Any]:
    body = _new_post(f)["data"]
    body = {**{k: v for k, v in body.items() if k != "org"}, "organization_id": f.tree.east1.pk}
    return {"data": body}


def _api_east1(f: Fixtures) -> dict[str, Any]:
    session(f.tree.east1, [make_person(f.tree.east1, "甲党员")])
    return {"kwargs": {"org_id": f.tree.east1.pk}, "data": {"year": "2024"}}


CASES = [
    UrlCase("api-v1:training_sessions", api=True, allowed=EAST1_SCOPE, setup=_api_east1),
    UrlCase(
        "api-v1:training_session_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=_api_new,
        expect=_created,
    ),
    UrlCase(
        "api-v1:training_person",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"person_id": make_person(f.tree.east1).pk}},
    ),
    UrlCase("api-v1:training_hours", api=True, allowed=EAST1_SCOPE, setup=_api_east1),
    UrlCase("api-v1:training_figures", api=True, allowed=EAST1_SCOPE, setup=_api_east1),
    UrlCase("training:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("training:index", allowed=EAST1_SCOPE, note="org", setup=lambda f: {"data": {"org": f.tree.east1.pk}}),
    UrlCase("training:new", allowed=EAST1_EDITORS, setup=lambda f: {"data": {"org": f.tree.east1.pk}}),
    UrlCase("training:new", method="post", allowed=EAST1_EDITORS, setup=_new_post, expect=_created),
    UrlCase("training:detail", allowed=EAST1_SCOPE, setup=_session),
    UrlCase("training:person", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"pk": make_person(f.tree.east1).pk}}),
    UrlCase("training:shortfall", allowed=EAST1_SCOPE, setup=_east1),
    UrlCase("training:shortfall_export", allowed=EAST1_SCOPE, setup=_east1),
    UrlCase("training:credit", method="post", allowed=EAST1_EDITORS, setup=_meeting, expect=_credited),
]

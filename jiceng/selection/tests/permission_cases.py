"""Permission cases for the selection pages and API (see jiceng/core/testing.py).

Exercises lie in 东镇党委 (standard) or 东一村党支部 (二推一选): officers of the county and of 东镇
may act; the village secretary and the member are refused (talks and findings are confidential);
the officer of 西镇 gets 404."""

from __future__ import annotations

import json
from typing import Any

from jiceng.core import engine
from jiceng.core.testing import EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.people.tests.factories import make_person
from jiceng.selection.models import Candidate, Exercise, Kind, RecommendationRound, Signature, Talk

from .factories import candidates_of, exercise

OFFICERS = frozenset({"county_officer", "township_officer", "other_township_officer"})


def _ex(f: Fixtures, until: str = "", kind: str = Kind.STANDARD, **extra: Any) -> dict[str, Any]:
    ex = exercise(f.tree, kind, until=until)
    return {"kwargs": {"pk": ex.pk}, **extra}


def _api(prepared: dict[str, Any], data: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"kwargs": {"exercise_id": prepared["kwargs"]["pk"]}}
    if data is not None:
        out["data"] = json.dumps(data)
    return out


def _of(prepared: dict[str, Any]) -> Exercise:
    kwargs = prepared["kwargs"]
    return Exercise.objects.get(pk=kwargs.get("pk") or kwargs.get("exercise_id"))


def _new(f: Fixtures) -> dict[str, Any]:
    return {
        "data": {
            "organization": f.tree.east.pk,
            "title": "镇党委副书记选拔",
            "kind": "standard",
            "conditions": "正式党员",
            "threshold_percent": "50",
            "started_on": "2024-03-04",
        }
    }


def _created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    ex = Exercise.objects.get(title="镇党委副书记选拔")
    assert (ex.organization_id, ex.state, ex.threshold_percent) == (f.tree.east.pk, "draft", 50)


def _position(f: Fixtures) -> dict[str, Any]:
    data = {
        "organization": f.tree.east.pk,
        "post": "party:deputy_secretary",
        "appointment_mode": "selected",
        "seats": "1",
        "term": "",
    }
    return _ex(f, data=data)


def _positioned(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(_of(prepared).positions.values_list("title", flat=True)) == ["member", "deputy_secretary"]


def _candidate(f: Fixtures) -> dict[str, Any]:
    prepared = _ex(f)
    person = make_person(f.tree.east1, "冯六")
    position = _of(prepared).positions.get()
    return {
        **prepared,
        "data": {"position": position.pk, "person": person.pk, "source": "organization", "recommended_by": "镇党委"},
    }


def _candidate_added(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    c = Candidate.objects.get(exercise=_of(prepared))
    assert (c.person.name, c.recommended_by) == ("冯六", "镇党委")


def _round(f: Fixtures) -> dict[str, Any]:
    prepared = _ex(f, "recommending")
    ex = _of(prepared)
    first = candidates_of(ex)[0]
    return {
        **prepared,
        "data": {
            "pool": "meeting",
            "held_on": ex.state_on.isoformat(),
            "issued": "50",
            "returned": "45",
            "valid": "44",
            f"votes_{first.pk}": "40",
        },
    }


def _counted(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = RecommendationRound.objects.get(exercise=_of(prepared))
    assert (row.issued, row.valid, sorted(row.tallies.values_list("votes", flat=True))) == (50, 44, [0, 0, 40])


def _talk(f: Fixtures) -> dict[str, Any]:
    prepared = _ex(f, "recommending")
    day = _of(prepared).state_on.isoformat()
    return {
        **prepared,
        "data": {
            "talked_on": day,
            "interviewee": "村党支部书记代表",
            "interviewer": "镇党委书记",
            "summary": "推荐赵一",
        },
    }


def _talked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Talk.objects.filter(exercise=_of(prepared)).values_list("summary", flat=True))[-1] == "推荐赵一"


def _test(f: Fixtures) -> dict[str, Any]:
    prepared = _ex(f, "inspection")
    first = candidates_of(_of(prepared))[0]
    return {
        "kwargs": {**prepared["kwargs"], "cid": first.pk},
        "data": {"total": "40", "favourable": "38", "conclusion": "考察合格"},
    }


def _tested(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    c = Candidate.objects.get(pk=prepared["kwargs"]["cid"])
    assert (c.test_total, c.test_favourable, c.conclusion) == (40, 38, "考察合格")


def _sign(f: Fixtures) -> dict[str, Any]:
    prepared = _ex(f, "inspection")
    ex = _of(prepared)
    first = candidates_of(ex)[0]
    return {
        **prepared,
        "data": {"candidate": first.pk, "role": "inspector", "name": "陈考察", "signed_on": ex.state_on.isoformat()},
    }


def _signed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Signature.objects.filter(exercise=_of(prepared), name="陈考察", role="inspector").count() == 1


def _election(f: Fixtures) -> dict[str, Any]:
    prepared = _ex(f, "election", Kind.VILLAGE)
    first, second, _ = candidates_of(_of(prepared))
    return {**prepared, "data": {"present": "26", f"votes_{first.pk}": "20", f"votes_{second.pk}": "6"}}


def _elected(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    ex = _of(prepared)
    assert ex.election_present == 26
    assert [c.election_votes for c in candidates_of(ex)] == [20, 6, None]


def _link(f: Fixtures) -> dict[str, Any]:
    from jiceng.selection.demo import held_congress

    prepared = _ex(f, "election", Kind.VILLAGE)
    meeting = held_congress(f.tree.east1, _of(prepared).state_on)
    return {**prepared, "data": {"meeting": meeting.pk}, "meeting": meeting.pk}


def _linked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert f"meetings.meeting:{prepared['meeting']}" in engine.links(_of(prepared), "election")


def _moved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    ex = _of(prepared)
    assert ex.state == "announced" and ex.events().filter(kind="notice").count() == 1


def _api_new(f: Fixtures) -> dict[str, Any]:
    data = {
        "organization_id": f.tree.east.pk,
        "title": "镇党委副书记选拔",
        "kind": "standard",
        "conditions": "正式党员",
    }
    return {"data": json.dumps(data)}


def _api_position(f: Fixtures) -> dict[str, Any]:
    return _api(_ex(f), {"organization_id": f.tree.east.pk, "body": "party", "title": "deputy_secretary"})


def _api_candidate(f: Fixtures) -> dict[str, Any]:
    prepared = _ex(f)
    person = make_person(f.tree.east1, "冯六")
    return _api(
        prepared, {"position_id": _of(prepared).positions.get().pk, "person_id": person.pk, "recommended_by": "镇党委"}
    )


def _api_round(f: Fixtures) -> dict[str, Any]:
    prepared = _ex(f, "recommending")
    ex = _of(prepared)
    first = candidates_of(ex)[0]
    return _api(
        prepared,
        {
            "pool": "meeting",
            "held_on": ex.state_on.isoformat(),
            "issued": 50,
            "returned": 45,
            "valid": 44,
            "votes": [{"candidate_id": first.pk, "votes": 40}],
        },
    )


CASES = [
    UrlCase("selection:index", allowed=OFFICERS, outside_scope=()),
    UrlCase("selection:new", allowed=OFFICERS, outside_scope=()),
    UrlCase("selection:new", method="post", allowed=EAST_OFFICERS, setup=_new, expect=_created),
    UrlCase("selection:detail", allowed=EAST_OFFICERS, setup=lambda f: _ex(f, "inspection")),
    UrlCase("selection:tally_xlsx", allowed=EAST_OFFICERS, setup=lambda f: _ex(f, "recommending")),
    UrlCase("selection:preview_pdf", allowed=EAST_OFFICERS, setup=lambda f: _ex(f, "inspection")),
    UrlCase("selection:add_position", method="post", allowed=EAST_OFFICERS, setup=_position, expect=_positioned),
    UrlCase("selection:add_candidate", method="post", allowed=EAST_OFFICERS, setup=_candidate, expect=_candidate_added),
    UrlCase("selection:record_round", method="post", allowed=EAST_OFFICERS, setup=_round, expect=_counted),
    UrlCase("selection:record_talk", method="post", allowed=EAST_OFFICERS, setup=_talk, expect=_talked),
    UrlCase("selection:record_test", method="post", allowed=EAST_OFFICERS, setup=_test, expect=_tested),
    UrlCase("selection:sign", method="post", allowed=EAST_OFFICERS, setup=_sign, expect=_signed),
    UrlCase("selection:record_election", method="post", allowed=EAST_OFFICERS, setup=_election, expect=_elected),
    UrlCase("selection:link", method="post", allowed=EAST_OFFICERS, setup=_link, expect=_linked),
    UrlCase(
        "selection:move",
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: _ex(f, data={"target": "announced"}),
        expect=_moved,
    ),
    UrlCase("api-v1:selections", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase("api-v1:selection", api=True, allowed=EAST_OFFICERS, setup=lambda f: _api(_ex(f, "appointed"))),
    UrlCase("api-v1:selection_create", api=True, method="post", allowed=EAST_OFFICERS, setup=_api_new, expect=_created),
    UrlCase(
        "api-v1:selection_position",
        api=True,
        method="post",
        allowed=EAST_OFFICERS,
        setup=_api_position,
        expect=_positioned,
    ),
    UrlCase(
        "api-v1:selection_candidate",
        api=True,
        method="post",
        allowed=EAST_OFFICERS,
        setup=_api_candidate,
        expect=_candidate_added,
    ),
    UrlCase(
        "api-v1:selection_round", api=True, method="post", allowed=EAST_OFFICERS, setup=_api_round, expect=_counted
    ),
    UrlCase(
        "api-v1:selection_move",
        api=True,
        method="post",
        allowed=EAST_OFFICERS,
        setup=lambda f: _api(_ex(f), {"target": "announced"}),
        expect=_moved,
    ),
]

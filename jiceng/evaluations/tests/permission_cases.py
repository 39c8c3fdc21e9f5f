"""Permission cases for the evaluation pages and API (see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.evaluations import actions
from jiceng.evaluations.models import (
    BallotCode,
    CodeState,
    Kind,
    Outcome,
    PaperEntry,
    PostKind,
    Round,
    SealedBallot,
    SplitPostDecision,
    State,
)
from jiceng.evaluations.rules import SplitDecision
from jiceng.evaluations.tests.builders import Officer, prepared_round, published
from jiceng.people import actions as people_actions
from jiceng.people.models import Person
from jiceng.people.rules import CommitteeTitle, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

PUBLIC = EVERYONE | {"anonymous"}
EDITORS_ANYWHERE = {"county_officer", "township_officer", "village_secretary", "other_township_officer"}


def _open(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": prepared_round(f.tree.east1).round.pk}, **extra}


def _draft(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": prepared_round(f.tree.east1, open_it=False).round.pk}, **extra}


def _round_of(prepared: dict[str, Any]) -> Round:
    return Round.objects.get(pk=prepared["kwargs"]["pk"])


def _state(state: str, **fields: Any) -> Any:
    """An outcome check: the round moved to `state` (and has `fields`)."""

    def check(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
        round_ = _round_of(prepared)
        assert round_.state == state, round_.state
        for name, value in fields.items():
            assert getattr(round_, name) == value, name

    return check


def _void(f: Fixtures) -> dict[str, Any]:
    p = prepared_round(f.tree.east1)
    return {"kwargs": {"pk": p.round.pk}, "data": {"code": p.codes[0].lower()}}


def _paper(f: Fixtures) -> dict[str, Any]:
    p = prepared_round(f.tree.east1)
    return {"kwargs": {"pk": p.round.pk}, "data": {"number": 1, **{f"r_{k}": v for k, v in p.ratings("basic").items()}}}


def _closed(f: Fixtures) -> dict[str, Any]:
    p = prepared_round(f.tree.east1, codes=6)
    for code in p.codes[:5]:
        actions.vote(p.round.public_key, code, p.ratings("satisfied"))
    actions.close_round(Officer(f.tree.east1), p.round, 6)
    return {"kwargs": {"pk": p.round.pk}}


def _published_round(f: Fixtures, **kw: Any) -> Any:
    p = prepared_round(f.tree.east1, codes=6, **kw)
    officer = Officer(f.tree.east1)
    for code in p.codes[:5]:
        actions.vote(p.round.public_key, code, p.ratings("satisfied"))
    actions.close_round(officer, p.round, 6)
    return actions.publish(officer, p.round)


def _published(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": _published_round(f).pk}, **extra}


def _outcome(f: Fixtures) -> dict[str, Any]:
    r = _published_round(f)
    person_id = r.subjects.values_list("person_id", flat=True)[0]
    return {"kwargs": {"pk": r.pk}, "data": {"person": person_id, "mutual_notes": "能带头", "grade": "qualified"}}


def _key(f: Fixtures, state: str = "open") -> dict[str, Any]:
    r = _published_round(f) if state == "published" else prepared_round(f.tree.east1).round
    return {"kwargs": {"key": r.public_key}}


def _vote(f: Fixtures) -> dict[str, Any]:
    p = prepared_round(f.tree.east1)
    return {
        "kwargs": {"key": p.round.public_key},
        "data": {"code": p.codes[0], **{f"r_{k}": v for k, v in p.ratings("basic").items()}},
    }


def _split(f: Fixtures) -> dict[str, Any]:
    r = _published_round(f, kind=Kind.SPLIT_POST, post=PostKind.SECRETARY)
    return {"kwargs": {"pk": r.pk}}


def _split_decision(f: Fixtures) -> dict[str, Any]:
    """A dual-post cadre rated in both posts: secretary passed, director failed."""
    cadre = make_person(f.tree.east1, "王书记")
    officer = Officer(f.tree.east1)
    people_actions.add_post(officer, cadre, body=PostBody.PARTY, title=PartyTitle.SECRETARY, organization=f.tree.east1)
    people_actions.add_post(officer, cadre, body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR,
                            organization=f.tree.east1)  # fmt: skip
    secretary = published(f.tree.east1, [cadre], kind=Kind.SPLIT_POST, post=PostKind.SECRETARY)
    director = published(f.tree.east1, [cadre], rating="unsatisfied", kind=Kind.SPLIT_POST, post=PostKind.DIRECTOR)
    data = {"person": cadre.pk, "director_round": director.pk, "decision": SplitDecision.CRITICIZE_DIRECTOR,
            "decided_on": dt.date(2026, 12, 1).isoformat()}  # fmt: skip
    return {"kwargs": {"pk": secretary.pk}, "data": data}


def _recall(f: Fixtures) -> dict[str, Any]:
    """A recommended recall waiting for the villagers' vote."""
    prepared = _split_decision(f)
    secretary = Round.objects.get(pk=prepared["kwargs"]["pk"])
    director = Round.objects.get(pk=prepared["data"]["director_round"])
    cadre = Person.objects.get(pk=prepared["data"]["person"])
    made = actions.decide_split_post(Officer(f.tree.east1), secretary, director, cadre, SplitDecision.RECALL_DIRECTOR,
                                     dt.date(2026, 11, 20))  # fmt: skip
    data = {"step": "recall", "made": made.pk, "voted_on": "2026-11-28", "registered": 600, "cast": 320,
            "in_favour": 200}  # fmt: skip
    return {"kwargs": prepared["kwargs"], "data": data}


def _recalled(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    made = SplitPostDecision.objects.get(pk=prepared["data"]["made"])
    assert (made.recall_passed, made.recall_voted_on) == (True, dt.date(2026, 11, 28))
    assert set(made.person.posts.values_list("end_on", flat=True)) == {dt.date(2026, 11, 28)}


def _decided(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    made = SplitPostDecision.objects.get(secretary_round_id=prepared["kwargs"]["pk"])
    assert (made.decision, made.secretary_passed, made.director_passed) == ("criticize_director", True, False)


def _created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    (round_,) = Round.objects.filter(title="评议")
    assert (round_.organization, round_.kind, round_.state) == (f.tree.east1, "mass", State.DRAFT)
    assert round_.events().get().label == "创建评议"


def _subject_named(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert "村党支部班子" in _round_of(prepared).subjects.values_list("name", flat=True)


def _subject_removed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert prepared["kwargs"]["subject_id"] not in _round_of(prepared).subjects.values_list("id", flat=True)


def _four_codes(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert BallotCode.objects.filter(round_id=prepared["kwargs"]["pk"], state=CodeState.UNUSED).count() == 4


def _voided(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert BallotCode.objects.filter(round_id=prepared["kwargs"]["pk"], state=CodeState.VOIDED).count() == 1


def _keyed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    entry = PaperEntry.objects.get(round_id=prepared["kwargs"]["pk"], number=1)
    assert entry.clerk == f.personas[persona] and set(entry.ratings.values()) == {"basic"}


def _graded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    outcome = Outcome.objects.get(round_id=prepared["kwargs"]["pk"], person_id=prepared["data"]["person"])
    assert (outcome.grade, outcome.mutual_notes) == ("qualified", "能带头")


def _sealed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    round_ = Round.objects.get(public_key=prepared["kwargs"]["key"])
    assert SealedBallot.objects.filter(round=round_).count() == 1
    assert BallotCode.objects.filter(round=round_, state=CodeState.USED_WEB).count() == 1


def _code_step(f: Fixtures) -> dict[str, Any]:
    p = prepared_round(f.tree.east1)
    return {"kwargs": {"key": p.round.public_key}, "data": {"step": "code", "code": p.codes[0]}}


def _nothing_used(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    """The code step only checks: no code used, no ballot."""
    round_ = Round.objects.get(public_key=prepared["kwargs"]["key"])
    assert not SealedBallot.objects.filter(round=round_).exists()
    assert BallotCode.objects.filter(round=round_, state=CodeState.UNUSED).count() == 10


def _subject(f: Fixtures) -> dict[str, Any]:
    p = prepared_round(f.tree.east1, open_it=False)
    return {"kwargs": {"pk": p.round.pk, "subject_id": p.subject_ids[0]}}


CASES = [
    UrlCase("evaluations:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("evaluations:create", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase(
        "evaluations:create",
        method="post",
        allowed=EAST1_EDITORS,
        note="east1",
        expect=_created,
        setup=lambda f: {
            "data": {
                "organization": f.tree.east1.pk,
                "kind": "mass",
                "title": "评议",
                "year": 2026,
                "pool": "villagers",
                "pass_percent": 50,
            }
        },
    ),
    UrlCase("evaluations:assessment_xlsx", allowed=EVERYONE, outside_scope=()),
    UrlCase("evaluations:detail", allowed=EAST1_SCOPE, setup=_open),
    UrlCase(
        "evaluations:add_subjects",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _draft(f, data={"names": "村党支部班子"}),
        expect=_subject_named,
    ),
    UrlCase(
        "evaluations:remove_subject", method="post", allowed=EAST1_EDITORS, setup=_subject, expect=_subject_removed
    ),
    UrlCase(
        "evaluations:slips",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _draft(f, data={"count": 4}),
        expect=_four_codes,
    ),
    UrlCase("evaluations:paper_ballot", allowed=EAST1_EDITORS, setup=_open),
    UrlCase(
        "evaluations:open",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _draft(f, data={"confirm": "1"}),
        expect=_state(State.OPEN, slips_issued=10),
    ),
    UrlCase("evaluations:void", method="post", allowed=EAST1_EDITORS, setup=_void, expect=_voided),
    UrlCase("evaluations:paper", allowed=EAST1_EDITORS, setup=_open),
    UrlCase(
        "evaluations:paper",
        method="post",
        allowed=EAST1_EDITORS,
        note="enter",
        setup=_paper,
        expect=_keyed,
    ),
    UrlCase(
        "evaluations:close",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _open(f, data={"signatures": 9, "confirm": "1"}),
        expect=_state(State.CLOSED, signatures=9, codes_used_web=0),
    ),
    UrlCase(
        "evaluations:signatures",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {**_closed(f), "data": {"signatures": 8}},
        expect=_state(State.CLOSED, signatures=8),
    ),
    UrlCase(
        "evaluations:publish",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {**_closed(f), "data": {"confirm": "1"}},
        expect=_state(State.PUBLISHED),
    ),
    UrlCase("evaluations:results", allowed=EAST1_SCOPE, setup=_published),
    UrlCase("evaluations:results_xlsx", allowed=EAST1_SCOPE, setup=_published),
    UrlCase("evaluations:notice_pdf", allowed=EAST1_SCOPE, setup=_published),
    UrlCase("evaluations:ballots_file", allowed=EAST1_EDITORS, setup=_published),
    UrlCase("evaluations:outcomes", allowed=EAST1_SCOPE, setup=_published),
    UrlCase(
        "evaluations:outcomes",
        method="post",
        allowed=EAST1_EDITORS,
        note="record",
        setup=_outcome,
        expect=_graded,
    ),
    UrlCase("evaluations:split", allowed=EAST1_SCOPE, setup=_split),
    UrlCase(
        "evaluations:split",
        method="post",
        allowed=EAST1_EDITORS,
        note="decide",
        setup=_split_decision,
        expect=_decided,
    ),
    UrlCase(
        "evaluations:split",
        method="post",
        allowed=EAST1_EDITORS,
        note="recall vote",
        setup=_recall,
        expect=_recalled,
    ),
    UrlCase("evaluations:vote", allowed=PUBLIC, outside_scope=(), setup=lambda f: _key(f)),
    UrlCase(
        "evaluations:vote", method="post", allowed=PUBLIC, outside_scope=(), note="ballot", setup=_vote, expect=_sealed
    ),
    UrlCase(
        "evaluations:vote",
        method="post",
        allowed=PUBLIC,
        outside_scope=(),
        note="code step",
        setup=_code_step,
        expect=_nothing_used,
    ),
    UrlCase("evaluations:public", allowed=PUBLIC, outside_scope=(), setup=lambda f: _key(f, "published")),
    UrlCase("evaluations:recount", allowed=PUBLIC, outside_scope=(), setup=lambda f: _key(f, "published")),
    UrlCase("api-v1:list_rounds", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:get_round",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"round_id": _published_round(f).pk}},
    ),
]

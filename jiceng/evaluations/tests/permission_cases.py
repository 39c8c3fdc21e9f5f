"""Permission cases for the evaluation pages and API (see jiceng/core/testing.py)."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.evaluations import actions
from jiceng.evaluations.models import Kind, PostKind
from jiceng.evaluations.tests.builders import Officer, prepared_round

PUBLIC = EVERYONE | {"anonymous"}
EDITORS_ANYWHERE = {"county_officer", "township_officer", "village_secretary", "other_township_officer"}


def _open(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": prepared_round(f.tree.east1).round.pk}, **extra}


def _draft(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": prepared_round(f.tree.east1, open_it=False).round.pk}, **extra}


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
    ),
    UrlCase("evaluations:remove_subject", method="post", allowed=EAST1_EDITORS, setup=_subject),
    UrlCase("evaluations:slips", method="post", allowed=EAST1_EDITORS, setup=lambda f: _draft(f, data={"count": 4})),
    UrlCase("evaluations:paper_ballot", allowed=EAST1_EDITORS, setup=_open),
    UrlCase("evaluations:open", method="post", allowed=EAST1_EDITORS, setup=_draft),
    UrlCase("evaluations:void", method="post", allowed=EAST1_EDITORS, setup=_open),
    UrlCase("evaluations:paper", allowed=EAST1_EDITORS, setup=_open),
    UrlCase(
        "evaluations:paper",
        method="post",
        allowed=EAST1_EDITORS,
        note="enter",
        setup=lambda f: _open(f, data={"number": 1}),
    ),
    UrlCase(
        "evaluations:close", method="post", allowed=EAST1_EDITORS, setup=lambda f: _open(f, data={"signatures": 9})
    ),
    UrlCase("evaluations:publish", method="post", allowed=EAST1_EDITORS, setup=_open),
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
    ),
    UrlCase("evaluations:split", allowed=EAST1_SCOPE, setup=_split),
    UrlCase(
        "evaluations:split",
        method="post",
        allowed=EAST1_EDITORS,
        note="decide",
        setup=lambda f: {**_split(f), "data": {"person": 1}},
    ),
    UrlCase("evaluations:vote", allowed=PUBLIC, outside_scope=(), setup=lambda f: _key(f)),
    UrlCase("evaluations:vote", method="post", allowed=PUBLIC, outside_scope=(), note="ballot", setup=_vote),
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

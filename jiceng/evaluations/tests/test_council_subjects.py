"""两评 for the councils (issue 17.7, seed 002: 将群众评议引入…“五好户联理事会”评比和优秀关怀理事评比中):
a round over the 户联理事会 or the 理事 of a care council runs end to end — subjects from the
apps that keep them (through `core.registry`), codes, web and paper ballots, closing, publication —
with the same anonymity (ballots keyed by subject, nothing of the voter)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.errors import DomainError
from jiceng.councils.tests.factories import council, councillor
from jiceng.evaluations import actions
from jiceng.evaluations.models import Ballot, Kind, Pool, Subject
from jiceng.evaluations.rules import Scale
from jiceng.unions.tests.factories import make_union

from .builders import Officer


def _round(org: Any, kind: str, title: str) -> Any:
    return actions.create_round(Officer(org), organization=org, kind=kind, title=title, year=2026,
                                scale=Scale.SATISFACTION, pool=Pool.VILLAGERS)  # fmt: skip


def test_a_union_evaluation_runs_end_to_end_and_publishes(tree: Any, personas: dict[str, Any]) -> None:
    a = make_union(tree.east1, 26)
    b = make_union(tree.east1, 25, name="李家冲户联理事会", grid="二组")
    make_union(tree.east2, 25, name="外村户联理事会", grid="东二一组")  # another village: not a candidate
    officer = Officer(tree.east1)
    rnd = _round(tree.east1, Kind.UNION, "2026年五好户联理事会评比")
    assert [s.name for s in actions.rated_candidates(rnd)] == [
        "东一村党支部李家冲户联理事会",
        "东一村党支部王家湾户联理事会",
    ]
    assert actions.add_rated_subjects(officer, rnd, [a.ref, b.ref, a.ref]) == 2
    assert list(rnd.subjects.values_list("ref", "name")) == [
        (a.ref, "东一村党支部王家湾户联理事会"), (b.ref, "东一村党支部李家冲户联理事会")]  # fmt: skip
    codes = actions.generate_codes(officer, rnd, 8)
    actions.open_round(officer, rnd)
    sa, sb = (str(s) for s in rnd.subjects.values_list("id", flat=True))
    for i, code in enumerate(codes[:6]):
        actions.vote(rnd.public_key, code, {sa: "satisfied", sb: "unsatisfied" if i < 4 else "basic"})
    actions.close_round(officer, rnd, 8)
    published = actions.publish(officer, rnd)
    got = [(s["name"], s["ref"], s["counts"], s["passing_rate"], s["passed"]) for s in published.results["subjects"]]
    assert got == [
        ("东一村党支部王家湾户联理事会", a.ref, {"satisfied": 6, "basic": 0, "unsatisfied": 0}, "100.0%", True),
        ("东一村党支部李家冲户联理事会", b.ref, {"satisfied": 0, "basic": 2, "unsatisfied": 4}, "33.3%", False),
    ]
    # The ballots carry ratings by subject id only, as for members.
    assert sorted(tuple(sorted(b.ratings)) for b in Ballot.objects.filter(round=rnd)) == [tuple(sorted((sa, sb)))] * 6
    page = Client().get(reverse("evaluations:public", args=[rnd.public_key])).content.decode()
    assert "东一村党支部王家湾户联理事会" in page and "东一村党支部李家冲户联理事会" in page


def test_councillors_of_the_care_council_as_subjects(tree: Any) -> None:
    c = council(tree.east1)
    lin = councillor(c, "林理事")
    councillor(c, "周理事", confirmed=False)  # not confirmed: not rated
    officer = Officer(tree.east1)
    rnd = _round(tree.east1, Kind.COUNCILLOR, "2026年优秀关怀理事评比")
    (only,) = actions.rated_candidates(rnd)
    assert (only.ref, only.name) == (f"councils.councillor:{lin.pk}", "林理事（东一村党支部生产关怀）")
    actions.add_rated_subjects(officer, rnd, [only.ref])
    assert list(Subject.objects.filter(round=rnd).values_list("name", flat=True)) == ["林理事（东一村党支部生产关怀）"]


@pytest.mark.parametrize("kind", [Kind.UNION, Kind.MASS])
def test_refs_outside_the_round_or_kind_refused_and_nothing_written(tree: Any, kind: str) -> None:
    outside = make_union(tree.east2, 25, name="外村户联理事会", grid="东二一组")
    rnd = _round(tree.east1, kind, "评比")
    message = "所选对象不在本组织范围内" if kind == Kind.UNION else "只有优秀关怀理事评比、五好户联理事会评比可选择"
    with pytest.raises(DomainError, match=message):
        actions.add_rated_subjects(Officer(tree.east1), rnd, [outside.ref])
    assert rnd.subjects.count() == 0


def test_the_page_offers_the_unions_and_adds_them(tree: Any, personas: dict[str, Any]) -> None:
    a = make_union(tree.east1, 26)
    rnd = _round(tree.east1, Kind.UNION, "评比")
    client = Client()
    client.force_login(personas["township_officer"])
    page = client.get(reverse("evaluations:detail", args=[rnd.pk])).content.decode()
    assert f'name="ref" value="{a.ref}"' in page
    client.post(reverse("evaluations:add_subjects", args=[rnd.pk]), {"ref": [a.ref]})
    assert list(rnd.subjects.values_list("ref", flat=True)) == [a.ref]

"""Every registered metric computes for its subject (with the records behind it), and the
十星级 scheme scores a member from the person metrics with exact values and stars."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from django.utils import timezone

from jiceng.assessments import actions, scoring
from jiceng.assessments.models import Result
from jiceng.core.actor import SYSTEM
from jiceng.core.registry import FORBIDDEN_WORDS, MetricValue, metrics
from jiceng.dues import actions as dues_actions
from jiceng.dues.rules import Kind as DuesKind
from jiceng.meetings.rules import Kind
from jiceng.people.tests.factories import make_person
from jiceng.training.rules import Unit
from jiceng.training.tests.factories import held, session

Y = timezone.localdate().year - 1


def test_every_metric_computes_for_its_subject(tree: Any) -> None:
    person = make_person(tree.east1, "王党员")
    found = {m.key: m for m in metrics()}
    assert len(found) >= 25
    for m in found.values():
        assert not any(word in m.label for word in FORBIDDEN_WORDS)
        subject = person if m.subject == "person" else tree.east1
        value = m.compute(subject, dt.date(Y, 1, 1), dt.date(Y, 12, 31))
        assert isinstance(value, MetricValue), m.key
        assert all(":" in ref for ref in value.records), m.key


def test_ten_stars_for_a_member(tree: Any, personas: dict[str, Any]) -> None:
    star, other = make_person(tree.east1, "李星"), make_person(tree.east1, "张平")
    session(tree.east1, [star], unit=Unit.DAY, amount=4, starts_on=dt.date(Y, 5, 5), ends_on=dt.date(Y, 5, 8))
    held(tree.east1, dt.date(Y, 3, 10), Kind.PARTY_CONGRESS, absent=[other])  # 李星 1/1 present, 张平 0/1
    dues_actions.set_base(SYSTEM, star, dt.date(Y, 1, 1), DuesKind.FARMER, fixed=100)
    dues_actions.record_payment(SYSTEM, star, dt.date(Y, 1, 1), paid_on=dt.date(Y, 1, 10), count=12)
    scheme = actions.copy_template(SYSTEM, tree.east, "shixing")
    rnd = actions.open_round(SYSTEM, scheme, organization=tree.east, year=Y)
    for s in scoring.subjects_of(scheme, tree.east, rnd.ends_on):
        for code in ("S8", "S9", "S10"):
            actions.record_review(personas["township_officer"], rnd, subject_ref=s.ref, indicator=code,
                                  points=D(10 if s.person == star else 5))  # fmt: skip
    actions.compute(SYSTEM, rnd)
    mine = Result.objects.get(round=rnd, person=star)
    points = {x["code"]: x["points"] for x in mine.lines}
    # 学时 32 + 党员大会 (no lesson hours) ≥ 32; 出席 100 %; 党费 12/12; reviews 10 each: six stars
    assert points == {"S1": "10.00", "S2": "10.00", "S3": "10.00", "S4": "0.00", "S5": "0.00", "S6": "0.00",
                      "S7": "0.00", "S8": "10.00", "S9": "10.00", "S10": "10.00"}  # fmt: skip
    assert (mine.score, mine.stars, mine.rating, mine.grade) == (D("60.00"), 6, "", "合格")
    theirs = Result.objects.get(round=rnd, person=other)
    assert (theirs.score, theirs.stars) == (D("15.00"), 0)
    # a member sees their own 十星级 result, not a neighbour's
    member = personas["member"]
    member.person = star
    member.save(update_fields=["person"])
    visible = set(Result.objects.visible_to(member).values_list("name", flat=True))
    assert visible == {"李星"}
    assert {"李星", "张平"} <= set(
        Result.objects.visible_to(personas["village_secretary"]).values_list("name", flat=True)
    )

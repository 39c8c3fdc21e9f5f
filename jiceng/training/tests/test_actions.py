"""Recording sessions and reading 学时: every source entered once, the 32/56 check by role at a date."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.meetings.rules import Kind
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person
from jiceng.training import actions, queries
from jiceng.training.models import MeetingCredit, Participant, Session
from jiceng.training.rules import SessionKind, Unit

from .factories import D, held, secretary, session

pytestmark = pytest.mark.django_db
YEAR = (D(2024, 1, 1), D(2024, 12, 31))


def test_a_three_day_session_gives_each_participant_24_hours_and_3_days(tree: Any) -> None:
    a, b = make_person(tree.east1, "甲党员"), make_person(tree.east2, "乙党员")
    s = session(tree.east, [a, b], amount=3, starts_on=D(2024, 3, 5), ends_on=D(2024, 3, 7))
    assert (s.hours, s.days, s.org_path) == (Decimal(24), Decimal(3), tree.east.path)
    assert sorted(Participant.objects.filter(session=s).values_list("person__name", "hours")) == [
        ("乙党员", Decimal(24)), ("甲党员", Decimal(24))]  # fmt: skip
    assert queries.hours_of(a, *YEAR) == queries.Hours(Decimal(24), Decimal(3))


def test_a_session_without_participants_is_refused_and_nothing_written(tree: Any) -> None:
    with pytest.raises(DomainError, match="请至少选择一名参训人员"):
        session(tree.east1, [])
    assert Session.objects.count() == 0


def test_hours_before_the_person_was_born_are_refused(tree: Any) -> None:
    old, young = (
        make_person(tree.east1, "老党员"),
        make_person(tree.east1, "小青", Category.RESIDENT, birth=D(2005, 5, 1)),
    )
    with pytest.raises(DomainError, match="小青出生于2005-05-01，不能登记此前的培训学时"):
        session(tree.east1, [old, young], starts_on=D(2005, 4, 30))
    assert (Session.objects.count(), Participant.objects.count()) == (0, 0)


def test_participants_outside_the_actors_subtree_are_refused(tree: Any, personas: dict[str, Any]) -> None:
    west = make_person(tree.west1, "西村党员")
    with pytest.raises(DomainError, match="所选参训人员不存在或不在本组织范围内"):
        session(tree.east1, [west], actor=personas["village_secretary"])
    with pytest.raises(AccessDenied):
        session(tree.east1, [make_person(tree.east1)], actor=personas["member"])
    assert Session.objects.count() == 0


def test_a_lesson_in_the_meetings_app_counts_for_every_attendee_present(tree: Any) -> None:
    came = [make_person(tree.east1, f"党员{i}") for i in range(3)]
    missing = make_person(tree.east1, "缺席党员")
    held(tree.east1, D(2024, 4, 20), Kind.LESSON, absent=[missing])
    for person in came:
        assert queries.hours_of(person, *YEAR, kinds=("党课",)) == queries.Hours(Decimal(2), Decimal(0))
    assert queries.hours_of(missing, *YEAR, kinds=None) == queries.Hours(Decimal(0), Decimal(0))
    # Not 集中培训: the development pipeline's default does not count it.
    assert queries.hours_of(came[0], *YEAR) == queries.Hours(Decimal(0), Decimal(0))
    lines = queries.lines_of(came[0], *YEAR)
    assert [(ln.on, ln.kind, ln.hours, ln.source) for ln in lines] == [
        (D(2024, 4, 20), "党课", Decimal(2), "来自会议记录")
    ]
    assert Participant.objects.count() == 0  # entered once: nothing copied


def test_a_meeting_marked_yi_hui_dai_xun_counts_its_hours(tree: Any) -> None:
    a = make_person(tree.east1, "甲党员")
    meeting = held(tree.east1, D(2024, 5, 10), Kind.PARTY_CONGRESS)
    assert queries.hours_of(a, *YEAR, kinds=None).hours == Decimal(0)
    actions.credit_meeting(SYSTEM, meeting, Decimal(3))
    assert queries.hours_of(a, *YEAR, kinds=("以会代训",)).hours == Decimal(3)
    assert queries.hours_of(a, *YEAR, kinds=("党课",)).hours == Decimal(0)
    with pytest.raises(DomainError, match="这次会议已经计入培训学时"):
        actions.credit_meeting(SYSTEM, meeting, Decimal(2))
    assert MeetingCredit.objects.get().hours == Decimal(3)


def test_a_lesson_given_hours_of_its_own_counts_those(tree: Any) -> None:
    a = make_person(tree.east1, "甲党员")
    lesson = held(tree.east1, D(2024, 5, 10), Kind.LESSON)
    actions.credit_meeting(SYSTEM, lesson, Decimal(4))
    assert queries.hours_of(a, *YEAR, kinds=None).hours == Decimal(4)
    assert [ln.kind for ln in queries.lines_of(a, *YEAR)] == ["党课"]


def test_the_yearly_requirement_by_role_at_a_date(tree: Any) -> None:
    member = make_person(tree.east1, "普通党员")
    cadre = secretary(make_person(tree.east1, "王书记"), start=D(2024, 7, 1))
    resident = make_person(tree.east1, "群众甲", Category.RESIDENT)
    session(tree.east, [member, cadre, resident], amount=4, starts_on=D(2024, 3, 4), ends_on=D(2024, 3, 7))  # 32 h
    before = {r.person.name: (r.role, r.required, r.hours, r.short) for r in queries.year_rows(tree.east, 2024,
                                                                                               D(2024, 6, 30))}  # fmt: skip
    assert before == {"普通党员": ("党员", 32, Decimal(32), Decimal(0)),
                      "王书记": ("党员", 32, Decimal(32), Decimal(0))}  # fmt: skip
    after = queries.shortfall_rows(tree.east, 2024, D(2025, 1, 10))
    assert [(r.person.name, r.role, r.required, r.hours, r.short) for r in after] == [
        ("王书记", "书记、班子成员", 56, Decimal(32), Decimal(24))]  # fmt: skip


def test_a_probationary_member_is_judged_as_a_member_from_joining(tree: Any) -> None:
    person = make_person(tree.east1, "预备党员", Category.PROBATIONARY, joined_on=D(2024, 7, 1))
    assert queries.requirement(person, False, D(2024, 6, 30)) is None
    assert queries.requirement(person, False, D(2024, 7, 1)) == 32


def test_figures_as_the_seeds_report_them(tree: Any) -> None:
    people = [make_person(tree.east1, f"党员{i}") for i in range(3)]
    session(tree.east, people, kind=SessionKind.CONCENTRATED)
    session(tree.east, people[:2], unit=Unit.HOUR, amount=3, starts_on=D(2024, 6, 1))
    held(tree.east1, D(2024, 4, 20), Kind.LESSON, absent=people[2:])
    fig = queries.figures(tree.east, *YEAR)
    assert (fig.sessions, fig.person_times, fig.meetings, fig.meeting_person_times) == (2, 5, 1, 2)
    assert fig.text == "培训2次，培训5人次；另有党课、以会代训1次，2人次（来自会议记录）"
    assert queries.figures(tree.west, *YEAR).text == "培训0次，培训0人次"


def test_yearly_totals_add_every_source(tree: Any) -> None:
    a, b = make_person(tree.east1, "甲"), make_person(tree.east1, "乙")
    session(tree.east1, [a, b], unit=Unit.HALF_DAY, amount=1)
    held(tree.east1, D(2024, 4, 20), Kind.LESSON, absent=[b])
    held(tree.east1, D(2023, 12, 31), Kind.LESSON)  # the year before
    from jiceng.people.models import Person

    found = queries.totals(Person.objects.filter(pk__in=[a.pk, b.pk]), *YEAR)
    assert dict(found) == {a.pk: Decimal(6), b.pk: Decimal(4)}

"""The village youth league: seed 004's counts (632 youth aged 14–35, 421 aged 14–28, 141 团员)
from generated people records' birth dates; 团员, 团费 and 推优 into the development pipeline."""

import datetime as dt

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent
from jiceng.development.models import File
from jiceng.people.models import Person
from jiceng.people.rules import Category
from jiceng.volunteers import actions, queries
from jiceng.volunteers.models import LeagueDues, LeagueMember, Recommendation

from .factories import D, branch, join, many, villager

pytestmark = pytest.mark.django_db
ON = D(2024, 6, 30)
TODAY = D(2024, 12, 15)


def _spread(first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    span = (last - first).days
    return [first + dt.timedelta(days=span * i // max(count - 1, 1)) for i in range(count)]


def test_seed_004_counts_from_birth_dates(tree):
    # 421 aged 14–28 on 30 June 2024 (both ends: 14 today, 28 turning 29 tomorrow) …
    league_age = many(tree.east1, _spread(D(1995, 7, 1), D(2010, 6, 30), 421))
    # … 210 more aged 29–35 (29 today, 35 turning 36 tomorrow) …
    many(tree.east1, _spread(D(1988, 7, 1), D(1995, 6, 30), 210))
    # … and people just outside: 13 (14 tomorrow), 36 today, 60, and youth of another village.
    many(tree.east1, [D(2010, 7, 1), D(1988, 6, 30), D(1964, 1, 1)])
    many(tree.east2, _spread(D(1990, 1, 1), D(2005, 1, 1), 50))
    b = branch(tree.east1)
    join(b, league_age[:141], D(2020, 5, 4))  # 141 团员 of league age
    over = many(tree.east1, [D(1990, 1, 1)])  # a 团员 aged 34 not yet 离团 (超龄): not counted in 141
    join(b, over, D(2005, 5, 4))
    join(b, league_age[141:143], D(2020, 5, 4), left_on=D(2024, 1, 1))  # left before the date
    join(b, league_age[143:144], D(2024, 7, 1))  # joined after the date
    counts = queries.league_counts(tree.east1, ON)
    # youth 14–35: 421 + 210 + the 团员 aged 34 (a person of the village too) = 632
    assert (counts.youth, counts.youth_league_age, counts.league_members, counts.league_members_over_age) == (
        632,
        421,
        141,
        1,
    )
    # A day later: the 13-year-old turns 14 (+1 aged 14–28), the 团员 born 1 July 1995 turns 29 (−1 aged 14–28,
    # −1 团员), the one born 1 July 1988 turns 36 (−1 youth), and the 团员 who joined on 1 July counts (+1).
    later = queries.league_counts(tree.east1, D(2024, 7, 1))
    assert (later.youth, later.youth_league_age, later.league_members, later.league_members_over_age) == (
        632,
        421,
        141,
        2,
    )


def test_join_dues_and_refusals(tree):
    b = branch(tree.east1)
    young = villager(tree.east1, "小林", D(2004, 3, 1))
    old = villager(tree.east1, "老周", D(1980, 3, 1))
    member = actions.add_league_member(SYSTEM, b, young, D(2019, 5, 4), today=TODAY)
    with pytest.raises(DomainError, match="已是团员"):
        actions.add_league_member(SYSTEM, b, young, D(2019, 5, 4), today=TODAY)
    with pytest.raises(DomainError, match="14至28周岁"):
        actions.add_league_member(SYSTEM, b, old, D(2024, 5, 4), today=TODAY)
    rows = actions.record_league_dues(SYSTEM, member, D(2024, 1, 1), paid_on=D(2024, 1, 10), count=3, today=TODAY)
    assert [(r.month, r.amount) for r in rows] == [(D(2024, 1, 1), 20), (D(2024, 2, 1), 20), (D(2024, 3, 1), 20)]
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="2024年03月的团费已交纳"):
        actions.record_league_dues(SYSTEM, member, D(2024, 3, 1), paid_on=D(2024, 4, 10), count=2, today=TODAY)
    with pytest.raises(DomainError, match="应大于零"):
        actions.record_league_dues(SYSTEM, member, D(2024, 4, 1), paid_on=D(2024, 4, 10), amount=0, today=TODAY)
    assert (LeagueDues.objects.count(), LeagueMember.objects.count(), AuditEvent.objects.count()) == (3, 1, events)


def test_recommendation_opens_an_applicant_file_through_development(tree):
    b = branch(tree.east1)
    young = villager(tree.east1, "小林", D(2002, 3, 1))
    member = actions.add_league_member(SYSTEM, b, young, D(2017, 5, 4), today=TODAY)
    rec = actions.recommend(SYSTEM, member, D(2024, 11, 20), applied_on=D(2024, 10, 8), note="团支部大会推荐",
                            today=TODAY)  # fmt: skip
    file = File.objects.get(person=young)
    young.refresh_from_db()
    assert (rec.recommended_on, rec.file, file.applied_on, file.step, young.category) == (
        D(2024, 11, 20),
        file,
        D(2024, 10, 8),
        "applied",
        Category.APPLICANT,
    )
    # recommended again later: the open file is linked, no second file
    again = actions.recommend(SYSTEM, member, D(2024, 12, 1), today=TODAY)
    assert (again.file, File.objects.count(), Recommendation.objects.count()) == (file, 1, 2)


def test_recommendation_refused_under_18_and_nothing_written(tree):
    b = branch(tree.east1)
    child = villager(tree.east1, "小张", D(2008, 3, 1))
    member = actions.add_league_member(SYSTEM, b, child, D(2022, 5, 4), today=TODAY)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="年满18周岁"):
        actions.recommend(SYSTEM, member, D(2024, 11, 20), today=TODAY)
    child.refresh_from_db()
    assert (File.objects.count(), Recommendation.objects.count(), child.category, AuditEvent.objects.count()) == (
        0,
        0,
        Category.RESIDENT,
        events,
    )
    assert Person.objects.get(pk=child.pk).category == Category.RESIDENT


def test_leaving_the_league(tree):
    b = branch(tree.east1)
    member = actions.add_league_member(SYSTEM, b, villager(tree.east1, "老团员", D(1995, 2, 1)), D(2010, 5, 4),
                                       today=TODAY)  # fmt: skip
    with pytest.raises(DomainError, match="不能早于入团日期"):
        actions.end_league_membership(SYSTEM, member, D(2009, 1, 1), "over_age", today=TODAY)
    actions.end_league_membership(SYSTEM, member, D(2024, 3, 1), "over_age", today=TODAY)
    with pytest.raises(DomainError, match="已离团"):
        actions.end_league_membership(SYSTEM, member, D(2024, 3, 2), "over_age", today=TODAY)
    with pytest.raises(DomainError, match="已于2024年03月01日离团"):
        actions.record_league_dues(SYSTEM, member, D(2024, 4, 1), paid_on=D(2024, 4, 2), today=TODAY)
    before, after = queries.league_counts(tree.east1, D(2024, 2, 29)), queries.league_counts(tree.east1, D(2024, 3, 1))
    assert (before.league_members_over_age, after.league_members_over_age) == (1, 0)

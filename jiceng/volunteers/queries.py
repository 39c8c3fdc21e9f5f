"""Reading volunteer and league records: the youth and 团员 counts at a date, computed from the
people records' birth dates (entered once, in the people app)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules
from .models import LeagueBranch, LeagueMember, Service


@dataclass(frozen=True)
class LeagueCounts:
    on: dt.date
    youth: int  # aged 14–35
    youth_league_age: int  # aged 14–28
    league_members: int  # 团员 aged 14–28
    league_members_over_age: int  # 团员 over 28 not yet 离团 (超龄, to be handled by the branch)


def league_counts(org: Organization, on: dt.date) -> LeagueCounts:
    after, before = rules.birth_window(on, rules.YOUTH_AGES)
    births = list(
        Person.objects.in_subtree(org)
        .filter(birth_date__gt=after, birth_date__lt=before)
        .values_list("birth_date", flat=True)
    )
    members = LeagueMember.objects.filter(org_path__startswith=org.path, joined_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    )
    member_births = list(members.values_list("person__birth_date", flat=True))
    in_age = rules.count_in_ages(member_births, on, rules.LEAGUE_AGES)
    over = sum(1 for b in member_births if rules.age_on(b, on) > rules.LEAGUE_AGES[1])
    return LeagueCounts(on, rules.count_in_ages(births, on, rules.YOUTH_AGES),
                        rules.count_in_ages(births, on, rules.LEAGUE_AGES), in_age, over)  # fmt: skip


def branch_of(org: Organization) -> LeagueBranch | None:
    return LeagueBranch.objects.filter(organization=org).select_related("secretary").first()


@dataclass(frozen=True)
class TeamFigures:
    services: int
    person_times: int  # 人次
    hours: float


def team_figures(team_ids: list[int], year: int) -> dict[int, TeamFigures]:
    """Services, 人次 and person-hours of each team in `year`."""
    rows = (
        Service.objects.filter(team_id__in=team_ids, held_on__year=year)
        .values("team_id")
        .annotate(n=Count("id", distinct=True), others=Sum("others"))
    )
    out: dict[int, TeamFigures] = {}
    counted = (
        Service.participants.through.objects.filter(service__team_id__in=team_ids, service__held_on__year=year)
        .values("service__team_id")
        .annotate(n=Count("id"))
    )
    people = {r["service__team_id"]: r["n"] for r in counted}
    hours: dict[int, float] = {}
    for s in Service.objects.filter(team_id__in=team_ids, held_on__year=year).annotate(p=Count("participants")):
        hours[s.team_id] = hours.get(s.team_id, 0.0) + float(s.hours) * (s.p + s.others)
    for r in rows:
        tid = r["team_id"]
        out[tid] = TeamFigures(r["n"], people.get(tid, 0) + (r["others"] or 0), round(hours.get(tid, 0.0), 1))
    return out

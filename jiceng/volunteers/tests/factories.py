"""Volunteer test data: villagers of a given birth date; many at once for the league counts."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person
from jiceng.volunteers import actions
from jiceng.volunteers.models import LeagueBranch, LeagueMember

D = dt.date
_bulk = itertools.count(1)


BORN = D(2000, 3, 1)


def villager(org: Organization, name: str, birth: dt.date = BORN, category: str = Category.RESIDENT) -> Person:
    return make_person(org, name, category, birth=birth)


def many(org: Organization, births: Iterable[dt.date]) -> list[Person]:
    """People straight into the table (a roster of hundreds; ID fields are placeholders that
    nothing here reads)."""
    rows = []
    for birth in births:
        n = next(_bulk)
        rows.append(Person(name=f"青年{n}", name_pinyin=f"qingnian{n}", name_initials="qn", id_number_enc="-",
                           id_digest=f"bulk-{n}", id_masked="-", sex="M", birth_date=birth, category=Category.RESIDENT,
                           organization=org, org_path=org.path))  # fmt: skip
    return Person.objects.bulk_create(rows)


def branch(org: Organization, name: str = "东一村团支部") -> LeagueBranch:
    return actions.save_league_branch(SYSTEM, org, name, today=D(2024, 12, 31))


def join(b: LeagueBranch, people: Iterable[Person], joined_on: dt.date, left_on: dt.date | None = None) -> None:
    LeagueMember.objects.bulk_create(
        LeagueMember(branch=b, org_path=b.org_path, person=p, joined_on=joined_on, left_on=left_on) for p in people
    )

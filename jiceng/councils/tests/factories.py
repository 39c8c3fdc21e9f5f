"""Council test data: a village branch with its secretary and a committee member, its council,
confirmed 理事, and a register of households (as many as asked)."""

from __future__ import annotations

import datetime as dt

from jiceng.core.actor import SYSTEM
from jiceng.councils import actions
from jiceng.councils.models import Council, Councillor
from jiceng.councils.rules import CouncillorKind
from jiceng.households import actions as households
from jiceng.households.models import Grid, Household
from jiceng.organizations.models import Organization
from jiceng.people import actions as people
from jiceng.people.models import Person
from jiceng.people.rules import Category, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

D = dt.date
FOUNDED = D(2024, 3, 1)


def cadre(org: Organization, name: str, title: str = PartyTitle.SECRETARY) -> Person:
    person = make_person(org, name)
    people.add_post(SYSTEM, person, body=PostBody.PARTY, title=title, start_on=D(2021, 1, 1))
    return person


def council(org: Organization, *, executive: bool = True) -> Council:
    cadre(org, "简书记")
    member = cadre(org, "王支委", PartyTitle.MEMBER) if executive else None
    return actions.create_council(SYSTEM, org, founded_on=FOUNDED, executive=member)


def councillor(c: Council, name: str = "林理事", *, member: bool = True, post: int = 0,
               confirmed: bool = True) -> Councillor:  # fmt: skip
    person = make_person(c.organization, name, Category.FULL if member else Category.RESIDENT)
    kind = CouncillorKind.MEMBER_NO_POST if member else CouncillorKind.CRAFTSMAN
    made = actions.volunteer(SYSTEM, c, c.posts.order_by("pk")[post], kind=kind, person=person, applied_on=FOUNDED)
    return actions.confirm(SYSTEM, made, FOUNDED) if confirmed else made


def register(org: Organization, count: int, grid_name: str = "一组") -> list[Household]:
    grid = Grid.objects.filter(organization=org, name=grid_name).first() or households.create_grid(
        SYSTEM, org, name=grid_name, responsible="网格员"
    )
    return [households.add_household(SYSTEM, grid, head_name=f"{grid_name}农户{i + 1}") for i in range(count)]  # fmt: skip

"""Duty test data: village cadres (people with a current post in the village)."""

from __future__ import annotations

import datetime as dt

from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.people import actions as people_actions
from jiceng.people.models import Person
from jiceng.people.rules import PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

D = dt.date
TOOK_UP = D(2021, 1, 15)


def cadre(org: Organization, name: str, title: str = PartyTitle.SECRETARY, start: dt.date = TOOK_UP) -> Person:
    person = make_person(org, name)
    people_actions.add_post(SYSTEM, person, body=PostBody.PARTY, title=title, start_on=start)
    return person

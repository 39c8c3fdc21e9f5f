"""Assistance test data: township organ cadres, village members, 贫困党员 in the ledger and
their 一带一 pairs, through the real actions."""

from __future__ import annotations

import datetime as dt

from jiceng.assistance import actions
from jiceng.assistance.models import Pairing, PoorMember
from jiceng.assistance.rules import PairKind
from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person

D = dt.date
START = D(2024, 1, 2)
TODAY = D(2024, 12, 31)


def organ(town: Organization, name: str = "乡干部") -> Person:
    """A member on the township organ's staff (机关党员, a 党员干部)."""
    return make_person(town, name)


def poor(town: Organization, village: Organization, name: str = "贫困甲") -> PoorMember:
    return actions.add_poor_member(SYSTEM, town, make_person(village, name), since=START, situation="因病致贫",
                                   today=TODAY)  # fmt: skip


def pair(town: Organization, helper: Person, entry: PoorMember, on: dt.date = START) -> Pairing:
    return actions.create_pairing(SYSTEM, town, kind=PairKind.ONE_TO_ONE, helper=helper, poor=entry, started_on=on,
                                  today=TODAY)  # fmt: skip

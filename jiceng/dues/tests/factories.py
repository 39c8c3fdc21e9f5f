"""Dues test data: members with a base, payments for months."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.dues import actions
from jiceng.dues.models import DuesBase, Payment
from jiceng.dues.rules import Kind
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person

D = dt.date
TODAY = D(2024, 12, 15)
JANUARY = D(2024, 1, 1)
_ids = iter(range(1, 10_000))


def member(org: Organization, name: str = "", *, income: int = 400_000, kind: str = Kind.SALARY,
           since: dt.date = JANUARY, **extra: Any) -> Person:  # fmt: skip
    """A full member of `org` with a base from `since` (default 4 000 元 a month: 40.00 元)."""
    person = make_person(org, name or f"党员{next(_ids)}")
    base(person, since, kind, income=income if kind in (Kind.SALARY, Kind.RETIREE) else None, **extra)
    return person


def base(person: Person, since: dt.date, kind: str = Kind.SALARY, **extra: Any) -> DuesBase:
    return actions.set_base(SYSTEM, person, since, kind, **extra)


def pay(person: Person, first: dt.date, count: int = 1, **extra: Any) -> list[Payment]:
    extra.setdefault("paid_on", min(first, TODAY))
    extra.setdefault("today", TODAY)
    return actions.record_payment(SYSTEM, person, first, count=count, **extra)

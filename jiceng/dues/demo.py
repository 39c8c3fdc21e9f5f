"""Demo 党费 for the demo village (registered with `core.registry`): every member a farmer member
at 1 元 a month from January, each quarter paid at the branch meeting's day; one member stopped
paying six months ago, so the secretary's home page and the arrears list show them. The summary's
rollup is built last, over the whole demo county, so that its first reader does not build it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM
from jiceng.people.models import Person
from jiceng.people.rules import MEMBER_CATEGORIES

from . import actions, rollup, rules


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    _seed_village(today, progress)
    rollup.rebuild()


def _seed_village(today: dt.date, progress: Callable[[str], None]) -> None:
    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None or today.month < 8:
        return  # six unpaid months need a year that has run that long
    org = secretary.organization
    members = list(Person.objects.filter(organization=org, category__in=MEMBER_CATEGORIES).order_by("name", "pk"))
    if not members:
        return
    january, last = dt.date(today.year, 1, 1), today.month - 1  # the months due so far
    with transaction.atomic():
        for i, person in enumerate(members):
            actions.set_base(SYSTEM, person, january, rules.Kind.FARMER, fixed=100)
            paid_up_to = last - 6 if i == 0 else last  # the first member stopped six months ago
            for first in range(1, paid_up_to + 1, 3):
                count = min(3, paid_up_to - first + 1)
                paid_on = dt.date(today.year, first, 10) + dt.timedelta(days=31 * (count - 1))
                actions.record_payment(SYSTEM, person, dt.date(today.year, first, 1), paid_on=paid_on, count=count,
                                       receipt=f"{today.year}-{i + 1:03d}-{first:02d}", today=today)  # fmt: skip
    progress(f"{org.name}：党费 {len(members)} 名党员，1 名连续 6 个月未交")

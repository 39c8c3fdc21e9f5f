"""Reading duty: the village cadres, the rota by weekday, a month's log and its gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jiceng.core.calendar import load_calendar
from jiceng.organizations.models import Organization
from jiceng.people.models import Person, Post

from . import rules
from .models import DutyEntry, DutySlot


def cadres(org: Organization, on: dt.date) -> list[Person]:
    """People holding a post in the village on `on` (支委会, 村委会, 村务监督委员会)."""
    ids = Post.objects.current_on(on).filter(organization=org).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("name_pinyin", "pk"))


@dataclass(frozen=True)
class RotaDay:
    weekday: int
    label: str
    people: list[Person]


def rota(org: Organization) -> list[RotaDay]:
    slots = (
        DutySlot.objects.filter(organization=org)
        .select_related("person")
        .order_by("weekday", "person__name_pinyin", "person_id")
    )
    by_day: dict[int, list[Person]] = {d: [] for d in range(7)}
    for slot in slots:
        by_day[slot.weekday].append(slot.person)
    return [RotaDay(d, rules.WEEKDAYS[d], by_day[d]) for d in range(7)]


def month(org: Organization, year: int, number: int, today: dt.date) -> tuple[list[DutyEntry], list[dt.date]]:
    """The month's log entries and its gaps (working days on the rota without a log)."""
    start, end = rules.month_bounds(year, number)
    entries = list(DutyEntry.objects.filter(organization=org, on__gte=start, on__lte=end)
                   .select_related("person", "created_by").order_by("on", "pk"))  # fmt: skip
    days = set(DutySlot.objects.filter(organization=org).values_list("weekday", flat=True))
    calendar = load_calendar(org.path)
    gaps = rules.gaps(start, end, days, {e.on for e in entries}, calendar.is_business_day, today)
    return entries, gaps

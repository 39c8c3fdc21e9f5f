"""What the dues app measures for assessments (`core.registry` metrics, issue 16.1): the share
of the dues owed in a period that was paid on time (by the end of the month it is for; 党费
“按月交纳”), from the bases and payments recorded. Months with a recorded reason (少交或免交
approved, an excuse) owe nothing. Records: the members with a month owed not paid on time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from jiceng.core.access import common_root, subtrees_of
from jiceng.core.registry import Metric, MetricValue, register_metric
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import queries, rules
from .models import Excuse, Payment


def _month_end(month: dt.date) -> dt.date:
    return rules.add_months(month, 1) - dt.timedelta(days=1)


def on_time(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Months owed in the period (ended by its end) paid within the month, in %."""
    return _value(_tally(queries.members_of(org), start, end).items())


def on_time_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    """`on_time` for many organizations at once: one pass over the members under them all."""
    if not orgs:
        return {}
    people = Person.objects.filter(org_path__startswith=common_root(o.path for o in orgs)).members()
    tally = _tally(people, start, end)
    under = subtrees_of(o.path for o in orgs)
    by_path: dict[str, list[tuple[int, Tally]]] = {o.path: [] for o in orgs}
    for pk, path in people.order_by().values_list("pk", "org_path"):
        for owner in under(path):
            if pk in tally:
                by_path[owner].append((pk, tally[pk]))
    return {o.pk: _value(by_path[o.path]) for o in orgs}


def person_on_time(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """The member's own months owed in the period paid within the month, in %."""
    return _value(_tally(Person.objects.filter(pk=person.pk), start, end).items())


Tally = tuple[int, int]  # months owed, paid on time


def _tally(people: QuerySet[Person], start: dt.date, end: dt.date) -> dict[int, Tally]:
    """Per person of `people` with a base: months owed in the period and how many were paid on
    time. Payments exist only for months with a base in force (`actions.record_payment`), so a
    member without a reason recorded and without an exempted base has as many months paid on
    time as the database counts; the others are counted month by month."""
    first, last = rules.month_start(start), rules.add_months(rules.month_start(end + dt.timedelta(days=1)), -1)
    months = rules.months(first, last)
    ids = people.order_by().values("pk")
    bases = queries.dues_by_person(ids, last)
    excused: dict[int, set[dt.date]] = defaultdict(set)
    for e in Excuse.objects.filter(person_id__in=ids, last_month__gte=first, first_month__lte=last):
        excused[e.person_id].update(rules.months(e.first_month, e.last_month))
    payments = Payment.objects.filter(person_id__in=ids, month__gte=first, month__lte=last).order_by()
    on_time = payments.filter(month__gte=TruncMonth("paid_on"))
    good_by = dict(on_time.values_list("person_id").annotate(n=Count("pk")).values_list("person_id", "n"))
    special = set(excused) | {pk for pk, own in bases.items() if any(due == 0 for _, due in own)}
    detail: dict[tuple[int, dt.date], bool] = {}
    if special:
        for pk, month, paid_on in payments.filter(person_id__in=special).values_list("person_id", "month", "paid_on"):
            detail[pk, month] = paid_on <= _month_end(month)
    out: dict[int, Tally] = {}
    for pk, own in bases.items():
        owed_months = queries.owed_in(own, months)
        if pk not in special:
            out[pk] = (len(owed_months), good_by.get(pk, 0))
            continue
        owed = [m for m in owed_months if m not in excused.get(pk, ())]
        out[pk] = (len(owed), sum(1 for m in owed if detail.get((pk, m))))
    return out


def _value(tallies: Iterable[tuple[int, Tally]]) -> MetricValue:
    """The share paid on time; the records are the members with a month owed not paid on time."""
    owed = good = 0
    short: list[str] = []
    for pk, (o, g) in tallies:
        owed, good = owed + o, good + g
        if g < o:
            short.append(f"people.person:{pk}")
    value = round(100 * good / owed, 1) if owed else None
    return MetricValue(value, sorted(short), f"应交{owed}人月，按时交纳{good}人月")


def register() -> None:
    register_metric(Metric("dues.on_time", "党费按时交纳率", "%", "organization", on_time, app="dues",
                           description=on_time.__doc__ or "", compute_many=on_time_many))  # fmt: skip
    register_metric(Metric("dues.person_on_time", "本人党费按时交纳率", "%", "person", person_on_time, app="dues",
                           description=person_on_time.__doc__ or ""))  # fmt: skip

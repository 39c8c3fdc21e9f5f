"""What the dues app measures for assessments (`core.registry` metrics, issue 16.1): the share
of the dues owed in a period that was paid on time (by the end of the month it is for; 党费
“按月交纳”), from the bases and payments recorded (`queries.owed_months`). Months with a
recorded reason (少交或免交 approved, an excuse) owe nothing. Records: the payments."""

from __future__ import annotations

import datetime as dt

from jiceng.core.registry import Metric, MetricValue, register_metric
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import queries, rules
from .models import Excuse, Payment


def _month_end(month: dt.date) -> dt.date:
    return rules.add_months(month, 1) - dt.timedelta(days=1)


def on_time(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Months owed in the period (ended by its end) paid within the month, in %."""
    return _on_time(list(queries.members_of(org).values_list("pk", flat=True)), start, end)


def person_on_time(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """The member's own months owed in the period paid within the month, in %."""
    return _on_time([person.pk], start, end)


def _on_time(ids: list[int], start: dt.date, end: dt.date) -> MetricValue:
    first, last = rules.month_start(start), rules.add_months(rules.month_start(end + dt.timedelta(days=1)), -1)
    bases = queries.bases_by_person(ids, last)
    excused: dict[int, set[dt.date]] = {}
    for e in Excuse.objects.filter(person_id__in=ids, last_month__gte=first, first_month__lte=last):
        excused.setdefault(e.person_id, set()).update(rules.months(e.first_month, e.last_month))
    paid = {(p.person_id, p.month): p for p in Payment.objects.filter(person_id__in=ids, month__gte=first,
                                                                        month__lte=last)}  # fmt: skip
    owed = good = 0
    refs: list[str] = []
    for pk in ids:
        if pk not in bases:
            continue
        for month in queries.owed_months(bases[pk], first, last):
            if month in excused.get(pk, set()):
                continue
            owed += 1
            payment = paid.get((pk, month))
            if payment is not None:
                refs.append(f"dues.payment:{payment.pk}")
                good += payment.paid_on <= _month_end(month)
    value = round(100 * good / owed, 1) if owed else None
    return MetricValue(value, sorted(refs), f"应交{owed}人月，按时交纳{good}人月")


def register() -> None:
    register_metric(Metric("dues.on_time", "党费按时交纳率", "%", "organization", on_time, app="dues",
                           description=on_time.__doc__ or ""))  # fmt: skip
    register_metric(Metric("dues.person_on_time", "本人党费按时交纳率", "%", "person", person_on_time, app="dues",
                           description=person_on_time.__doc__ or ""))  # fmt: skip

"""What the training app measures for assessments (`core.registry` metrics, issue 16.1): a
person's 学时 (`queries.totals`, both sources) and the share of an organization's members meeting
the yearly requirement (32 h, 56 h for secretaries and committee members: `queries.year_rows`,
党员教育管理工作条例 第十四条). Records: the sessions and the meetings counted."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from jiceng.core.registry import Metric, MetricValue, register_metric
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import queries


def _sources(people: QuerySet[Person], start: dt.date, end: dt.date) -> list[str]:
    sessions = queries._participations(start, end, None).filter(person__in=people)
    meetings = queries._attendances(start, end, None).filter(person__in=people)
    return sorted({f"training.session:{pk}" for pk in sessions.values_list("session_id", flat=True)}
                  | {f"meetings.meeting:{pk}" for pk in meetings.values_list("meeting_id", flat=True)})  # fmt: skip


def hours(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """The person's 学时 in the period (sessions and credited meetings)."""
    people = Person.objects.filter(pk=person.pk)
    total = queries.totals(people, start, end)[person.pk]
    return MetricValue(float(total), _sources(people, start, end))


def requirement_met(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Members of `org`'s subtree with the year's 学时 requirement met (32 h, cadres 56 h), in %;
    the records are the members still short."""
    rows = queries.year_rows(org, start.year, today=end)
    met = sum(1 for row in rows if row.short <= 0)
    short = [f"people.person:{row.person.pk}" for row in rows if row.short > 0]
    value = round(100 * met / len(rows), 1) if rows else None
    return MetricValue(value, short, f"{len(rows)}名党员中{met}名学时达标")


def register() -> None:
    register_metric(Metric("training.hours", "培训学时", "小时", "person", hours, app="training",
                           description=hours.__doc__ or ""))  # fmt: skip
    register_metric(Metric("training.requirement_met", "党员学时达标率", "%", "organization", requirement_met,
                           app="training", description=requirement_met.__doc__ or ""))  # fmt: skip

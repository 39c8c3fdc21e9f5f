"""What the training app measures for assessments (`core.registry` metrics, issue 16.1): a
person's 学时 (`queries.totals`, both sources) and the share of an organization's members meeting
the yearly requirement (32 h, 56 h for secretaries and committee members: `queries.year_rows`,
党员教育管理工作条例 第十四条). Records: the sessions and the meetings counted."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from jiceng.core.access import common_root, subtrees_of
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
    return _met(queries.standing_under(org.path, start.year, today=end))


def requirement_met_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    """`requirement_met` for many organizations at once: one pass over the members under them all."""
    if not orgs:
        return {}
    under = subtrees_of(o.path for o in orgs)
    by_path: dict[str, list[tuple[int, str, bool]]] = {o.path: [] for o in orgs}
    for row in queries.standing_under(common_root(o.path for o in orgs), start.year, today=end):
        for owner in under(row[1]):
            by_path[owner].append(row)
    return {o.pk: _met(by_path[o.path]) for o in orgs}


def _met(rows: list[tuple[int, str, bool]]) -> MetricValue:
    met = sum(1 for _, _, ok in rows if ok)
    short = [f"people.person:{pk}" for pk, _, ok in sorted(rows, key=lambda r: (r[1], r[0])) if not ok]
    value = round(100 * met / len(rows), 1) if rows else None
    return MetricValue(value, short, f"{len(rows)}名党员中{met}名学时达标")


def register() -> None:
    register_metric(Metric("training.hours", "培训学时", "小时", "person", hours, app="training",
                           description=hours.__doc__ or ""))  # fmt: skip
    register_metric(Metric("training.requirement_met", "党员学时达标率", "%", "organization", requirement_met,
                           app="training", description=requirement_met.__doc__ or "",
                           compute_many=requirement_met_many))  # fmt: skip

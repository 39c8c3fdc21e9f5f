"""What the development app measures for assessments (`core.registry` metrics, issue 16.1):
members admitted (支部大会 通过, 《细则》第二十九条) and activists set (the step reached, from the
file's history) in a period, for an organization (the year's development plan compared in the
目标责任书) or a person as 入党介绍人 / 培养联系人 (seed 004 五联). Records: the files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from jiceng.core.access import common_root, subtrees_of
from jiceng.core.models import CaseEvent
from jiceng.core.registry import Metric, MetricValue, register_metric
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from .models import File


def _value(ids: list[int]) -> MetricValue:
    ids = sorted(set(ids))
    return MetricValue(len(ids), [f"development.file:{pk}" for pk in ids])


def _became_activist(files: QuerySet[File], start: dt.date, end: dt.date) -> list[int]:
    events = CaseEvent.objects.filter(case_type=File.case_type(), case_id__in=files.values("pk"),
                                      to_state="activist", on__gte=start, on__lte=end)  # fmt: skip
    return list(events.values_list("case_id", flat=True))


def admitted(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """People admitted as probationary members by the branch meeting in the period, a count."""
    files = File.objects.filter(org_path__startswith=org.path, admitted_on__gte=start, admitted_on__lte=end)
    return _value(list(files.values_list("pk", flat=True)))


def activists(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Applicants set as 入党积极分子 in the period, a count."""
    return _value(_became_activist(File.objects.filter(org_path__startswith=org.path), start, end))


def _many(orgs: list[Organization], rows: list[tuple[str, int]]) -> dict[int, MetricValue]:
    """(path, file) rows: each organization's count of the files under it."""
    under = subtrees_of(o.path for o in orgs)
    ids: dict[str, list[int]] = {o.path: [] for o in orgs}
    for path, pk in rows:
        for owner in under(path):
            ids[owner].append(pk)
    return {o.pk: _value(ids[o.path]) for o in orgs}


def admitted_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    files = File.objects.filter(org_path__startswith=common_root(o.path for o in orgs), admitted_on__gte=start,
                                admitted_on__lte=end)  # fmt: skip
    return _many(orgs, list(files.order_by().values_list("org_path", "pk")))


def activists_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    files = File.objects.filter(org_path__startswith=common_root(o.path for o in orgs))
    path_of = dict(files.order_by().values_list("pk", "org_path"))
    return _many(orgs, [(path_of[pk], pk) for pk in _became_activist(files, start, end)])


def introduced(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """Members admitted in the period with the person as an 入党介绍人, a count."""
    files = File.objects.filter(introducers=person, admitted_on__gte=start, admitted_on__lte=end)
    return _value(list(files.values_list("pk", flat=True)))


def cultivated(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """Activists set in the period with the person as a 培养联系人, a count."""
    return _value(_became_activist(File.objects.filter(contacts=person), start, end))


def _per_person(people: list[Person], rows: Any) -> dict[int, MetricValue]:
    """(person, file) rows: each person's count of their files."""
    ids: dict[int, list[int]] = {p.pk: [] for p in people}
    for person_id, file_id in rows:
        ids[person_id].append(file_id)
    return {pk: _value(files) for pk, files in ids.items()}


def introduced_many(people: list[Person], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    through = File.introducers.through.objects
    links = through.filter(person_id__in=[p.pk for p in people], file__admitted_on__gte=start,
                           file__admitted_on__lte=end)  # fmt: skip
    return _per_person(people, links.values_list("person_id", "file_id"))


def cultivated_many(people: list[Person], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    links = File.contacts.through.objects.filter(person_id__in=[p.pk for p in people])
    became = set(_became_activist(File.objects.filter(pk__in=links.values("file_id")), start, end))
    return _per_person(people, [(pk, f) for pk, f in links.values_list("person_id", "file_id") if f in became])


def register() -> None:
    many: dict[str, Any] = {
        "development.admitted": admitted_many,
        "development.activists": activists_many,
        "development.introduced": introduced_many,
        "development.cultivated": cultivated_many,
    }
    for key, label, unit, subject, compute in (
        ("development.admitted", "发展党员数", "人", "organization", admitted),
        ("development.activists", "确定入党积极分子数", "人", "organization", activists),
        ("development.introduced", "介绍发展党员数", "人", "person", introduced),
        ("development.cultivated", "培养入党积极分子数", "人", "person", cultivated),
    ):
        register_metric(Metric(key, label, unit, subject, compute, app="development",
                               description=compute.__doc__ or "", compute_many=many.get(key)))  # fmt: skip

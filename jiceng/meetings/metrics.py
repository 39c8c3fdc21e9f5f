"""What the meetings app measures for assessments (`core.registry` metrics, issue 16.1).

Each figure comes with the meetings behind it (refs "meetings.meeting:pk"), so a score drills
down to the meetings counted. The rules are the app's own (`services.compliance`,
`rules.attendance_rate`); nothing here counts logins or check-ins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q

from jiceng.core.access import common_root, subtrees_of
from jiceng.core.registry import Metric, MetricValue, register_metric
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules, services
from .models import Attendance, Meeting, VillageReport
from .rules import Kind, Status

MEETING = "meetings.meeting"


def _held(start: dt.date, end: dt.date) -> Q:
    return Q(meeting__status=Status.HELD, meeting__held_on__gte=start, meeting__held_on__lte=end)


def _refs(ids: Iterable[int]) -> list[str]:
    return [f"{MEETING}:{pk}" for pk in sorted(set(ids))]


def _held_meetings(path: str, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    held = Meeting.objects.filter(org_path__startswith=path, status=Status.HELD, held_on__gte=start,
                                  held_on__lte=end).exclude(kind__in=rules.TOWNSHIP_KINDS)  # fmt: skip
    return list(held.order_by().values_list("org_path", "pk"))


def _compliance(rows: list[services.BranchCompliance], held: Iterable[int]) -> MetricValue:
    owed = sum(k.owed for row in rows for k in row.kinds)
    met = sum(k.met for row in rows for k in row.kinds)
    behind = [f"{k.label}：{'、'.join(k.behind)}" for row in rows for k in row.kinds if k.behind]
    value = round(100 * met / owed, 1) if owed else None
    return MetricValue(value, _refs(held), "；".join(behind)[:300])


def compliance(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Periods met of the 三会一课 requirements judged by `end` (the year of `start`), in %."""
    rows = services.compliance(org, start.year, as_of=end + dt.timedelta(days=1))
    return _compliance(rows, (pk for _, pk in _held_meetings(org.path, start, end)))


def compliance_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    """`compliance` for many organizations: the branches under their common root judged once."""
    root = Organization.objects.filter(path=common_root(o.path for o in orgs)).first() if orgs else None
    if root is None:
        return {o.pk: compliance(o, start, end) for o in orgs}
    under = subtrees_of(o.path for o in orgs)
    rows: dict[str, list[services.BranchCompliance]] = {o.path: [] for o in orgs}
    for row in services.compliance(root, start.year, as_of=end + dt.timedelta(days=1)):
        for owner in under(row.path):
            rows[owner].append(row)
    held: dict[str, list[int]] = {o.path: [] for o in orgs}
    for path, pk in _held_meetings(root.path, start, end):
        for owner in under(path):
            held[owner].append(pk)
    return {o.pk: _compliance(rows[o.path], held[o.path]) for o in orgs}


def _grouped(orgs: list[Organization], rows: Iterable[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows whose first item is a tree path, listed under each of `orgs` they lie under."""
    under = subtrees_of(o.path for o in orgs)
    out: dict[str, list[tuple[Any, ...]]] = {o.path: [] for o in orgs}
    for row in rows:
        for owner in under(row[0]):
            out[owner].append(row)
    return out


def _rate(rows: list[tuple[Any, ...]]) -> MetricValue:
    """(path, presence, meeting) rows: the attendance rate and the meetings."""
    came = sum(1 for _, presence, _ in rows if presence in rules.ATTENDED)
    return MetricValue(rules.attendance_rate(len(rows), came), _refs(m for _, _, m in rows))


def attendance(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Attendance of the meetings held by `org`'s subtree (出席、迟到、早退 count as attended), in %."""
    return attendance_many([org], start, end)[org.pk]


def attendance_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    rows = Attendance.objects.filter(_held(start, end), meeting__org_path__startswith=common_root(o.path for o in orgs))
    grouped = _grouped(orgs, rows.order_by().values_list("meeting__org_path", "presence", "meeting_id"))
    return {o.pk: _rate(grouped[o.path]) for o in orgs}


def person_attendance(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """The person's attendance of the meetings held they were invited to, in %."""
    rows = Attendance.objects.filter(Q(meeting__status=Status.HELD, meeting__held_on__gte=start,
                                       meeting__held_on__lte=end), person=person)  # fmt: skip
    counts = rows.aggregate(invited=Count("pk"), came=Count("pk", filter=Q(presence__in=rules.ATTENDED)))
    return MetricValue(rules.attendance_rate(counts["invited"], counts["came"]),
                       _refs(rows.values_list("meeting_id", flat=True)))  # fmt: skip


def _regular(start: dt.date, end: dt.date) -> Q:
    return _held(start, end) & Q(meeting__kind=Kind.REGULAR)


def regular_attendance(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """例会 attendance of the village's cadres (seed 004: 是否按时参加例会), in %."""
    return regular_attendance_many([org], start, end)[org.pk]


def regular_attendance_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    root = common_root(o.path for o in orgs)
    rows = Attendance.objects.filter(_regular(start, end), person__org_path__startswith=root)
    grouped = _grouped(orgs, rows.order_by().values_list("person__org_path", "presence", "meeting_id"))
    return {o.pk: _rate(grouped[o.path]) for o in orgs}


def _reports(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[str, list[tuple[Any, ...]]]:
    rows = VillageReport.objects.filter(_regular(start, end),
                                        organization__path__startswith=common_root(o.path for o in orgs))  # fmt: skip
    return _grouped(orgs, rows.order_by().values_list("organization__path", "quality", "meeting_id"))


def regular_reports(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Reports the village gave at 例会 (seed 004: 在例会中工作汇报的表现情况), a count."""
    return regular_reports_many([org], start, end)[org.pk]


def regular_reports_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    grouped = _reports(orgs, start, end)
    return {o.pk: MetricValue(len(grouped[o.path]), _refs(m for _, _, m in grouped[o.path])) for o in orgs}


def regular_quality(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """The mean rated quality of the village's 例会 reports (4 好 … 1 差)."""
    return regular_quality_many([org], start, end)[org.pk]


def regular_quality_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    out = {}
    grouped = _reports(orgs, start, end)
    for o in orgs:
        values = [(q, m) for _, q, m in grouped[o.path] if q is not None]
        mean = round(sum(q for q, _ in values) / len(values), 2) if values else None
        out[o.pk] = MetricValue(mean, _refs(m for _, m in values))
    return out


def lessons_led(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """党课 held at the person's organization with the person as its 负责领导 (seed 004 五联: 支部书记
    每年上一次党课), a count; the meeting records name the leader, so the name is compared."""
    own = [person.org_path[:end] for end in range(4, len(person.org_path) + 1, 4)]  # their organization and above
    rows = Meeting.objects.filter(kind=Kind.LESSON, status=Status.HELD, held_on__gte=start, held_on__lte=end,
                                  org_path__in=own, leader=person.name)  # fmt: skip
    ids = list(rows.values_list("pk", flat=True))
    return MetricValue(len(ids), _refs(ids))


def lessons_led_many(people: list[Person], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    owns = {p.pk: {p.org_path[:n] for n in range(4, len(p.org_path) + 1, 4)} for p in people}
    paths, names = set().union(*owns.values()), {p.name for p in people}
    rows = Meeting.objects.filter(kind=Kind.LESSON, status=Status.HELD, held_on__gte=start, held_on__lte=end,
                                  org_path__in=paths, leader__in=names)  # fmt: skip
    held = list(rows.values_list("pk", "org_path", "leader"))
    out = {}
    for p in people:
        ids = sorted(pk for pk, path, leader in held if leader == p.name and path in owns[p.pk])
        out[p.pk] = MetricValue(len(ids), _refs(ids))
    return out


def register() -> None:
    many: dict[str, Any] = {"meetings.lessons_led": lessons_led_many,
                            "meetings.compliance": compliance_many, "meetings.attendance": attendance_many,
                            "meetings.regular_attendance": regular_attendance_many,
                            "meetings.regular_reports": regular_reports_many,
                            "meetings.regular_quality": regular_quality_many}  # fmt: skip
    for key, label, unit, subject, compute in (
        ("meetings.compliance", "三会一课按期召开率", "%", "organization", compliance),
        ("meetings.attendance", "会议出席率", "%", "organization", attendance),
        ("meetings.regular_attendance", "例会出席率", "%", "organization", regular_attendance),
        ("meetings.regular_reports", "例会工作汇报次数", "次", "organization", regular_reports),
        ("meetings.regular_quality", "例会汇报质量（4好—1差）", "分", "organization", regular_quality),
        ("meetings.person_attendance", "本人会议出席率", "%", "person", person_attendance),
        ("meetings.lessons_led", "讲党课次数", "次", "person", lessons_led),
    ):
        register_metric(Metric(key, label, unit, subject, compute, app="meetings", description=compute.__doc__ or "",
                               compute_many=many.get(key)))  # fmt: skip

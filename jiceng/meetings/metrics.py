"""What the meetings app measures for assessments (`core.registry` metrics, issue 16.1).

Each figure comes with the meetings behind it (refs "meetings.meeting:pk"), so a score drills
down to the meetings counted. The rules are the app's own (`services.compliance`,
`rules.attendance_rate`); nothing here counts logins or check-ins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q

from jiceng.core.registry import Metric, MetricValue, register_metric
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules, services
from .models import Attendance, Meeting, VillageReport
from .rules import Kind, Status

MEETING = "meetings.meeting"


def _held(org: Organization, start: dt.date, end: dt.date) -> Q:
    return Q(meeting__status=Status.HELD, meeting__held_on__gte=start, meeting__held_on__lte=end)


def _refs(ids: Iterable[int]) -> list[str]:
    return [f"{MEETING}:{pk}" for pk in sorted(set(ids))]


def compliance(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Periods met of the 三会一课 requirements judged by `end` (the year of `start`), in %."""
    rows = services.compliance(org, start.year, as_of=end + dt.timedelta(days=1))
    owed = sum(k.owed for row in rows for k in row.kinds)
    met = sum(k.met for row in rows for k in row.kinds)
    held = Meeting.objects.filter(org_path__startswith=org.path, status=Status.HELD, held_on__gte=start,
                                  held_on__lte=end).exclude(kind__in=rules.TOWNSHIP_KINDS)  # fmt: skip
    behind = [f"{k.label}：{'、'.join(k.behind)}" for row in rows for k in row.kinds if k.behind]
    value = round(100 * met / owed, 1) if owed else None
    return MetricValue(value, _refs(held.values_list("pk", flat=True)), "；".join(behind)[:300])


def attendance(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Attendance of the meetings held by `org`'s subtree (出席、迟到、早退 count as attended), in %."""
    rows = Attendance.objects.filter(_held(org, start, end), meeting__org_path__startswith=org.path)
    counts = rows.aggregate(invited=Count("pk"), came=Count("pk", filter=Q(presence__in=rules.ATTENDED)))
    return MetricValue(rules.attendance_rate(counts["invited"], counts["came"]),
                       _refs(rows.values_list("meeting_id", flat=True)))  # fmt: skip


def person_attendance(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """The person's attendance of the meetings held they were invited to, in %."""
    rows = Attendance.objects.filter(Q(meeting__status=Status.HELD, meeting__held_on__gte=start,
                                       meeting__held_on__lte=end), person=person)  # fmt: skip
    counts = rows.aggregate(invited=Count("pk"), came=Count("pk", filter=Q(presence__in=rules.ATTENDED)))
    return MetricValue(rules.attendance_rate(counts["invited"], counts["came"]),
                       _refs(rows.values_list("meeting_id", flat=True)))  # fmt: skip


def _regular(org: Organization, start: dt.date, end: dt.date) -> Q:
    return _held(org, start, end) & Q(meeting__kind=Kind.REGULAR)


def regular_attendance(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """例会 attendance of the village's cadres (seed 004: 是否按时参加例会), in %."""
    rows = Attendance.objects.filter(_regular(org, start, end), person__org_path__startswith=org.path)
    counts = rows.aggregate(invited=Count("pk"), came=Count("pk", filter=Q(presence__in=rules.ATTENDED)))
    return MetricValue(rules.attendance_rate(counts["invited"], counts["came"]),
                       _refs(rows.values_list("meeting_id", flat=True)))  # fmt: skip


def regular_reports(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Reports the village gave at 例会 (seed 004: 在例会中工作汇报的表现情况), a count."""
    rows = VillageReport.objects.filter(_regular(org, start, end), organization__path__startswith=org.path)
    return MetricValue(rows.count(), _refs(rows.values_list("meeting_id", flat=True)))


def regular_quality(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """The mean rated quality of the village's 例会 reports (4 好 … 1 差)."""
    rows = VillageReport.objects.filter(_regular(org, start, end), organization__path__startswith=org.path,
                                        quality__isnull=False)  # fmt: skip
    values: list[tuple[int, int]] = list(rows.values_list("quality", "meeting_id"))  # type: ignore[arg-type]
    mean = round(sum(q for q, _ in values) / len(values), 2) if values else None
    return MetricValue(mean, _refs(m for _, m in values))


def lessons_led(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """党课 held at the person's organization with the person as its 负责领导 (seed 004 五联: 支部书记
    每年上一次党课), a count; the meeting records name the leader, so the name is compared."""
    own = [person.org_path[:end] for end in range(4, len(person.org_path) + 1, 4)]  # their organization and above
    rows = Meeting.objects.filter(kind=Kind.LESSON, status=Status.HELD, held_on__gte=start, held_on__lte=end,
                                  org_path__in=own, leader=person.name)  # fmt: skip
    ids = list(rows.values_list("pk", flat=True))
    return MetricValue(len(ids), _refs(ids))


def register() -> None:
    for key, label, unit, subject, compute in (
        ("meetings.compliance", "三会一课按期召开率", "%", "organization", compliance),
        ("meetings.attendance", "会议出席率", "%", "organization", attendance),
        ("meetings.regular_attendance", "例会出席率", "%", "organization", regular_attendance),
        ("meetings.regular_reports", "例会工作汇报次数", "次", "organization", regular_reports),
        ("meetings.regular_quality", "例会汇报质量（4好—1差）", "分", "organization", regular_quality),
        ("meetings.person_attendance", "本人会议出席率", "%", "person", person_attendance),
        ("meetings.lessons_led", "讲党课次数", "次", "person", lessons_led),
    ):
        register_metric(Metric(key, label, unit, subject, compute, app="meetings", description=compute.__doc__ or ""))

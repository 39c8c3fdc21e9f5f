"""What the township's pages read: the funnel by stage and village, and what is due this month."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, TextField, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Substr

from jiceng.core import engine
from jiceng.core.calendar import add_months
from jiceng.core.models import WorkflowDefinition
from jiceng.core.workflow import Definition
from jiceng.organizations.models import Organization
from jiceng.people.rules import Category

from . import flow, rules
from .models import File

# (step, step_on, reviewed_on, admitted_on, extension_months, clocks) of a file
DueFields = tuple[str, dt.date, dt.date | None, dt.date | None, int, Any]
STAGES = [Category.APPLICANT, Category.ACTIVIST, Category.CANDIDATE, Category.PROBATIONARY]


@dataclass(frozen=True)
class Due:
    label: str
    due: dt.date
    rule: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


def month_end(today: dt.date) -> dt.date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def due_of(definition: Definition, case: DueFields, until: dt.date) -> list[Due]:
    """The deadlines of an open file (its columns `case`) falling on or before `until`, overdue
    ones included: the engine's clocks, the activist's half-year review, the end of the probation."""
    step, step_on, reviewed_on, admitted_on, extension, clocks = case
    out = [Due(c.label, c.due, c.rule) for c in engine.clock_status(definition, clocks or {})
           if c.done is None and not c.paused and c.due <= until]  # fmt: skip
    rs = rules.rules_on(step_on)
    if step in flow.ACTIVIST_REVIEWS:
        since = reviewed_on or step_on
        review = rules.review_due(since, rules.rules_on(since))
        if review <= until:
            out.append(Due("入党积极分子定期考察", review, rs.cite("review")))
    if admitted_on is not None and step in flow.PROBATION:
        ends = rules.probation_end(admitted_on, extension, rules.rules_on(admitted_on))
        if ends <= until:
            out.append(Due("预备期满，讨论转正", ends, rs.cite("probation")))
    return sorted(out, key=lambda d: d.due)


def due_items(file: File, until: dt.date) -> list[Due]:
    """The deadlines of one open file falling on or before `until` (overdue ones included)."""
    case = (file.step, file.step_on, file.reviewed_on, file.admitted_on, file.extension_months, file.clocks)
    return due_of(file.definition, case, until)


def definitions(flow_ids: set[int | None]) -> dict[int | None, Definition]:
    """The parsed definition of each version id (None: the current one), in one query."""
    wanted = {i for i in flow_ids if i is not None}
    found: dict[int | None, Definition] = {
        row.pk: engine.definition_of(row) for row in WorkflowDefinition.objects.filter(pk__in=wanted)
    }
    if None in flow_ids or len(found) < len(wanted):
        found[None] = File().definition
    return found


def latest_start(months: int, until: dt.date) -> dt.date:
    """The last day `d` with add_months(d, months) <= `until` (add_months never decreases, so a
    deadline `months` after a date is due by `until` exactly when the date is on or before it)."""
    day = add_months(until, -months)
    while add_months(day + dt.timedelta(days=1), months) <= until:
        day += dt.timedelta(days=1)
    while add_months(day, months) > until:
        day -= dt.timedelta(days=1)
    return day


def running_in(clock: dict[str, Any]) -> list[str]:
    """The steps a clock runs in: from its start to the first step that stops it, in the order of
    the steps (the step test is cheap: the database reads the clocks' JSON only for those files)."""
    keys = [key for key, _, _ in flow.STEPS]
    start = keys.index(clock["from"])
    stop = min(keys.index(k) for k in clock["until"] if keys.index(k) > start)
    return keys[start:stop]


def with_due(files: QuerySet[File], until: dt.date) -> QuerySet[File]:
    """The files of `files` with a deadline on or before `until`: the same test as `due_of`, in
    SQL, so the township dashboard counts and filters a county's open files without loading them."""
    alias: dict[str, Any] = {}
    due = Q()
    for clock in flow.FLOW["clocks"]:
        key = clock["key"]
        alias[f"c_{key}_due"] = Cast(KT(f"clocks__{key}__due"), TextField())  # a string, compared as one
        alias[f"c_{key}_done"] = Coalesce(KT(f"clocks__{key}__done"), Value(""), output_field=TextField())
        alias[f"c_{key}_paused"] = Coalesce(KT(f"clocks__{key}__paused_on"), Value(""), output_field=TextField())
        # unset: missing or JSON null (PostgreSQL's ->> gives NULL, SQLite's text extraction "null")
        unset = ("", "null")
        due |= Q(step__in=running_in(clock), **{f"c_{key}_due__lte": until.isoformat(), f"c_{key}_done__in": unset,
                                                 f"c_{key}_paused__in": unset})  # fmt: skip
    rs = rules.rules_on(until)
    alias["review_since"] = Coalesce("reviewed_on", "step_on")
    due |= Q(step__in=flow.ACTIVIST_REVIEWS, review_since__lte=latest_start(rs.review_months, until))
    low, high = rs.extension_months
    for extension in (0, *range(low, high + 1)):
        since = latest_start(rs.probation_years * 12 + extension, until)
        due |= Q(step__in=flow.PROBATION, extension_months=extension, admitted_on__lte=since)
    return files.alias(**alias).filter(due)


def funnel(files: QuerySet[File]) -> tuple[list[tuple[str, str, int]], list[tuple[str, list[int]]]]:
    """(stage, label, count) over `files`, and per village branch its counts by stage."""
    rows = files.values("organization__name", "stage").annotate(n=Count("id")).order_by("organization__name")
    totals: Counter[str] = Counter()
    by_org: dict[str, Counter[str]] = {}
    for row in rows:
        totals[row["stage"]] += row["n"]
        by_org.setdefault(row["organization__name"], Counter())[row["stage"]] += row["n"]
    villages = [(name, [counts[s.value] for s in STAGES]) for name, counts in sorted(by_org.items())]
    return [(s.value, s.label, totals[s.value]) for s in STAGES], villages


def funnel_by_child(
    files: QuerySet[File], own: Organization
) -> tuple[list[tuple[str, str, int]], list[tuple[str, list[int]]]]:
    """As `funnel`, with the rows one level below `own` (a township's villages, a county's
    townships): a county dashboard has fifteen rows, not three hundred."""
    width = own.steplen * (own.depth + 1)
    rows = (files.annotate(unit=Substr("org_path", 1, width)).values("unit", "stage").annotate(n=Count("id"))
            .order_by())  # fmt: skip
    totals: Counter[str] = Counter()
    by_unit: dict[str, Counter[str]] = {}
    for row in rows:
        totals[row["stage"]] += row["n"]
        by_unit.setdefault(row["unit"], Counter())[row["stage"]] += row["n"]
    names = dict(Organization.objects.filter(path__in=list(by_unit)).values_list("path", "name"))
    units = [(names.get(unit, unit), [counts[s.value] for s in STAGES]) for unit, counts in sorted(by_unit.items())]
    return [(s.value, s.label, totals[s.value]) for s in STAGES], units

"""Development statistics (issue 13.3): the people developed in a period, by age, sex, education,
ethnicity and source tag, and how long the stages took.

"Developed" = made 预备党员 through the pipeline (the township approved, step `probationary`),
counted in the period by the 入党日期 (the day the 支部大会 admitted them, 《细则》第二十九条),
whatever happened afterwards. Ages are whole years on that day: 35岁及以下 / 35岁以上 (the party
statistics' youth line). Stage durations are medians of days between the steps' event dates:
申请 → 积极分子 → 发展对象 → 入党 (the 支部大会), and 申请 → 入党 over the whole file.
`tally` is pure (rows in, figures out); `developed` reads the rows in two queries.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from jiceng.core.access import sum_under
from jiceng.core.models import CaseEvent
from jiceng.organizations.models import Organization
from jiceng.people.rules import MAJORITY_ETHNICITIES, UNKNOWN_EDUCATION_LABEL, Education, Sex, age_on

from .models import File, FileQuerySet, Plan

YOUTH_AGE = 35  # 35岁及以下: the youth line of the party statistics
AGE_BANDS = ("35岁及以下", "35岁以上")
DURATIONS = (
    ("applicant_to_activist", "入党申请人→入党积极分子"),
    ("activist_to_candidate", "入党积极分子→发展对象"),
    ("candidate_to_member", "发展对象→预备党员"),
    ("applicant_to_member", "入党申请人→预备党员"),
)
EDUCATION_LABELS = dict(Education.choices)
SEX_LABELS = dict(Sex.choices)


@dataclass(frozen=True)
class DevRow:
    """One developed person: what the figures count."""

    birth: dt.date
    sex: str
    education: str
    ethnicity: str
    applied_on: dt.date
    admitted_on: dt.date
    activist_on: dt.date | None = None
    candidate_on: dt.date | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _days(start: dt.date | None, end: dt.date | None) -> int | None:
    return (end - start).days if start is not None and end is not None else None


def tally(rows: list[DevRow]) -> dict[str, Any]:
    """The figures of `rows` (exact counts; medians in days, None when nothing to measure)."""
    ages: Counter[str] = Counter()
    sexes: Counter[str] = Counter({label: 0 for label in SEX_LABELS.values()})
    education: Counter[str] = Counter({label: 0 for label in [*EDUCATION_LABELS.values(), UNKNOWN_EDUCATION_LABEL]})
    ethnicity: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    spans: dict[str, list[int]] = {key: [] for key, _ in DURATIONS}
    for row in rows:
        ages[AGE_BANDS[0] if age_on(row.birth, row.admitted_on) <= YOUTH_AGE else AGE_BANDS[1]] += 1
        sexes[SEX_LABELS.get(row.sex, row.sex)] += 1
        education[EDUCATION_LABELS.get(row.education, UNKNOWN_EDUCATION_LABEL)] += 1
        ethnicity[row.ethnicity or "汉族"] += 1
        tags.update(set(row.tags))
        steps = {"applicant": row.applied_on, "activist": row.activist_on, "candidate": row.candidate_on,
                 "member": row.admitted_on}  # fmt: skip
        for key, _ in DURATIONS:
            start, end = key.split("_to_")
            days = _days(steps[start], steps[end])
            if days is not None:
                spans[key].append(days)
    return {
        "total": len(rows),
        "age": {band: ages[band] for band in AGE_BANDS},
        "sex": dict(sexes),
        "education": dict(education),
        "ethnicity": dict(sorted(ethnicity.items(), key=lambda kv: (-kv[1], kv[0]))),
        "minority": sum(n for name, n in ethnicity.items() if name not in MAJORITY_ETHNICITIES),
        "durations": {key: _median(spans[key]) for key, _ in DURATIONS},
        "tags": dict(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def through_pipeline(files: QuerySet[File]) -> QuerySet[File]:
    """The files of `files` made 预备党员 through the pipeline (the township approved: the step
    `probationary` was reached), whatever happened afterwards."""
    approved = CaseEvent.objects.filter(case_type=File.case_type(), to_state="probationary").values("case_id")
    return files.filter(pk__in=approved)


def developed_rows(files: QuerySet[File], start: dt.date, end: dt.date) -> list[DevRow]:
    """The files of `files` made 预备党员 through the pipeline with 入党日期 in [start, end]."""
    case_type = File.case_type()
    chosen = (through_pipeline(files).filter(admitted_on__gte=start, admitted_on__lte=end)
              .values_list("pk", "person__birth_date", "person__sex", "person__education", "person__ethnicity",
                           "applied_on", "admitted_on", "tags"))  # fmt: skip
    found = list(chosen)
    reached: dict[tuple[int, str], dt.date] = {}
    steps = CaseEvent.objects.filter(case_type=case_type, case_id__in=[r[0] for r in found],
                                     to_state__in=("activist", "candidate")).order_by("at", "id")  # fmt: skip
    for case_id, state, on in steps.values_list("case_id", "to_state", "on"):
        reached.setdefault((case_id, state), on)  # the first time the step was reached
    return [
        DevRow(birth, sex, edu, eth, applied, admitted, reached.get((pk, "activist")), reached.get((pk, "candidate")),
               tuple(str(t) for t in (tags or [])))
        for pk, birth, sex, edu, eth, applied, admitted, tags in found
        if admitted is not None  # always, by the filter: for the type checker
    ]  # fmt: skip


def developed(files: QuerySet[File], start: dt.date, end: dt.date) -> dict[str, Any]:
    return {"start": start, "end": end, **tally(developed_rows(files, start, end))}


@dataclass(frozen=True)
class PlanRow:
    """One village's year: the township's plan, the members developed (from the files) and the
    发展对象 in the pipeline now (who could still be developed this year)."""

    org: Any
    planned: int | None
    developed: int
    candidates: int

    @property
    def short(self) -> int | None:
        return max(0, self.planned - self.developed) if self.planned is not None else None


def plan_rows(root: Organization, year: int, files: FileQuerySet) -> list[PlanRow]:
    """Every village-level organization under `root` with its plan for `year` against what
    happened (developed = made 预备党员 through the pipeline with 入党日期 in that year): 4 queries."""
    villages = list(Organization.objects.filter(path__startswith=root.path, is_village_level=True,
                                                dissolved_on__isnull=True).order_by("path"))  # fmt: skip
    plans = dict(Plan.objects.filter(org_path__startswith=root.path, year=year)
                 .values_list("organization_id", "planned"))  # fmt: skip
    done = Counter(through_pipeline(files).filter(admitted_on__year=year).values_list("org_path", flat=True))
    waiting = Counter(files.open().filter(stage="candidate").values_list("org_path", flat=True))

    return [PlanRow(v, plans.get(v.pk), sum_under(v.path, done), sum_under(v.path, waiting)) for v in villages]

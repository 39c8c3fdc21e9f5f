"""What the township's pages read: the funnel by stage and village, and what is due this month."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from jiceng.core import engine
from jiceng.people.rules import Category

from .models import File

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


def due_items(file: File, until: dt.date) -> list[Due]:
    """The deadlines of an open file falling on or before `until` (overdue ones included)."""
    out = [Due(c.label, c.due, c.rule) for c in engine.clock_status(file.definition, file.clocks or {})
           if c.done is None and not c.paused and c.due <= until]  # fmt: skip
    rs = file.rules
    if file.review_due is not None and file.review_due <= until:
        out.append(Due("入党积极分子定期考察", file.review_due, rs.cite("review")))
    ends = file.probation_ends
    if ends is not None and ends <= until and file.step not in ("confirmed",):
        out.append(Due("预备期满，讨论转正", ends, rs.cite("probation")))
    return sorted(out, key=lambda d: d.due)


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

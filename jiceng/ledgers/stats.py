"""Ledger statistics (reads only): per type, per sub-organization, per period; visit quotas.

Counting follows the items collected in the period (a cohort): of those, how many are resolved,
closed, still in progress and overdue today; the median time to resolve is over the resolved
ones (whole days from collection to resolution). Each figure is one grouped query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from jiceng.organizations.models import Organization

from . import rules
from .models import LedgerItem, LedgerType, LiaisonAssignment, Phase, Visit


@dataclass(frozen=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None

    def apply(self, items: QuerySet[LedgerItem]) -> QuerySet[LedgerItem]:
        if self.start:
            items = items.filter(collected_on__gte=self.start)
        if self.end:
            items = items.filter(collected_on__lte=self.end)
        return items

    @property
    def label(self) -> str:
        if not self.start and not self.end:
            return "全部"
        return f"{self.start or '…'} 至 {self.end or '…'}"


def _counts(today: dt.date) -> dict[str, Any]:
    return {
        "collected": Count("id"),
        "resolved": Count("id", filter=Q(phase=Phase.RESOLVED)),
        "closed": Count("id", filter=Q(phase=Phase.CLOSED)),
        "overdue": Count("id", filter=Q(phase=Phase.OPEN, deadline__lt=today)),
    }


def _median_from_histogram(histogram: dict[int, int]) -> float | None:
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:  # 0-based n-th smallest value
        seen = 0
        for value, count in ordered:
            seen += count
            if n < seen:
                return value
        raise IndexError(n)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _medians(items: QuerySet[LedgerItem], key: str | None) -> dict[Any, float | None]:
    """Median resolve days per group, from a (group, days) → count histogram: few rows on the wire."""
    resolved = items.filter(phase=Phase.RESOLVED, resolve_days__isnull=False)
    fields = [key, "resolve_days"] if key else ["resolve_days"]
    rows = resolved.values(*fields).annotate(n=Count("id")).order_by()
    histograms: dict[Any, dict[int, int]] = defaultdict(dict)
    for row in rows:
        histograms[row[key] if key else None][row["resolve_days"]] = row["n"]
    return {group: _median_from_histogram(h) for group, h in histograms.items()}


def tally(items: QuerySet[LedgerItem], today: dt.date) -> rules.Tally:
    counts = items.order_by().aggregate(**_counts(today))
    return rules.Tally(**counts, median_days=_medians(items, None).get(None))


def grouped(items: QuerySet[LedgerItem], key: str, today: dt.date) -> dict[Any, rules.Tally]:
    rows = items.values(key).annotate(**_counts(today)).order_by()
    medians = _medians(items, key)
    return {
        row[key]: rules.Tally(row["collected"], row["resolved"], row["closed"], row["overdue"], medians.get(row[key]))
        for row in rows
    }


@dataclass
class Row:
    label: str
    tally: rules.Tally
    key: Any = None


def by_type(items: QuerySet[LedgerItem], today: dt.date) -> list[Row]:
    groups = grouped(items, "ledger_type_id", today)
    types = LedgerType.objects.in_bulk(list(groups))
    return [Row(types[pk].name, t, types[pk]) for pk, t in sorted(groups.items())]


def by_child(items: QuerySet[LedgerItem], scope: Organization, today: dt.date) -> list[Row]:
    """One row per child organization of `scope` (townships of a county, villages of a township)."""
    width = len(scope.path) + scope.steplen
    keyed = items.annotate(branch=Substr("org_path", 1, width))
    groups = grouped(keyed, "branch", today)
    names = dict(Organization.objects.filter(path__in=list(groups)).values_list("path", "name"))
    own = groups.pop(scope.path[:width], None) if len(scope.path) >= width else None
    rows = [Row(names.get(path, path), t, path) for path, t in sorted(groups.items())]
    if own:
        rows.insert(0, Row(f"{scope.name}（本级）", own))
    return rows


@dataclass
class Overview:
    total: rules.Tally
    by_type: list[Row]
    by_child: list[Row]


def _merge(parts: list[Any], histogram: dict[int, int]) -> rules.Tally:
    keys = ("collected", "resolved", "closed", "overdue")
    sums = {k: sum(p[k] for p in parts) for k in keys}
    return rules.Tally(**sums, median_days=_median_from_histogram(histogram))


def overview(items: QuerySet[LedgerItem], scope: Organization, today: dt.date) -> Overview:
    """Totals, per type and per child organization from two grouped queries (type × child):
    counts, and a resolve-days histogram for the medians. Both read only the stats index."""
    width = len(scope.path) + scope.steplen
    keyed = items.annotate(branch=Substr("org_path", 1, width)).order_by()
    cells: list[Any] = list(keyed.values("ledger_type_id", "branch").annotate(**_counts(today)))
    resolved = keyed.filter(phase=Phase.RESOLVED, resolve_days__isnull=False)
    bins: Any = resolved.values("ledger_type_id", "branch", "resolve_days").annotate(n=Count("id"))
    hist: dict[tuple[str, Any], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in bins:
        for key in (("all", None), ("type", row["ledger_type_id"]), ("child", row["branch"])):
            hist[key][row["resolve_days"]] += row["n"]
    by_type: dict[int, list[Any]] = defaultdict(list)
    by_branch: dict[str, list[Any]] = defaultdict(list)
    for cell in cells:
        by_type[cell["ledger_type_id"]].append(cell)
        by_branch[cell["branch"]].append(cell)
    types = LedgerType.objects.in_bulk(list(by_type))
    names = dict(Organization.objects.filter(path__in=list(by_branch)).values_list("path", "name"))
    type_rows = [
        Row(types[pk].name, _merge(parts, hist[("type", pk)]), types[pk]) for pk, parts in sorted(by_type.items())
    ]
    child_rows = []
    for path, parts in sorted(by_branch.items()):
        label = f"{scope.name}（本级）" if len(path) < width else names.get(path, path)
        child_rows.append(Row(label, _merge(parts, hist[("child", path)]), path))
    return Overview(_merge(cells, hist[("all", None)]), type_rows, child_rows)


def sentences(rows: Iterable[Row]) -> list[str]:
    """Seed 004's summary sentence, one per ledger type."""
    return [f"{row.label}：{rules.summary_sentence(row.key.noun, row.tally)}" for row in rows]


# ---------------------------------------------------------------- visit quotas


@dataclass
class Compliance:
    assignment: LiaisonAssignment
    start: dt.date
    end: dt.date
    done: int

    @property
    def required(self) -> int:
        return self.assignment.quota_count

    @property
    def met(self) -> bool:
        return rules.quota_met(self.done, self.required)


def compliance(assignments: QuerySet[LiaisonAssignment], day: dt.date) -> list[Compliance]:
    """Visits each liaison recorded in their village in the quota period containing `day`."""
    out = []
    current = list(assignments.current_on(day).select_related("user", "organization"))  # type: ignore[attr-defined]
    widest = min((rules.period_bounds(day, a.quota_period)[0] for a in current), default=day)
    visits = (
        Visit.objects.filter(visited_on__gte=widest, visited_on__lte=day, visitor__in=[a.user_id for a in current])
        .values_list("visitor_id", "organization_id", "visited_on")
        .order_by()
    )
    seen: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    for visitor, org, on in visits:
        seen[(visitor, org)].append(on)
    for a in current:
        start, end = rules.period_bounds(day, a.quota_period)
        done = sum(1 for on in seen[(a.user_id, a.organization_id)] if start <= on <= end)
        out.append(Compliance(a, start, end, done))
    return out

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

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from jiceng.core.access import user_org
from jiceng.households.models import Visit
from jiceng.organizations.models import Organization

from . import rollup, rules
from .models import LedgerItem, LedgerTally, LedgerType, LiaisonAssignment, Phase, is_editor, is_officer


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
    sums = {k: sum(p[k] or 0 for p in parts) for k in keys}
    return rules.Tally(**sums, median_days=_median_from_histogram(histogram))


Cells = list[Any]  # dicts per (ledger_type_id, branch): collected, resolved, closed, overdue
# Resolve-days histograms: ("all", None), ("type", ledger type id), ("child", branch) → {days: count}
Histograms = dict[tuple[str, Any], dict[int, int]]


def _histograms() -> Histograms:
    return defaultdict(lambda: defaultdict(int))


def _live_parts(items: QuerySet[LedgerItem], scope: Organization, today: dt.date, hist: Histograms) -> Cells:
    """Counts per type × child counted from the items; their resolve days are added to `hist`."""
    width = len(scope.path) + scope.steplen
    keyed = items.annotate(branch=Substr("org_path", 1, width)).order_by()
    cells: Cells = list(keyed.values("ledger_type_id", "branch").annotate(**_counts(today)))
    resolved = keyed.filter(phase=Phase.RESOLVED, resolve_days__isnull=False)
    bins: Any = resolved.values("ledger_type_id", "branch", "resolve_days").annotate(n=Count("id"))
    for row in bins:
        for key in (("all", None), ("type", row["ledger_type_id"]), ("child", row["branch"])):
            hist[key][row["resolve_days"]] += row["n"]
    return cells


def _assemble(cells: Cells, hist: Histograms, scope: Organization) -> Overview:
    """Totals, per type and per child organization; the same (type, child) may come in several parts."""
    width = len(scope.path) + scope.steplen
    by_type: dict[int, list[Any]] = defaultdict(list)
    by_branch: dict[str, list[Any]] = defaultdict(list)
    for cell in cells:
        by_type[cell["ledger_type_id"]].append(cell)
        by_branch[cell["branch"]].append(cell)
    types = LedgerType.objects.only("name", "noun").in_bulk(list(by_type))
    names = dict(Organization.objects.filter(path__in=list(by_branch)).values_list("path", "name"))
    type_rows = [
        Row(types[pk].name, _merge(parts, hist[("type", pk)]), types[pk]) for pk, parts in sorted(by_type.items())
    ]
    child_rows = []
    for path, parts in sorted(by_branch.items()):
        label = f"{scope.name}（本级）" if len(path) < width else names.get(path, path)
        child_rows.append(Row(label, _merge(parts, hist[("child", path)]), path))
    return Overview(_merge(cells, hist[("all", None)]), type_rows, child_rows)


def overview(items: QuerySet[LedgerItem], scope: Organization, today: dt.date) -> Overview:
    """Totals, per type and per child organization counted from `items` (any filter) in two
    grouped queries (type × child): counts, and a resolve-days histogram for the medians."""
    hist = _histograms()
    return _assemble(_live_parts(items, scope, today, hist), hist, scope)


# ---------------------------------------------------------------- from the rollup


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Split:
    """A period cut into what the rollup answers and what is counted from the items."""

    periods: list[tuple[int, int]]  # inclusive ranges of rollup period codes (0, YYYY, YYYYMM)
    lo: dt.date | None  # the rollup covers collection dates lo ≤ d < hi (None: unbounded)
    hi: dt.date | None
    live: list[tuple[dt.date | None, dt.date | None]]  # inclusive ranges of collection dates counted live


def split_period(start: dt.date | None, end: dt.date | None, today: dt.date) -> Split:
    """Whole years and months from the rollup; the partial months at either end from the items."""
    if end is not None and end >= today:
        end = None  # nothing is collected after today (create_item refuses future dates)
    lo = None if start is None else start if start.day == 1 else _next_month(start)
    hi = None if end is None else (end + dt.timedelta(days=1)).replace(day=1)
    if lo is not None and hi is not None and lo >= hi:
        return Split([], None, None, [(start, end)] if start is None or end is None or start <= end else [])
    live: list[tuple[dt.date | None, dt.date | None]] = []
    if start is not None and lo is not None and start < lo:
        live.append((start, lo - dt.timedelta(days=1)))
    if end is not None and hi is not None and hi <= end:
        live.append((hi, end))
    return Split(_codes(lo, hi), lo, hi, live)


def _codes(lo: dt.date | None, hi: dt.date | None) -> list[tuple[int, int]]:
    if lo is None and hi is None:
        return [(0, 0)]
    first_year = None if lo is None else lo.year if lo.month == 1 else lo.year + 1
    stop_year = None if hi is None else hi.year  # years before it end before hi
    last_month = None if hi is None else (hi - dt.timedelta(days=1))
    if first_year is not None and stop_year is not None and first_year >= stop_year:
        assert lo is not None and last_month is not None
        return [(rollup.month_code(lo), rollup.month_code(last_month))]  # codes between months do not exist
    codes = [(first_year or 1, stop_year - 1 if stop_year else 9999)]
    if lo is not None and lo.month != 1:
        codes.append((rollup.month_code(lo), lo.year * 100 + 12))
    if hi is not None and last_month is not None and hi.month != 1:
        codes.append((hi.year * 100 + 1, rollup.month_code(last_month)))
    return codes


ROLLUP_SQL = """
WITH rows AS (
    SELECT path, ledger_type_id, phase, deadline_month, resolve_days, n FROM {table}
    WHERE scope = %s AND ({periods}) AND n > 0 {extra}
)
SELECT 'cell', path, ledger_type_id, -1, SUM(n), SUM(CASE WHEN phase = 'resolved' THEN n ELSE 0 END),
       SUM(CASE WHEN phase = 'closed' THEN n ELSE 0 END),
       SUM(CASE WHEN phase = 'open' AND deadline_month > 0 AND deadline_month < %s THEN n ELSE 0 END)
FROM rows GROUP BY path, ledger_type_id
UNION ALL
SELECT 'type', '', ledger_type_id, resolve_days, SUM(n), 0, 0, 0 FROM rows
WHERE phase = 'resolved' AND resolve_days >= 0 GROUP BY ledger_type_id, resolve_days
UNION ALL
SELECT 'child', path, 0, resolve_days, SUM(n), 0, 0, 0 FROM rows
WHERE phase = 'resolved' AND resolve_days >= 0 GROUP BY path, resolve_days
"""


def _rollup_parts(scope: Organization, split: Split, ledger_type_id: int | None, restricted: bool,
                  today: dt.date, hist: Histograms) -> Cells:  # fmt: skip
    """Counts per type × child from the rollup; the histograms come out summed by type and by
    child in the same statement (a few hundred rows instead of one per type × child × day).
    Raw SQL (portable): the ORM cannot group one scan three ways."""
    periods = " OR ".join(["period BETWEEN %s AND %s"] * len(split.periods))
    params: list[Any] = [scope.path, *(code for pair in split.periods for code in pair)]
    extra = ""
    if ledger_type_id:
        extra += " AND ledger_type_id = %s"
        params.append(ledger_type_id)
    if not restricted:
        extra += " AND NOT restricted"
    # Deadlines in earlier months have passed; this month's are counted from the items.
    params.append(rollup.month_code(today))
    sql = ROLLUP_SQL.format(table=connection.ops.quote_name(LedgerTally._meta.db_table), periods=periods, extra=extra)
    cells: Cells = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, path, type_id, days, n, resolved, closed, overdue in cursor.fetchall():
            if kind == "cell":
                cells.append({"ledger_type_id": type_id, "branch": path, "collected": n, "resolved": resolved,
                              "closed": closed, "overdue": overdue})  # fmt: skip
            elif kind == "type":
                hist[("type", type_id)][days] += n
                hist[("all", None)][days] += n
            else:
                hist[("child", path)][days] += n
    return cells


def _overdue_this_month(items: QuerySet[LedgerItem], scope: Organization, split: Split, today: dt.date) -> Cells:
    """Open items of the rollup's months whose deadline fell earlier this month (few: an index range)."""
    width = len(scope.path) + scope.steplen
    due = items.filter(phase=Phase.OPEN, deadline__gte=today.replace(day=1), deadline__lt=today)
    if split.lo is not None:
        due = due.filter(collected_on__gte=split.lo)
    if split.hi is not None:
        due = due.filter(collected_on__lt=split.hi)
    keyed = due.annotate(branch=Substr("org_path", 1, width)).order_by()
    rows = keyed.values("ledger_type_id", "branch").annotate(overdue=Count("id"))
    return [{**row, "collected": 0, "resolved": 0, "closed": 0} for row in rows]


def overview_for(user: Any, scope: Organization, today: dt.date, *, ledger_type_id: int | None = None,
                 period: Period | None = None) -> Overview:  # fmt: skip
    """What `user` may see of `scope` (a type, a period of collection): the same figures as
    `overview` of the visible items, read from the rollup where it can answer.

    Officers and village secretaries (who see every item of their subtree but, for secretaries,
    the restricted ledgers) read the rollup; everyone else sees few items and is counted live.
    """
    period = period or Period()
    items = LedgerItem.objects.visible_to(user).filter(org_path__startswith=scope.path)
    if ledger_type_id:
        items = items.filter(ledger_type_id=ledger_type_id)
    org = user_org(user)
    if not is_editor(user) or org is None or not scope.path.startswith(org.path):
        return overview(period.apply(items), scope, today)
    split = split_period(period.start, period.end, today)
    cells: Cells = []
    hist = _histograms()
    if split.periods:
        cells += _rollup_parts(scope, split, ledger_type_id, is_officer(user), today, hist)
        cells += _overdue_this_month(items, scope, split, today)
    for start, end in split.live:
        cells += _live_parts(Period(start, end).apply(items), scope, today, hist)
    return _assemble(cells, hist, scope)


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

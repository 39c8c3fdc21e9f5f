"""What the pages read: the boards (current and by month), the compliance dashboard, the archive."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from jiceng.core.access import sums_under
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import rules
from .actions import county_rules
from .models import FinanceLine, Publication, Status
from .rules import Mark, PeriodMark, Section


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def board_org(org_id: int) -> Organization | None:
    """The organizations with a public board: village branches and township committees."""
    org = Organization.objects.select_related("village").filter(pk=org_id, dissolved_on__isnull=True).first()
    if org is None or not (org.is_village_level or org.kind == OrgKind.TOWNSHIP_COMMITTEE):
        return None
    return org


def is_township(org: Organization) -> bool:
    return org.kind == OrgKind.TOWNSHIP_COMMITTEE


def _scope(org: Organization) -> QuerySet[Publication]:
    """A village board shows its own items; a township board its own and its villages'."""
    rows = Publication.objects.published()
    if is_township(org):
        return rows.filter(org_path__startswith=org.path)
    return rows.filter(organization=org)


BOARD_FIELDS = (
    "organization__name",
    "organization_id",
    "section",
    "category",
    "title",
    "period_start",
    "period_end",
    "published_on",
    "income_total",
    "expense_total",
)  # what the board's list shows


def board_publications(org: Organization, month: dt.date | None = None, today: dt.date | None = None, *,
                       full: bool = True) -> list[Publication]:  # fmt: skip
    """On the board today (published, not yet taken down), or those published in `month`; `full`
    with their lines and attachments (the printed board, the JSON), else the fields the list shows."""
    today = today or timezone.localdate()
    rows = _scope(org)
    if month is None:
        rows = rows.filter(published_on__lte=today, shown_until__gte=today)
    else:
        rows = rows.filter(published_on__gte=month, published_on__lte=month_end(month))
    rows = rows.select_related("organization")
    if full:
        lines = Prefetch("lines", queryset=FinanceLine.objects.order_by("kind", "position", "id"))
        rows = rows.prefetch_related(lines, "attachments")
    else:
        rows = rows.only(*BOARD_FIELDS)
    return list(rows.order_by("section", "org_path", "-published_on", "-id")[:300])


@dataclass(frozen=True)
class SectionGroup:
    key: str
    label: str
    items: list[Publication]


def grouped(items: list[Publication]) -> list[SectionGroup]:
    by: dict[str, list[Publication]] = defaultdict(list)
    for item in items:
        by[item.section].append(item)
    return [SectionGroup(s.value, s.label, by.get(s.value, [])) for s in Section]


def board_section(org: Organization, month: dt.date | None) -> dict[str, Any] | None:
    """The openness app's own section of the board (registered as "publications", first)."""
    items = board_publications(org, month, full=False)
    return {"groups": grouped(items), "count": len(items), "township": is_township(org), "org": org}


def archive_months(org: Organization, limit: int = 60) -> list[dt.date]:
    """The months in which the board had items published, newest first."""
    dates = _scope(org).dates("published_on", "month", order="DESC")
    return list(dates[:limit])


# ---------------------------------------------------------------- compliance


@dataclass(frozen=True)
class VillageRow:
    org: Organization
    marks: dict[str, list[PeriodMark]]

    @property
    def behind(self) -> list[tuple[str, PeriodMark]]:
        return [(Section(s).label, m) for s, marks in self.marks.items() for m in marks if m.behind]


@dataclass
class AreaRow:
    """One child organization (a township under the county) with its villages' marks counted."""

    org: Organization
    villages: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {m.value: 0 for m in Mark})

    @property
    def behind(self) -> int:
        return self.counts[Mark.LATE] + self.counts[Mark.MISSING]


def by_area(org: Organization, rows: list[VillageRow]) -> list[AreaRow] | None:
    """Above a township, the villages' rows counted per child organization (pick one to see its
    villages); None where the villages are the organization's own (a township or a village)."""
    if all(r.org.depth <= org.depth + 1 for r in rows):
        return None
    children = list(org.children_qs().filter(dissolved_on__isnull=True).order_by("path"))
    paths = [c.path for c in children]
    villages = sums_under(paths, Counter(r.org.path for r in rows))
    marks = {k: sums_under(paths, Counter(r.org.path for r in rows for ms in r.marks.values() for m in ms
                                          if m.mark == k)) for k in Mark.values}  # fmt: skip
    areas = [AreaRow(c, villages[c.path], {k: marks[k][c.path] for k in Mark.values}) for c in children]
    return [a for a in areas if a.villages]


def compliance(township: Organization, year: int, today: dt.date | None = None) -> list[VillageRow]:
    """Each village of `township` (or the one village) and, per section, each period of `year`
    judged on time / late / missing / not yet due (组织法 Art. 30; the county's rules)."""
    today = today or timezone.localdate()
    villages = list(
        Organization.objects.filter(path__startswith=township.path, is_village_level=True, dissolved_on__isnull=True)
        .order_by("path")
    )  # fmt: skip
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        Publication.objects.filter(org_path__startswith=township.path, status=Status.PUBLISHED,
                                   period_start__lte=end, period_end__gte=start, published_on__isnull=False)
        .values_list("organization_id", "section", "category", "period_start", "period_end", "published_on")
    )  # fmt: skip
    by_org: dict[int, list[rules.Published]] = defaultdict(list)
    for org_id, section, category, p_start, p_end, on in rows:
        if on is not None:
            by_org[org_id].append(rules.Published(section, category, p_start, p_end, on))
    found = county_rules(township)
    return [
        VillageRow(v, {s.value: rules.judge(s.value, year, by_org.get(v.pk, []), today, found) for s in Section})
        for v in villages
    ]

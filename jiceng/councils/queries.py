"""Month coverage of the councils (每月走访所有农户一次): a few grouped queries for any number of
councils, so the county's list costs the same as one village's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q

from jiceng.households.models import Household

from .models import Council, CouncilVisit, CoverageMonth, VisitedMonth
from .rules import Coverage, month_bounds


def coverage(councils: Sequence[Council], month: dt.date) -> dict[int, Coverage]:
    """Per council: distinct households of its village visited in `month`, households, deeds —
    from the month rollup (`CoverageMonth`) and a count of the villages' households."""
    first, _ = month_bounds(month)
    found = months_of(councils, [first])
    return {c.pk: found[c.pk, first] for c in councils}


def count_visit(visit: CouncilVisit) -> None:
    """A visit just recorded (in its transaction): its household counted once in its month."""
    first, _ = month_bounds(visit.visited_on)
    _, new = VisitedMonth.objects.get_or_create(
        council_id=visit.council_id, month=first, household_id=visit.household_id
    )
    CoverageMonth.objects.get_or_create(council_id=visit.council_id, month=first)
    CoverageMonth.objects.filter(council_id=visit.council_id, month=first).update(
        visited=F("visited") + int(new), deeds=F("deeds") + int(visit.deed)
    )


def rebuild_coverage() -> None:
    """The rollup recomputed from the visits (after a bulk load that bypassed `record_visit`)."""
    from django.db import transaction
    from django.db.models.functions import TruncMonth

    with transaction.atomic():
        VisitedMonth.objects.all().delete()
        CoverageMonth.objects.all().delete()
        months = CouncilVisit.objects.annotate(m=TruncMonth("visited_on")).order_by()
        pairs = months.values_list("council_id", "m", "household_id").distinct()
        VisitedMonth.objects.bulk_create((VisitedMonth(council_id=c, month=m, household_id=h) for c, m, h in pairs),
                                         batch_size=5_000)  # fmt: skip
        totals = months.values("council_id", "m").annotate(v=Count("household_id", distinct=True),
                                                            d=Count("id", filter=Q(deed=True)))  # fmt: skip
        CoverageMonth.objects.bulk_create(CoverageMonth(council_id=r["council_id"], month=r["m"], visited=r["v"],
                                                        deeds=r["d"]) for r in totals)  # fmt: skip


def unvisited(council: Council, month: dt.date) -> list[Household]:
    """The village's households not yet visited in `month` (what is left to do)."""
    first, nxt = month_bounds(month)
    done = CouncilVisit.objects.filter(council=council, visited_on__gte=first, visited_on__lt=nxt).values(
        "household_id"
    )
    rows = Household.objects.filter(grid__organization_id=council.organization_id).exclude(pk__in=done)
    return list(rows.select_related("grid").order_by("grid__name", "head_name", "pk"))


@dataclass(frozen=True)
class Network:
    """Seed 002's network figures (92个关怀理事会、372个党小组、1908名理事、覆盖42840户), from records."""

    councils: int
    party_groups: int
    councillors: int
    households: int


def network(path: str) -> Network:
    """The councils under the tree path `path`: councils, their posts' 党小组, confirmed 理事 and the
    households of their villages."""
    from .models import Councillor, CouncilPost
    from .rules import CouncillorStatus

    councils = Council.objects.filter(org_path__startswith=path)
    villages = councils.values("organization__path")
    return Network(
        councils=councils.count(),
        party_groups=CouncilPost.objects.filter(council__in=councils).count(),  # each post is a 党小组
        councillors=Councillor.objects.filter(council__in=councils, status=CouncillorStatus.CONFIRMED).count(),
        households=Household.objects.filter(org_path__in=villages).count(),
    )


def months_of(councils: Sequence[Council], months: Sequence[dt.date]) -> dict[tuple[int, dt.date], Coverage]:
    """Coverage of each council in each of `months` (one read of the rollup, one household count)."""
    paths = {c.organization.path for c in councils}
    households = dict(Household.objects.filter(org_path__in=paths).values_list("org_path").annotate(n=Count("id"))
                      .values_list("org_path", "n"))  # fmt: skip
    rows = CoverageMonth.objects.filter(council_id__in=[c.pk for c in councils], month__in=list(months))
    seen = {(r.council_id, r.month): r for r in rows}
    out = {}
    for c in councils:
        for m in months:
            r = seen.get((c.pk, m))
            out[c.pk, m] = Coverage(visited=r.visited if r else 0, households=households.get(c.organization.path, 0),
                                    deeds=r.deeds if r else 0)  # fmt: skip
    return out


def neglected(targets: Any, today: dt.date, months: int = 2) -> list[Any]:
    """Care targets (a queryset the viewer may see) with no care record and no visit of their
    household in the last `months` months, listed since when: what the township follows up."""
    from django.db.models import Max

    from jiceng.core.calendar import add_months

    since = add_months(today.replace(day=1), -months + 1) if months else today
    rows = (
        targets.filter(since__lt=since)
        .annotate(
            last_care=Max("records__cared_on"),
        )
        .select_related("council__organization", "councillor")
    )
    houses = [t.household_id for t in rows if t.household_id]
    last_visit = CouncilVisit.objects.filter(household_id__in=houses).values_list("household_id")
    visits = dict(last_visit.annotate(last=Max("visited_on")).values_list("household_id", "last"))
    out = []
    for t in rows:
        last = max([d for d in (t.last_care, visits.get(t.household_id)) if d is not None], default=None)
        if last is None or last < since:
            t.last_seen = last
            out.append(t)
    return out

"""Month coverage of the councils (每月走访所有农户一次): a few grouped queries for any number of
councils, so the county's list costs the same as one village's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, F, Q

from jiceng.households.models import Household

from .models import Council, CouncilVisit, CoverageMonth, VisitedMonth
from .rules import Coverage, month_bounds


def coverage(councils: Sequence[Council], month: dt.date) -> dict[int, Coverage]:
    """Per council: distinct households of its village visited in `month`, households, deeds —
    from the month rollup (`CoverageMonth`) and a count of the villages' households."""
    first, _ = month_bounds(month)
    paths = {c.organization.path for c in councils}
    households = dict(Household.objects.filter(org_path__in=paths).values_list("org_path").annotate(n=Count("id"))
                      .values_list("org_path", "n"))  # fmt: skip
    rows = CoverageMonth.objects.filter(council_id__in=[c.pk for c in councils], month=first)
    seen = {council_id: (visited, deeds) for council_id, visited, deeds in rows.values_list("council_id", "visited",
                                                                                            "deeds")}  # fmt: skip
    figures = {}
    for c in councils:
        visited, deeds = seen.get(c.pk, (0, 0))
        figures[c.pk] = Coverage(visited=visited, households=households.get(c.organization.path, 0), deeds=deeds)
    return figures


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

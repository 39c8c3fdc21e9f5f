"""Month coverage of the councils (每月走访所有农户一次): a few grouped queries for any number of
councils, so the county's list costs the same as one village's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, Q

from jiceng.households.models import Household

from .models import Council, CouncilVisit
from .rules import Coverage, month_bounds


def coverage(councils: Sequence[Council], month: dt.date) -> dict[int, Coverage]:
    """Per council: distinct households of its village visited in `month`, households, deeds."""
    first, nxt = month_bounds(month)
    by_org = {c.organization_id: c.pk for c in councils}
    counted = Household.objects.filter(grid__organization_id__in=by_org).values("grid__organization_id")
    households = dict(counted.annotate(n=Count("id")).values_list("grid__organization_id", "n"))
    visits = (
        CouncilVisit.objects.filter(council_id__in=[c.pk for c in councils], visited_on__gte=first, visited_on__lt=nxt)
        .values("council_id")
        .annotate(visited=Count("household_id", distinct=True), deeds=Count("id", filter=Q(deed=True)))
    )
    seen: dict[int, tuple[int, int]] = {row["council_id"]: (row["visited"], row["deeds"]) for row in visits}
    figures = {}
    for c in councils:
        visited, deeds = seen.get(c.pk, (0, 0))
        figures[c.pk] = Coverage(visited=visited, households=households.get(c.organization_id, 0), deeds=deeds)
    return figures


def unvisited(council: Council, month: dt.date) -> list[Household]:
    """The village's households not yet visited in `month` (what is left to do)."""
    first, nxt = month_bounds(month)
    done = CouncilVisit.objects.filter(council=council, visited_on__gte=first, visited_on__lt=nxt).values(
        "household_id"
    )
    rows = Household.objects.filter(grid__organization_id=council.organization_id).exclude(pk__in=done)
    return list(rows.select_related("grid").order_by("grid__name", "head_name", "pk"))

"""Figures summed from the 四联 records (seed 002: “村民互换劳力21.2万人次，自发整修堰塘水渠11.8万人次，
修路105公里”), per union or over any set of unions, and the households counted once each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from jiceng.core.registry import RatedKind, RatedSubject, register_rated_kind
from jiceng.organizations.models import Organization

from .models import Activity, Reward, Union, UnionHousehold, UnionOfficer
from .rules import ActivityKind, Quantities


def _quantities(row: dict[str, Any]) -> Quantities:
    # SQLite sums decimals as floats: back to the column's two places.
    km = Decimal(str(row["road_km"] or 0)).quantize(Decimal("0.01"))
    return Quantities(int(row["labour"] or 0), int(row["water"] or 0), km,
                      int(row["money"] or 0), int(row["households"] or 0))  # fmt: skip


_SUMS = {"labour": Sum("labour"), "water": Sum("water"), "road_km": Sum("road_km"), "money": Sum("money"),
         "households": Sum("households")}  # fmt: skip


def totals(activities: Any, start: dt.date | None = None, end: dt.date | None = None) -> Quantities:
    """The sum of the activities (a queryset), between `start` and `end` when given."""
    if start is not None:
        activities = activities.filter(held_on__gte=start)
    if end is not None:
        activities = activities.filter(held_on__lte=end)
    return _quantities(activities.aggregate(**_SUMS))


def by_kind(activities: Any) -> list[tuple[str, int, Quantities]]:
    """四联 per kind: (label, records, sums), in the seed's order."""
    rows = {r["kind"]: r for r in activities.order_by().values("kind").annotate(n=Count("id"), **_SUMS)}
    return [(k.label, int(rows[k]["n"]) if k in rows else 0, _quantities(rows[k]) if k in rows else Quantities())
            for k in ActivityKind]  # fmt: skip


def sizes(unions: list[Union]) -> dict[int, int]:
    """Households per union (one grouped query)."""
    rows = UnionHousehold.objects.filter(union__in=unions).values("union_id").annotate(n=Count("id"))
    found = {r["union_id"]: int(r["n"]) for r in rows}
    return {u.pk: found.get(u.pk, 0) for u in unions}


def network(root: Organization) -> dict[str, Any]:
    """Unions, their officers and households under `root` (seed 002: 户联理事会1001个、理事2961人)."""
    unions = Union.objects.filter(org_path__startswith=root.path)
    return {"unions": unions.count(),
            "officers": UnionOfficer.objects.filter(union__org_path__startswith=root.path).count(),
            "households": UnionHousehold.objects.filter(union__org_path__startswith=root.path).count(),
            "totals": totals(Activity.objects.filter(org_path__startswith=root.path))}  # fmt: skip


def rated_unions(root: Any, on: dt.date) -> list[RatedSubject]:
    """The unions under `root` founded by `on`: the subjects of a 五好户联理事会 scheme or evaluation."""
    rows = Union.objects.filter(org_path__startswith=root.path, founded_on__lte=on).select_related("organization")
    return [RatedSubject(u.ref, f"{u.organization.name}{u.name}", u.org_path, u.organization)
            for u in rows.order_by("org_path", "name", "pk")]  # fmt: skip


def register() -> None:
    register_rated_kind(RatedKind("union", "户联理事会", rated_unions))


def activities_under(org: Organization) -> Any:
    return Activity.objects.filter(org_path__startswith=org.path)


def per_union(unions: list[Union]) -> dict[int, tuple[int, Quantities, int]]:
    """(activity records, their sums, rewards in fen) per union: two grouped queries."""
    grouped = Activity.objects.filter(union__in=unions).order_by().values("union_id").annotate(n=Count("id"), **_SUMS)
    rows: dict[int, dict[str, Any]] = {r["union_id"]: dict(r) for r in grouped}
    rewards = dict(Reward.objects.filter(union__in=unions).order_by().values("union_id").annotate(t=Sum("amount"))
                   .values_list("union_id", "t"))  # fmt: skip
    return {u.pk: (int(rows[u.pk]["n"]) if u.pk in rows else 0, _quantities(rows[u.pk]) if u.pk in rows
                   else Quantities(), int(rewards.get(u.pk) or 0)) for u in unions}  # fmt: skip


def officer_names(unions: list[Union]) -> dict[int, tuple[str, str]]:
    """(理事长, 理事 joined by 、) per union."""
    out: dict[int, tuple[str, list[str]]] = {u.pk: ("", []) for u in unions}
    for o in UnionOfficer.objects.filter(union__in=unions).order_by("union_id", "name", "pk"):
        chair, members = out[o.union_id]
        out[o.union_id] = (o.name, members) if o.role == "chair" else (chair, [*members, o.name])
    return {pk: (chair, "、".join(members)) for pk, (chair, members) in out.items()}


def dashboard_section(user: Any, org: Organization, today: dt.date) -> dict[str, Any] | None:
    """The councils' dashboard: the unions under `org` and those not yet rated this year
    (五好户联理事会评比 once or several times a year; one read of the ratings)."""
    from jiceng.core.registry import ratings_of_many

    unions = list(Union.objects.visible_to(user).filter(org_path__startswith=org.path).select_related("organization"))
    if not unions:
        return None
    rated = ratings_of_many([u.ref for u in unions])
    due = [u for u in unions if not any(r.year == today.year for r in rated.get(u.ref, []))]
    return {"unions": len(unions), "due": due[:100], "due_count": len(due), "year": today.year}

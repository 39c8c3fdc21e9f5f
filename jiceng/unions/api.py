"""户联理事会 of the user's subtree, their 四联 figures, and recording a 四联 activity (the same
access as the pages: everyone of the subtree reads; editors record). No households' names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.schemas import CleanIn

from . import actions, queries, rules
from .models import Activity, Union
from .rules import ActivityKind, Quantities

router = Router(tags=["户联理事会"])


class UnionMessage(Schema):
    detail: str


class UnionTotalsOut(Schema):
    labour: int
    water: int
    road_km: Decimal
    money_fen: int


class UnionOut(Schema):
    id: int
    organization: str
    name: str
    basis: str
    place: str
    founded_on: dt.date
    households: int
    size_confirmed: bool


class UnionOfficerOut(Schema):
    role: str
    name: str
    chosen_on: dt.date


class UnionKindOut(Schema):
    kind: str
    activities: int
    households: int


class UnionRewardOut(Schema):
    project: str
    amount_fen: int
    allocated_on: dt.date
    rating: str


class UnionDetailOut(UnionOut):
    officers: list[UnionOfficerOut]
    by_kind: list[UnionKindOut]
    totals: UnionTotalsOut
    rewards: list[UnionRewardOut]


class UnionActivityOut(Schema):
    id: int
    kind: str
    held_on: dt.date
    title: str
    households: int
    labour: int
    water: int
    road_km: Decimal
    money_fen: int


class UnionActivityIn(CleanIn):
    kind: ActivityKind
    held_on: PastDate
    title: str = Field(max_length=200)
    households: int = Field(ge=0, le=999)
    labour: int = Field(0, ge=0, le=rules.MAX_COUNT)
    water: int = Field(0, ge=0, le=rules.MAX_COUNT)
    # A JSON number (a decimal string's pattern is not in the schema); two places at most, else 400 in Chinese.
    road_km: float = Field(0, ge=0, le=float(rules.MAX_KM))
    money_fen: int = Field(0, ge=0, le=rules.MAX_FEN)


def _out(u: Union, size: int) -> dict[str, Any]:
    return {"id": u.pk, "organization": u.organization.full_path, "name": u.name, "basis": u.basis, "place": u.place,
            "founded_on": u.founded_on, "households": size, "size_confirmed": u.size_confirmed}  # fmt: skip


def _totals(q: Quantities) -> dict[str, Any]:
    return {"labour": q.labour, "water": q.water, "road_km": q.road_km, "money_fen": q.money}


@router.get("/unions", response={200: list[UnionOut], 401: UnionMessage}, summary="户联理事会（本人可见范围内）")
def list_unions(request: HttpRequest) -> Any:
    unions = list(Union.objects.visible_to(request.user).select_related("organization")[:2000])
    sizes = queries.sizes(unions)
    return [_out(u, sizes[u.pk]) for u in unions]


@router.get("/unions/{union_id}", response={200: UnionDetailOut, 401: UnionMessage, 404: UnionMessage},
            summary="户联理事会：理事长和理事、四联活动合计、以奖代补项目")  # fmt: skip
def get_union(request: HttpRequest, union_id: int) -> Any:
    u = get_visible_or_404(Union.objects.select_related("organization"), request.user, pk=union_id)
    kinds = dict(zip(ActivityKind.labels, ActivityKind.values, strict=True))
    return {**_out(u, u.members.count()),
            "officers": [{"role": o.role, "name": o.name, "chosen_on": o.chosen_on} for o in u.officers.all()],
            "by_kind": [{"kind": kinds[label], "activities": n, "households": q.households}
                        for label, n, q in queries.by_kind(u.activities.all())],
            "totals": _totals(queries.totals(u.activities.all())),
            "rewards": [{"project": r.project, "amount_fen": r.amount, "allocated_on": r.allocated_on,
                         "rating": r.rating_label} for r in u.rewards.all()]}  # fmt: skip


def _activity_out(a: Activity) -> dict[str, Any]:
    return {"id": a.pk, "kind": a.kind, "held_on": a.held_on, "title": a.title, "households": a.households,
            "labour": a.labour, "water": a.water, "road_km": a.road_km, "money_fen": a.money}  # fmt: skip


@router.post("/unions/{union_id}/activities", response={201: UnionActivityOut, 400: UnionMessage,
             401: UnionMessage, 404: UnionMessage}, url_name="union_activity_create",
             summary="登记四联活动（经济联合、治安联防、好事联办、文化联学）及其数量")  # fmt: skip
def create_activity(request: HttpRequest, union_id: int, payload: UnionActivityIn) -> Any:
    u = get_visible_or_404(Union.objects.select_related("organization"), request.user, pk=union_id)
    data = payload.dict()
    activity = actions.record_activity(actor_of(request), u, kind=data["kind"], held_on=data["held_on"],
                                       title=data["title"], households=data["households"], labour=data["labour"],
                                       water=data["water"], road_km=Decimal(str(data["road_km"])),
                                       money=data["money_fen"])  # fmt: skip
    return 201, _activity_out(activity)

"""Ledger API: types, items, transitions, visits, statistics — the same access rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import model_validator

from jiceng.accounts.models import User
from jiceng.core.access import get_visible_or_404, user_org
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.organizations.models import Organization

from . import actions, rules, stats
from .filters import ItemFilter
from .models import LedgerItem, LedgerType, Visit

router = Router(tags=["台账"])
STATS_DESCRIPTION = "统计所选时期内收集的事项：已解决、正在解决、逾期（今日）、解决率、解决用时中位数。"
PAGE = 100


class Message(Schema):
    detail: str


class TypeOut(Schema):
    id: int
    code: str
    name: str
    noun: str
    owner_id: int | None
    categories: list[str]
    measures: list[str]
    restricted: bool
    workflow: dict[str, Any]


class EventOut(Schema):
    on: dt.date
    actor: str
    label: str
    from_state: str
    to_state: str
    note: str


class ItemOut(Schema):
    id: int
    ledger_type_id: int
    organization_id: int
    source: str
    source_ref: str | None
    description: str
    category: str
    concerned_name: str
    reporter_name: str
    anonymous: bool
    collected_on: dt.date
    status: str
    status_label: str
    phase: str
    assignee_id: int | None
    deadline: dt.date | None
    measures: list[str]
    resolution: str
    resolved_on: dt.date | None
    published: bool


class ItemDetail(ItemOut):
    events: list[EventOut]


def _strip_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_strip_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_nul(v) for k, v in value.items()}
    return value


class CleanIn(Schema):
    """JSON bodies: NUL characters removed (PostgreSQL text cannot hold them), as the middleware
    does for forms and query strings."""

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        return _strip_nul(data)


class ItemIn(CleanIn):
    ledger_type_id: int
    organization_id: int
    description: str = Field(max_length=2000)
    source: rules.Source = rules.Source.VISIT
    category: str = Field("", max_length=40)
    collected_on: dt.date | None = None
    concerned_name: str = Field("", max_length=100)
    reporter_name: str = Field("", max_length=50)
    anonymous: bool = False


class MoveIn(CleanIn):
    target: str = Field(max_length=30)
    assignee_id: int | None = None
    resolution: str = Field("", max_length=2000)
    note: str = Field("", max_length=500)
    measures: list[str] | None = None


class VisitOut(Schema):
    id: int
    organization_id: int
    kind: str
    visited_on: dt.date
    visitee: str
    findings: str
    visitor_id: int


class VisitIn(CleanIn):
    organization_id: int
    kind: rules.VisitKind
    visited_on: dt.date
    visitee: str = Field(max_length=50)
    findings: str = Field("", max_length=5000)


class TallyOut(Schema):
    label: str
    collected: int
    resolved: int
    in_progress: int
    closed: int
    overdue: int
    resolution_rate: float | None = Field(description="百分比")
    median_days: float | None = Field(description="解决用时中位数（天）")


class StatsOut(Schema):
    org_id: int
    total: TallyOut
    by_type: list[TallyOut]
    by_child: list[TallyOut]
    sentences: list[str]


def _item_out(item: LedgerItem) -> dict[str, Any]:
    data = {f: getattr(item, f) for f in ItemOut.model_fields if f != "status_label"}
    return {**data, "status_label": item.state_label}


def _tally(label: str, t: rules.Tally) -> TallyOut:
    return TallyOut(label=label, collected=t.collected, resolved=t.resolved, in_progress=t.in_progress,
                    closed=t.closed, overdue=t.overdue, resolution_rate=t.resolution_rate,
                    median_days=t.median_days)  # fmt: skip


def _act(fn: Any) -> Any:
    """Run an action: refused → 404 (nothing learned), a broken rule → 400 with the Chinese message."""
    try:
        with transaction.atomic():
            return fn()
    except AccessDenied:
        return 404, {"detail": "未找到"}
    except DomainError as exc:
        return 400, {"detail": exc.message}


@router.get("/ledgers/types", response={200: list[TypeOut], 401: Message}, url_name="ledger_types",
            summary="可用的台账类型（系统模板、本级及上级、下级的类型）")  # fmt: skip
def list_types(request: HttpRequest) -> Any:
    return list(LedgerType.objects.visible_to(request.user).order_by("pk")[:500])


@router.get("/ledgers/items", response={200: list[ItemOut], 401: Message}, url_name="ledger_items",
            summary="台账事项（可见范围内，按收集日期倒序，每页100条）")  # fmt: skip
def list_items(
    request: HttpRequest,
    type: int | None = None,
    org: int | None = None,
    phase: str = "",
    q: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    page: int = Query(1, ge=1, le=10000),
) -> Any:
    params = {"type": type, "org": org, "phase": phase, "q": q, "start": start.isoformat() if start else "",
              "end": end.isoformat() if end else ""}  # fmt: skip
    flt = ItemFilter.from_query({k: str(v) if v is not None else "" for k, v in params.items()}, request.user)
    items = flt.apply(LedgerItem.objects.visible_to(request.user), request.user, timezone.localdate())
    rows = items.select_related("ledger_type").order_by("-collected_on", "-id")[(page - 1) * PAGE : page * PAGE]
    return [_item_out(i) for i in rows]


@router.get("/ledgers/items/{item_id}", response={200: ItemDetail, 401: Message, 404: Message},
            url_name="ledger_item", summary="台账事项及其办理记录")  # fmt: skip
def get_item(request: HttpRequest, item_id: int) -> Any:
    item = get_visible_or_404(LedgerItem.objects.select_related("ledger_type"), request.user, pk=item_id)
    events = [EventOut(on=e.on, actor=e.actor_name, label=e.label, from_state=e.from_state, to_state=e.to_state,
                       note=e.note) for e in item.events.all()]  # fmt: skip
    return {**_item_out(item), "events": events}


@router.post("/ledgers/items", response={201: ItemOut, 400: Message, 401: Message, 404: Message},
             url_name="ledger_item_create", summary="登记台账事项")  # fmt: skip
def create_item(request: HttpRequest, payload: ItemIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    ltype = get_visible_or_404(LedgerType.objects.all(), request.user, pk=payload.ledger_type_id)
    data = payload.dict(exclude={"organization_id", "ledger_type_id"})
    result = _act(lambda: actions.create_item(request.user, ledger_type=ltype, organization=org, **data))
    return result if isinstance(result, tuple) else (201, _item_out(result))


@router.post("/ledgers/items/{item_id}/transitions", response={200: ItemOut, 400: Message, 401: Message,
             404: Message}, url_name="ledger_item_move", summary="办理：按台账流程变更状态")  # fmt: skip
def move_item(request: HttpRequest, item_id: int, payload: MoveIn) -> Any:
    item = get_visible_or_404(LedgerItem.objects.select_related("ledger_type"), request.user, pk=item_id)
    assignee = None
    if payload.assignee_id is not None:
        assignee = User.objects.filter(pk=payload.assignee_id, is_active=True).first()
        if assignee is None:
            return 400, {"detail": "承办人不存在"}
    result = _act(lambda: actions.move_item(request.user, item, payload.target, assignee=assignee,
                                            resolution=payload.resolution, note=payload.note,
                                            measures=payload.measures))  # fmt: skip
    return result if isinstance(result, tuple) else _item_out(result)


@router.get("/ledgers/visits", response={200: list[VisitOut], 401: Message}, url_name="ledger_visits",
            summary="走访记录（五访五问）")  # fmt: skip
def list_visits(request: HttpRequest, page: int = Query(1, ge=1, le=10000)) -> Any:
    return list(Visit.objects.visible_to(request.user)[(page - 1) * PAGE : page * PAGE])


@router.post("/ledgers/visits", response={201: VisitOut, 400: Message, 401: Message, 404: Message},
             url_name="ledger_visit_create", summary="记录走访")  # fmt: skip
def create_visit(request: HttpRequest, payload: VisitIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    data = payload.dict(exclude={"organization_id"})
    result = _act(lambda: [actions.record_visit(request.user, organization=org, **data)[0]])
    return result if isinstance(result, tuple) else (201, result[0])


@router.get("/ledgers/stats", response={200: StatsOut, 401: Message, 404: Message}, url_name="ledger_stats",
            summary="台账统计：按台账、按下级组织；含统计语句",
            description=STATS_DESCRIPTION)  # fmt: skip
def ledger_stats(
    request: HttpRequest,
    org: int | None = None,
    type: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Any:
    own = user_org(request.user)
    if own is None:
        return 404, {"detail": "未找到"}
    scope = get_visible_or_404(Organization.objects.all(), request.user, pk=org) if org else own
    found = stats.overview_for(request.user, scope, timezone.localdate(), ledger_type_id=type,
                               period=stats.Period(start, end))  # fmt: skip
    return {
        "org_id": scope.pk, "total": _tally(scope.name, found.total),
        "by_type": [_tally(r.label, r.tally) for r in found.by_type],
        "by_child": [_tally(r.label, r.tally) for r in found.by_child],
        "sentences": stats.sentences(found.by_type),
    }  # fmt: skip

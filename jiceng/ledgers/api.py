"""Ledger API: types, items, transitions, statistics — the same access rules as the pages.

Endpoints never catch refusals: the API's one handler (jiceng/api.py) answers 400 with the
Chinese message, 409 for a move the state does not allow (or a stale one) and 404 outside the
subtree. Visits are in the households API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiceng.accounts.models import User
from jiceng.core.access import get_visible_or_404, user_org
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.errors import DomainError
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization

from . import actions, rules, stats
from .filters import ItemFilter
from .models import LedgerItem, LedgerType

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
    on: dt.date = Field(description="业务日期（事情发生的日期）")
    entered_at: dt.datetime = Field(description="录入时间")
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


class ItemIn(CleanIn):
    ledger_type_id: Id
    organization_id: Id
    description: str = Field(max_length=2000)
    source: rules.Source = rules.Source.VISIT
    category: str = Field("", max_length=40)
    collected_on: PastDate | None = None
    concerned_name: str = Field("", max_length=100)
    reporter_name: str = Field("", max_length=50)
    anonymous: bool = False


class MoveIn(CleanIn):
    target: str = Field(max_length=30)
    on: PastDate | None = Field(None, description="办理日期（默认今天；不能晚于今天，不能早于上一环节）")
    assignee_id: Id | None = None
    resolution: str = Field("", max_length=2000)
    note: str = Field("", max_length=500)
    measures: list[str] | None = None


class TallyOut(Schema):
    label: str
    collected: int
    resolved: int
    in_progress: int
    closed: int
    overdue: int
    resolution_rate: float | None = Field(description="百分比")
    median_days: float | None = Field(description="解决用时中位数（天）")


class LedgerStatsOut(Schema):
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


@router.get("/ledgers/types", response={200: list[TypeOut], 401: Message}, url_name="ledger_types",
            summary="可用的台账类型（系统模板、本级及上级、下级的类型）")  # fmt: skip
def list_types(request: HttpRequest) -> Any:
    return list(LedgerType.objects.visible_to(request.user).order_by("pk")[:500])


@router.get("/ledgers/items", response={200: list[ItemOut], 401: Message}, url_name="ledger_items",
            summary="台账事项（可见范围内，按收集日期倒序，每页100条）")  # fmt: skip
def list_items(
    request: HttpRequest,
    type: Id | None = None,
    org: Id | None = None,
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
    rows = (
        items.select_related("ledger_type")
        .prefetch_related("flow")
        .order_by("-collected_on", "-id")[(page - 1) * PAGE : page * PAGE]
    )
    return [_item_out(i) for i in rows]


@router.get("/ledgers/items/{item_id}", response={200: ItemDetail, 401: Message, 404: Message},
            url_name="ledger_item", summary="台账事项及其办理记录")  # fmt: skip
def get_item(request: HttpRequest, item_id: int) -> Any:
    item = get_visible_or_404(LedgerItem.objects.select_related("ledger_type", "flow"), request.user, pk=item_id)
    events = [EventOut(on=e.on, entered_at=e.at, actor=e.actor_name, label=e.label, from_state=e.from_state,
                       to_state=e.to_state, note=e.note) for e in item.events()]  # fmt: skip
    return {**_item_out(item), "events": events}


@router.post("/ledgers/items", response={201: ItemOut, 400: Message, 401: Message, 404: Message},
             url_name="ledger_item_create", summary="登记台账事项")  # fmt: skip
def create_item(request: HttpRequest, payload: ItemIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    ltype = get_visible_or_404(LedgerType.objects.all(), request.user, pk=payload.ledger_type_id)
    data = payload.dict(exclude={"organization_id", "ledger_type_id"})
    return 201, _item_out(actions.create_item(actor_of(request), ledger_type=ltype, organization=org, **data))


@router.post("/ledgers/items/{item_id}/transitions", response={200: ItemOut, 400: Message, 401: Message,
             404: Message, 409: Message}, url_name="ledger_item_move", summary="办理：按台账流程变更状态",
             description="409：当前状态不允许该操作，或事项已被他人处理。")  # fmt: skip
def move_item(request: HttpRequest, item_id: int, payload: MoveIn) -> Any:
    item = get_visible_or_404(LedgerItem.objects.select_related("ledger_type"), request.user, pk=item_id)
    assignee = None
    if payload.assignee_id is not None:
        assignee = User.objects.filter(pk=payload.assignee_id, is_active=True).first()
        if assignee is None:
            raise DomainError("承办人不存在")
    actions.move_item(actor_of(request), item, payload.target, on=payload.on, assignee=assignee,
                      resolution=payload.resolution, note=payload.note, measures=payload.measures)  # fmt: skip
    return _item_out(item)


@router.get("/ledgers/stats", response={200: LedgerStatsOut, 401: Message, 404: Message}, url_name="ledger_stats",
            summary="台账统计：按台账、按下级组织；含统计语句",
            description=STATS_DESCRIPTION)  # fmt: skip
def ledger_stats(
    request: HttpRequest,
    org: Id | None = None,
    type: Id | None = None,
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

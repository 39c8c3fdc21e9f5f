"""公开 API: publications (list, read, draft, publish), the public board as JSON (no token), and
the decision procedures (list, read, start, move) — the same access rules and refusals as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from jiceng.core import engine
from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization

from . import actions, queries, rules
from .models import Procedure, Publication
from .rules import Line

router = Router(tags=["公开"])


class Message(Schema):
    detail: str


class LineOut(Schema):
    kind: str
    item: str
    amount: int  # fen


class PublicationOut(Schema):
    id: int
    organization_id: int
    organization: str
    section: str
    section_label: str
    category: str
    category_label: str
    title: str
    period_start: dt.date
    period_end: dt.date
    body: str
    income_total: int | None
    expense_total: int | None
    lines: list[LineOut]
    status: str
    published_on: dt.date | None
    shown_until: dt.date | None
    public_url: str


class LineIn(Schema):
    kind: Literal["income", "expense"]
    item: str = Field(max_length=200)
    amount: int = Field(ge=0, le=10**13, description="金额（分）")


class PublicationIn(CleanIn):
    organization_id: int = Field(ge=1, le=2**62)
    section: Literal["party", "village", "finance"]
    category: str = Field(max_length=30)
    title: str = Field(max_length=200)
    period_start: dt.date
    period_end: dt.date
    body: str = Field("", max_length=20000)
    days: int = Field(rules.DEFAULT_DAYS, ge=1, le=rules.MAX_DAYS)
    income_total: int | None = Field(None, ge=0, le=10**13, description="收入合计（分）")
    expense_total: int | None = Field(None, ge=0, le=10**13, description="支出合计（分）")
    lines: list[LineIn] = Field(default_factory=list, max_length=rules.MAX_LINES)
    concerned: str = Field("", max_length=500, description="涉及群众姓名（仅用于核对，不公开）")


class PublishIn(CleanIn):
    on: dt.date | None = None


class PublicationFilter(Schema):
    section: Literal["party", "village", "finance"] | None = None
    status: Literal["draft", "published", "withdrawn"] | None = None
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**7)


class BoardOut(Schema):
    organization_id: int
    organization: str
    publications: list[PublicationOut]
    board_url: str
    poster_url: str


class ProcedureOut(Schema):
    id: int
    organization_id: int
    kind: str
    kind_label: str
    title: str
    started_on: dt.date
    step: str
    step_label: str
    step_on: dt.date
    finished: bool
    links: list[str]
    next_steps: list[str]


class ProcedureIn(CleanIn):
    organization_id: int = Field(ge=1, le=2**62)
    kind: Literal["huinong", "zizhi", "siyi"]
    title: str = Field(max_length=200)
    started_on: dt.date
    note: str = Field("", max_length=2000)


class ProcedureMoveIn(CleanIn):
    target: str = Field(max_length=40)
    on: dt.date | None = None
    note: str = Field("", max_length=2000)


def _out(p: Publication) -> dict[str, Any]:
    return {"id": p.pk, "organization_id": p.organization_id, "organization": p.organization.name,
            "section": p.section, "section_label": p.get_section_display(), "category": p.category,
            "category_label": p.category_label, "title": p.title, "period_start": p.period_start,
            "period_end": p.period_end, "body": p.body, "income_total": p.income_total,
            "expense_total": p.expense_total, "status": p.status, "published_on": p.published_on,
            "shown_until": p.shown_until, "public_url": reverse("openness:publication", args=[p.pk]),
            "lines": [{"kind": ln.kind, "item": ln.item, "amount": ln.amount} for ln in p.lines.all()]}  # fmt: skip


def _pub(request: HttpRequest, pk: int) -> Publication:
    rows = Publication.objects.select_related("organization").prefetch_related("lines")
    return get_visible_or_404(rows, request.user, pk=pk)


@router.get("/openness/publications", response={200: list[PublicationOut], 401: Message},
            url_name="openness_publications", summary="公开事项列表（本人可见范围内）")  # fmt: skip
def list_publications(request: HttpRequest, filters: Query[PublicationFilter]) -> Any:
    rows = Publication.objects.visible_to(request.user).select_related("organization").prefetch_related("lines")
    if filters.section:
        rows = rows.filter(section=filters.section)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return [_out(p) for p in rows.order_by("-id")[filters.offset : filters.offset + filters.limit]]


@router.get("/openness/publications/{publication_id}", response={200: PublicationOut, 401: Message, 404: Message},
            url_name="openness_publication", summary="公开事项详情")  # fmt: skip
def get_publication(request: HttpRequest, publication_id: int) -> Any:
    return _out(_pub(request, publication_id))


@router.post("/openness/publications", response={201: PublicationOut, 400: Message, 401: Message, 404: Message},
             url_name="openness_publication_create", summary="登记公开事项（草稿，金额单位为分）")  # fmt: skip
def create_publication(request: HttpRequest, payload: PublicationIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    pub = actions.create_publication(
        actor_of(request), org, section=payload.section, category=payload.category, title=payload.title,
        period_start=payload.period_start, period_end=payload.period_end, body=payload.body, days=payload.days,
        income_total=payload.income_total, expense_total=payload.expense_total, concerned=payload.concerned,
        lines=[Line(ln.kind, ln.item, ln.amount) for ln in payload.lines],
    )  # fmt: skip
    return HttpStatus(201, _out(_pub(request, pub.pk)))


@router.post("/openness/publications/{publication_id}/publish",
             response={200: PublicationOut, 400: Message, 401: Message, 404: Message},
             url_name="openness_publication_publish", summary="公开到公开栏（公开日期不能晚于今天）")  # fmt: skip
def publish_publication(request: HttpRequest, publication_id: int, payload: PublishIn) -> Any:
    actions.publish(actor_of(request), _pub(request, publication_id), on=payload.on)
    return _out(_pub(request, publication_id))


@router.get("/public/boards/{org_id}", auth=None, response={200: BoardOut, 404: Message},
            url_name="public_board", summary="公开：村（乡镇）公开栏当前公开事项（无需令牌）")  # fmt: skip
def public_board(request: HttpRequest, org_id: int) -> Any:
    org = queries.board_org(org_id)
    if org is None:
        raise Http404
    items = queries.board_publications(org, None, timezone.localdate())
    return {"organization_id": org.pk, "organization": org.name, "publications": [_out(p) for p in items],
            "board_url": reverse("openness:board", args=[org.pk]),
            "poster_url": reverse("openness:poster", args=[org.pk])}  # fmt: skip


def _proc_out(p: Procedure, request: HttpRequest) -> dict[str, Any]:
    return {"id": p.pk, "organization_id": p.organization_id, "kind": p.kind, "kind_label": p.get_kind_display(),
            "title": p.title, "started_on": p.started_on, "step": p.step, "step_label": p.state_label,
            "step_on": p.step_on, "finished": p.finished, "links": engine.links(p),
            "next_steps": [m.target for m in p.moves_for(actor_of(request))]}  # fmt: skip


def _proc(request: HttpRequest, pk: int) -> Procedure:
    return get_visible_or_404(Procedure.objects.select_related("flow"), request.user, pk=pk)


@router.get("/openness/procedures", response={200: list[ProcedureOut], 401: Message},
            url_name="openness_procedures", summary="决策程序事项列表")  # fmt: skip
def list_procedures(request: HttpRequest) -> Any:
    rows = Procedure.objects.visible_to(request.user).select_related("flow").order_by("-id")[:500]
    return [_proc_out(p, request) for p in rows]


@router.get("/openness/procedures/{procedure_id}", response={200: ProcedureOut, 401: Message, 404: Message},
            url_name="openness_procedure", summary="决策程序事项详情")  # fmt: skip
def get_procedure(request: HttpRequest, procedure_id: int) -> Any:
    return _proc_out(_proc(request, procedure_id), request)


@router.post("/openness/procedures", response={201: ProcedureOut, 400: Message, 401: Message, 404: Message},
             url_name="openness_procedure_start", summary="登记决策程序事项")  # fmt: skip
def start_procedure(request: HttpRequest, payload: ProcedureIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    proc = actions.start_procedure(actor_of(request), org, payload.kind, payload.title, payload.started_on,
                                   payload.note)  # fmt: skip
    return HttpStatus(201, _proc_out(_proc(request, proc.pk), request))


@router.post("/openness/procedures/{procedure_id}/move",
             response={200: ProcedureOut, 400: Message, 401: Message, 404: Message, 409: Message},
             url_name="openness_procedure_move", summary="办理下一环节")  # fmt: skip
def move_procedure(request: HttpRequest, procedure_id: int, payload: ProcedureMoveIn) -> Any:
    proc = _proc(request, procedure_id)
    actions.move_procedure(actor_of(request), proc, payload.target, on=payload.on, note=payload.note)
    return _proc_out(_proc(request, procedure_id), request)

"""公示 API: notices, objections and their handling — the same access rules as the pages.

Objection texts, names and contacts are returned to the officers of the notice's subtree only.
The public board is readable without a token; objections are raised through the public page
(a CSRF-protected form), not through the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization

from . import actions, queries, rules
from .models import Notice, Objection
from .rules import Board

router = Router(tags=["公示"])


class Message(Schema):
    detail: str


class NoticeOut(Schema):
    id: int
    subject: str
    step: str
    sequence: int
    title: str
    text: str
    organization_id: int
    organization: str
    board: str
    shown_on_id: int
    days: int
    starts_on: dt.date
    ends_on: dt.date
    hotline: str
    outcome: str
    outcome_label: str
    withdrawn_on: dt.date | None
    decision: str
    published_by: str
    public_url: str


class ObjectionOut(Schema):
    id: int
    text: str
    name: str
    contact: str
    state: str
    state_label: str
    received_on: dt.date
    channel: str
    answer: str
    answered_on: dt.date | None
    handler: str


class NoticeDetail(NoticeOut):
    step_done: bool
    step_reason: str
    objection_count: int
    open_count: int
    objections: list[ObjectionOut] | None  # None: not an officer of the notice's subtree


class PublicNoticeOut(Schema):
    id: int
    title: str
    text: str
    organization: str
    starts_on: dt.date
    ends_on: dt.date
    days: int
    hotline: str
    public_url: str


class NoticeFilter(Schema):
    org_id: int | None = Field(None, ge=1, le=2**62)
    show: Literal["running", "ended", "all"] = "all"
    subject: str | None = Field(None, max_length=100)
    step: str | None = Field(None, max_length=40)
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**7)


class NoticePublishIn(CleanIn):
    subject: str = Field(max_length=100, description="公示事项，格式“应用.模型:编号”")
    step: str = Field(max_length=40)
    organization_id: int = Field(ge=1, le=2**62)
    title: str = Field(max_length=200)
    text: str = Field(max_length=10000)
    days: int | None = Field(None, ge=-1000, le=1000)
    board: Board = Board.VILLAGE
    starts_on: dt.date | None = None
    hotline: str | None = Field(None, max_length=60)


class NoticeWithdrawIn(CleanIn):
    reason: str = Field(max_length=400)


class NoticeDecisionIn(CleanIn):
    decision: Literal["continue", "stop"]
    note: str = Field(max_length=4000)
    on: dt.date | None = None


class ObjectionRecordIn(CleanIn):
    channel: Literal["written", "phone", "in_person"]
    received_on: dt.date
    text: str = Field(max_length=4000)
    name: str = Field("", max_length=100)
    contact: str = Field("", max_length=100)


class RecordedOut(ObjectionOut):
    receipt: str  # shown once: the officer may give it to the person who objected


class ObjectionMoveIn(CleanIn):
    target: str = Field(max_length=30)
    answer: str = Field("", max_length=4000)
    note: str = Field("", max_length=1000)
    on: dt.date | None = None


def _out(n: Notice, today: dt.date) -> dict[str, Any]:
    outcome = n.outcome(today)
    return {"id": n.pk, "subject": n.subject_ref, "step": n.step, "sequence": n.sequence, "title": n.title,
            "text": n.text, "organization_id": n.organization_id, "organization": n.organization.name,
            "board": n.board, "shown_on_id": n.shown_on_id, "days": n.days, "starts_on": n.starts_on,
            "ends_on": n.ends_on, "hotline": n.hotline, "outcome": outcome.value, "outcome_label": outcome.label,
            "withdrawn_on": n.withdrawn_on, "decision": n.decision, "published_by": n.published_by_name,
            "public_url": reverse("notices:public", args=[n.pk])}  # fmt: skip


def _objection_out(o: Objection) -> dict[str, Any]:
    return {"id": o.pk, "text": o.text, "name": o.name, "contact": o.contact, "state": o.state,
            "state_label": o.get_state_display(), "received_on": o.received_on, "channel": o.channel,
            "answer": o.answer, "answered_on": o.answered_on, "handler": o.handler_name}  # fmt: skip


def _detail(request: HttpRequest, notice: Notice) -> dict[str, Any]:
    today = timezone.localdate()
    objections = list(notice.objections.all())
    officer = request.user.has_perm("notices.view_objections", notice)
    blocker = rules.step_blocker(notice.fact(), today)
    return {**_out(notice, today), "step_done": blocker is None, "step_reason": blocker or "",
            "objection_count": len(objections), "open_count": sum(1 for o in objections if o.open),
            "objections": [_objection_out(o) for o in objections] if officer else None}  # fmt: skip


def _notice(request: HttpRequest, notice_id: int) -> Notice:
    rows = Notice.objects.select_related("organization").prefetch_related("objections")
    return get_visible_or_404(rows, request.user, pk=notice_id)


@router.get("/notices", response={200: list[NoticeOut], 401: Message, 404: Message}, url_name="notices",
            summary="公示列表（本人可见范围内）")  # fmt: skip
def list_notices(request: HttpRequest, filters: Query[NoticeFilter]) -> Any:
    today = timezone.localdate()
    rows = Notice.objects.visible_to(request.user).select_related("organization").prefetch_related("objections")
    if filters.org_id is not None:
        org = get_visible_or_404(Organization.objects.all(), request.user, pk=filters.org_id)
        rows = rows.filter(organization__path__startswith=org.path)
    if filters.show == "running":
        rows = rows.filter(withdrawn_on__isnull=True, ends_on__gte=today)
    elif filters.show == "ended":
        rows = rows.exclude(withdrawn_on__isnull=True, ends_on__gte=today)
    if filters.subject:
        rows = rows.filter(subject_ref=filters.subject)
    if filters.step:
        rows = rows.filter(step=filters.step)
    rows = rows.order_by("-starts_on", "-id")[filters.offset : filters.offset + filters.limit]
    return [_out(n, today) for n in rows]


@router.get("/notices/{notice_id}", response={200: NoticeDetail, 401: Message, 404: Message}, url_name="notice",
            summary="公示详情（组织工作人员可见异议及办理情况）")  # fmt: skip
def get_notice(request: HttpRequest, notice_id: int) -> Any:
    return _detail(request, _notice(request, notice_id))


@router.post("/notices", response={201: NoticeDetail, 400: Message, 401: Message, 404: Message},
             url_name="notice_publish", summary="发布公示（公示期按工作日计算）")  # fmt: skip
def publish(request: HttpRequest, payload: NoticePublishIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    notice = actions.publish_notice(actor_of(request), subject=payload.subject, step=payload.step, organization=org,
                                    title=payload.title, text=payload.text, days=payload.days, board=payload.board,
                                    starts_on=payload.starts_on, hotline=payload.hotline)  # fmt: skip
    return HttpStatus(201, _detail(request, _notice(request, notice.pk)))


@router.post("/notices/{notice_id}/withdraw", response={200: NoticeDetail, 400: Message, 401: Message,
             404: Message}, url_name="notice_withdraw", summary="撤回公示")  # fmt: skip
def withdraw(request: HttpRequest, notice_id: int, payload: NoticeWithdrawIn) -> Any:
    actions.withdraw_notice(actor_of(request), _notice(request, notice_id), payload.reason)
    return _detail(request, _notice(request, notice_id))


@router.post("/notices/{notice_id}/decision", response={200: NoticeDetail, 400: Message, 401: Message,
             404: Message}, url_name="notice_decide", summary="异议成立时的处理决定（不影响继续 / 终止）")  # fmt: skip
def decide(request: HttpRequest, notice_id: int, payload: NoticeDecisionIn) -> Any:
    actions.decide_notice(actor_of(request), _notice(request, notice_id), payload.decision, payload.note, on=payload.on)
    return _detail(request, _notice(request, notice_id))


@router.post("/notices/{notice_id}/objections", response={201: RecordedOut, 400: Message, 401: Message, 404: Message},
             url_name="notice_objection_record", summary="登记书面、电话或当面反映的异议（组织工作人员）")  # fmt: skip
def record_objection(request: HttpRequest, notice_id: int, payload: ObjectionRecordIn) -> Any:
    receipt = actions.record_objection(actor_of(request), _notice(request, notice_id), text=payload.text,
                                       channel=payload.channel, received_on=payload.received_on, name=payload.name,
                                       contact=payload.contact)  # fmt: skip
    return HttpStatus(201, {**_objection_out(receipt.objection), "receipt": receipt.code})


@router.post("/objections/{objection_id}/move", response={200: ObjectionOut, 400: Message, 401: Message,
             404: Message, 409: Message}, url_name="objection_move",
             summary="办理异议：开始核实 → 异议成立 / 不成立（附答复意见）")  # fmt: skip
def move(request: HttpRequest, objection_id: int, payload: ObjectionMoveIn) -> Any:
    objection = get_object_or_404(Objection.objects.select_related("notice__organization"), pk=objection_id)
    _notice(request, objection.notice_id)  # outside the subtree: 404
    actions.move_objection(actor_of(request), objection, payload.target, answer=payload.answer, note=payload.note,
                           on=payload.on)  # fmt: skip
    return _objection_out(objection)


@router.get("/public/boards/{org_id}/notices", auth=None, response={200: list[PublicNoticeOut], 404: Message},
            url_name="public_board_notices", summary="公开：公开栏上正在公示的事项（无需令牌）")  # fmt: skip
def public_board(request: HttpRequest, org_id: int) -> Any:
    org = Organization.objects.filter(pk=org_id, dissolved_on__isnull=True).first()
    if org is None:
        raise Http404
    return [{"id": n.pk, "title": n.title, "text": n.text, "organization": n.organization.name,
             "starts_on": n.starts_on, "ends_on": n.ends_on, "days": n.days, "hotline": n.hotline,
             "public_url": reverse("notices:public", args=[n.pk])} for n in queries.on_board(org)]  # fmt: skip

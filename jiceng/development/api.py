"""Development API (发展党员): files, their dated steps, the moves, the funnel — the same access
rules and the same refusals (in Chinese, with the article) as the pages (issue 13.6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate, entry_gap_days
from jiceng.core.errors import DomainError
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, flow, queries, stats
from .models import File

router = Router(tags=["发展党员"])
PAGE = 100


class Message(Schema):
    detail: str


class DevFileOut(Schema):
    id: int
    person_id: int
    name: str
    organization_id: int
    organization: str
    stage: str
    step: str
    step_label: str
    step_on: dt.date
    applied_on: dt.date
    admitted_on: dt.date | None


class DevEventOut(Schema):
    label: str
    on: dt.date  # the day it happened
    entered_at: dt.datetime  # when it was entered
    late_days: int  # days between the two (late entry is allowed and shown)
    actor: str
    note: str


class DevDueOut(Schema):
    label: str
    due: dt.date
    overdue: bool
    rule: str


class DevFileDetail(DevFileOut):
    rules_version: str
    tags: list[str] = Field(description="来源标签（关怀对象、外出务工经商人员等）")
    contacts: list[str]
    introducers: list[str]
    events: list[DevEventOut]
    due: list[DevDueOut]
    next_steps: list[str]


class DevOpenIn(CleanIn):
    person_id: Id
    applied_on: PastDate
    note: str = Field("", max_length=2000)
    tags: list[str] = Field(default_factory=list, max_length=20, description="来源标签（可不填）")


class DevMoveIn(CleanIn):
    target: str = Field(max_length=40, description="下一环节的代码（见 next_steps）")
    on: PastDate | None = None
    note: str = Field("", max_length=2000)
    opinions: str = Field("", max_length=2000)
    contacts: list[Id] = Field(default_factory=list, max_length=2)
    introducers: list[Id] = Field(default_factory=list, max_length=2)
    vetting: str = Field("", max_length=200)
    training_days: int | None = Field(None, ge=0, le=365)
    training_hours: int | None = Field(None, ge=0, le=2000)
    extension_months: int | None = Field(None, ge=0, le=12)
    notice_title: str = Field("", max_length=200)
    notice_text: str = Field("", max_length=5000)
    notice_days: int | None = Field(None, ge=1, le=30)


class DevTagsIn(CleanIn):
    tags: list[str] = Field(max_length=20, description="来源标签，每个不超过20个字，最多10个")


class DevStageOut(Schema):
    stage: str
    label: str
    count: int


class DevVillageOut(Schema):
    organization: str
    counts: dict[str, int]


class DevFunnelOut(Schema):
    stages: list[DevStageOut]
    villages: list[DevVillageOut]


def _out(file: File) -> dict[str, Any]:
    return {
        "id": file.pk, "person_id": file.person_id, "name": file.person.name,
        "organization_id": file.organization_id, "organization": file.organization.name,
        "stage": file.stage, "step": file.step, "step_label": flow.LABEL_OF.get(file.step, file.step),
        "step_on": file.step_on, "applied_on": file.applied_on, "admitted_on": file.admitted_on,
    }  # fmt: skip


def _detail(file: File, request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    events = [
        {"label": e.label, "on": e.on, "entered_at": e.at, "actor": e.actor_name, "note": e.note,
         "late_days": entry_gap_days(e.on, timezone.localtime(e.at).date())}
        for e in file.events()
    ]  # fmt: skip
    due = queries.due_items(file, queries.month_end(today)) if file.open else []
    return {
        **_out(file),
        "rules_version": file.rules.name,
        "tags": list(file.tags or []),
        "contacts": [p.name for p in file.contacts.order_by("name")],
        "introducers": [p.name for p in file.introducers.order_by("name")],
        "events": events,
        "due": [{"label": d.label, "due": d.due, "overdue": d.overdue(today), "rule": d.rule} for d in due],
        "next_steps": [m.target for m in file.moves_for(actor_of(request))],
    }


def _files(request: HttpRequest) -> Any:
    return File.objects.visible_to(request.user).select_related("person", "organization")


@router.get("/development/files", response={200: list[DevFileOut], 401: Message}, url_name="development_files",
            summary="发展党员档案")  # fmt: skip
def list_files(request: HttpRequest, stage: str = Query("", max_length=20), open_only: bool = Query(True),
               page: int = Query(1, ge=1, le=10000)) -> Any:  # fmt: skip
    rows = _files(request)
    if open_only:
        rows = rows.open()
    if stage:
        rows = rows.filter(stage=stage)
    rows = rows.order_by("org_path", "applied_on", "id")[(page - 1) * PAGE : page * PAGE]
    return [_out(f) for f in rows]


@router.get("/development/files/{file_id}", response={200: DevFileDetail, 401: Message, 404: Message},
            url_name="development_file", summary="一份档案：每个环节的业务日期与录入时间")  # fmt: skip
def get_file(request: HttpRequest, file_id: Id) -> Any:
    return _detail(get_visible_or_404(_files(request), request.user, pk=file_id), request)


@router.post("/development/files", response={201: DevFileDetail, 400: Message, 401: Message, 404: Message},
             url_name="development_file_create", summary="登记入党申请")  # fmt: skip
def create_file(request: HttpRequest, payload: DevOpenIn) -> Any:
    person = get_visible_or_404(Person.objects.all(), request.user, pk=payload.person_id)
    file = actions.open_file(actor_of(request), person, payload.applied_on, payload.note, tags=payload.tags)
    return 201, _detail(get_visible_or_404(_files(request), request.user, pk=file.pk), request)


@router.post("/development/files/{file_id}/moves", response={200: DevFileDetail, 400: Message, 401: Message,
             404: Message}, url_name="development_file_move", summary="办理下一环节")  # fmt: skip
def move_file(request: HttpRequest, file_id: Id, payload: DevMoveIn) -> Any:
    file = get_visible_or_404(_files(request), request.user, pk=file_id)
    data = payload.dict(exclude={"target", "on"})
    data = {k: v for k, v in data.items() if v not in (None, "", [])}
    actions.move(actor_of(request), file, payload.target, on=payload.on, **data)
    return _detail(get_visible_or_404(_files(request), request.user, pk=file.pk), request)


@router.post("/development/files/{file_id}/tags", response={200: DevFileDetail, 400: Message, 401: Message,
             404: Message}, url_name="development_file_tags", summary="设置来源标签")  # fmt: skip
def tag_file(request: HttpRequest, file_id: Id, payload: DevTagsIn) -> Any:
    file = get_visible_or_404(_files(request), request.user, pk=file_id)
    actions.set_tags(actor_of(request), file, payload.tags)
    return _detail(get_visible_or_404(_files(request), request.user, pk=file.pk), request)


@router.get("/development/funnel/{org_id}", response={200: DevFunnelOut, 401: Message, 404: Message},
            url_name="development_funnel", summary="各阶段人数（按村）")  # fmt: skip
def funnel(request: HttpRequest, org_id: Id) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    stages, villages = queries.funnel(
        File.objects.visible_to(request.user).open().filter(org_path__startswith=org.path)
    )
    keys = [s for s, _, _ in stages]
    return {
        "stages": [{"stage": s, "label": label, "count": n} for s, label, n in stages],
        "villages": [
            {"organization": name, "counts": dict(zip(keys, counts, strict=True))} for name, counts in villages
        ],
    }


class DevDurationsOut(Schema):
    applicant_to_activist: float | None = Field(description="入党申请人→入党积极分子，中位数（天）")
    activist_to_candidate: float | None = Field(description="入党积极分子→发展对象，中位数（天）")
    candidate_to_member: float | None = Field(description="发展对象→预备党员（支部大会），中位数（天）")
    applicant_to_member: float | None = Field(description="入党申请人→预备党员，中位数（天）")


class DevStatsOut(Schema):
    start: dt.date
    end: dt.date
    total: int
    age: dict[str, int] = Field(description="入党当日周岁：35岁及以下、35岁以上")
    sex: dict[str, int]
    education: dict[str, int]
    ethnicity: dict[str, int]
    minority: int
    durations: DevDurationsOut
    tags: dict[str, int] = Field(description="来源标签（关怀对象、外出务工经商人员等）")


@router.get("/development/stats", response={200: DevStatsOut, 400: Message, 401: Message, 404: Message},
            url_name="development_stats", summary="发展党员统计：按入党日期统计一段时间内发展的党员",
            description="发展 = 经发展党员流程成为预备党员（乡镇党委审批），按入党日期（支部大会通过之日）"
                        "落在 start 至 end 之间计；年龄为入党当日周岁。org_id 不填为本人可见的全部范围。")  # fmt: skip
def dev_stats(request: HttpRequest, start: dt.date, end: dt.date, org_id: Id | None = None) -> Any:
    if start > end:
        raise DomainError("开始日期不能晚于结束日期")
    files = File.objects.visible_to(request.user)
    if org_id is not None:
        org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
        files = files.filter(org_path__startswith=org.path)
    return stats.developed(files, start, end)

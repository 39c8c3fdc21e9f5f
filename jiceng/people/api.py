"""People API: dated transfers (组织关系转接, issue 13.4/13.6) — a person's transfers, and a new
one through `actions.transfer_person` (same access rules and Chinese refusals as the page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization

from . import actions
from .models import Person, Transfer

router = Router(tags=["人员"])


class PeopleMessage(Schema):
    detail: str


class PeopleTransferOut(Schema):
    id: int
    person_id: int
    from_org: str = Field(description="转出组织（完整路径）")
    to_org: str = Field(description="转入组织（完整路径）")
    on: dt.date = Field(description="转接日期（实际发生的日期）")
    entered_at: dt.datetime = Field(description="录入时间")
    reason: str = Field(description="out 转出 / in 转入 / mobile 流动 / return 回乡；空为未注明（如花名册导入）")
    reason_label: str
    note: str


class PeopleTransferIn(CleanIn):
    to_org_id: Id
    on: PastDate
    reason: str = Field(max_length=20, description="out 转出 / in 转入 / mobile 流动 / return 回乡")
    note: str = Field("", max_length=200)


def _out(t: Transfer) -> dict[str, Any]:
    return {"id": t.pk, "person_id": t.person_id, "from_org": t.from_org.full_path, "to_org": t.to_org.full_path,
            "on": t.on, "entered_at": t.recorded_at, "reason": t.reason, "reason_label": t.get_reason_display(),
            "note": t.note}  # fmt: skip


def _transfers(person: Person) -> list[dict[str, Any]]:
    return [_out(t) for t in person.transfers.select_related("from_org", "to_org").order_by("on", "id")]


@router.get("/people/{person_id}/transfers", response={200: list[PeopleTransferOut], 401: PeopleMessage,
            404: PeopleMessage}, url_name="people_transfers",
            summary="一名人员的组织关系转接（按转接日期）")  # fmt: skip
def list_transfers(request: HttpRequest, person_id: Id) -> Any:
    return _transfers(get_visible_or_404(Person.objects.all(), request.user, pk=person_id))


@router.post("/people/{person_id}/transfers", response={201: list[PeopleTransferOut], 400: PeopleMessage,
             401: PeopleMessage, 404: PeopleMessage}, url_name="people_transfer_create",
             summary="办理组织关系转接：转入组织、转接日期、原因")  # fmt: skip
def create_transfer(request: HttpRequest, person_id: Id, payload: PeopleTransferIn) -> Any:
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=person_id)
    to_org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.to_org_id)
    actions.transfer_person(actor_of(request), person, to_org, on=payload.on, reason=payload.reason, note=payload.note)
    return 201, _transfers(person)

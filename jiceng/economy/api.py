"""Economy API: the collective-economy figures of each village, recording an income item, the
cooperatives, a cooperative's share register and a share transfer. The same access rules as the
pages; refusals go through the API's one error handler (jiceng/api.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiceng.core.access import get_visible_or_404, user_org
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.errors import AccessDenied
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.households.models import Household
from jiceng.organizations.models import Organization

from . import actions, queries
from .models import Cooperative, ShareEntry
from .rules import CollectiveSource

router = Router(tags=["集体经济与合作社"])


class Message(Schema):
    detail: str


class VillageOut(Schema):
    organization_id: int
    name: str
    township: str
    year: int
    income: int = Field(description="集体收入（分）")
    expense: int = Field(description="支出（分）")
    net: int = Field(description="纯收入（分）")
    shell: bool = Field(description="空壳村")
    shell_reasons: list[str]
    targets_met: bool = Field(description="“155”目标全部达到")
    rule: str


class EntryIn(CleanIn):
    year: int = Field(ge=1950, le=2100)
    on: PastDate
    source: CollectiveSource
    amount: int = Field(description="金额（分），正数", ge=-(2**62), le=2**62)
    note: str = Field("", max_length=200)


class EntryOut(Schema):
    id: int
    organization_id: int
    year: int
    on: dt.date
    source: str
    amount: int


class CoopOut(Schema):
    id: int
    name: str
    kind: str
    industry: str
    organization_id: int
    township_id: int
    branch_id: int | None
    listed: bool
    brand: str
    trademark: str
    share_price: int


class ShareEntryOut(Schema):
    seq: int
    kind: str
    on: dt.date
    shares: int
    amount: int
    source_id: int | None
    target_id: int | None


class TransferIn(CleanIn):
    source_id: Id
    target_id: Id
    shares: int = Field(ge=1, le=10_000_000)
    on: PastDate
    price: int = Field(0, ge=0, le=2**62, description="转让价款（分）")
    note: str = Field("", max_length=200)


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


@router.get("/economy/villages", response={200: list[VillageOut], 401: Message, 404: Message},
            url_name="economy_villages", summary="各村集体经济（收入、纯收入、空壳村、“155”目标）")  # fmt: skip
def list_villages(request: HttpRequest, year: int | None = Query(None, ge=1950, le=2100),
                  org: int | None = Query(None, ge=1, le=2**62)) -> Any:  # fmt: skip
    root = get_visible_or_404(Organization.objects.all(), request.user, pk=org) if org else user_org(request.user)
    if root is None:
        raise Http404
    board = queries.dashboard(root, _year(year))
    return [{"organization_id": r.org_id, "name": r.name, "township": r.township, "year": board.year,
             "income": r.facts.income, "expense": r.facts.expense, "net": r.facts.net, "shell": r.shell,
             "shell_reasons": r.shell_reasons, "targets_met": r.targets.all, "rule": r.rule.label}
            for r in board.rows]  # fmt: skip


@router.post("/economy/villages/{org_id}/entries", response={201: EntryOut, 400: Message, 401: Message, 404: Message},
             url_name="economy_entry_create", summary="登记村集体收支")  # fmt: skip
def create_entry(request: HttpRequest, org_id: Id, payload: EntryIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    return 201, actions.record_collective(actor_of(request), org, **payload.dict())


@router.get("/economy/cooperatives", response={200: list[CoopOut], 401: Message}, url_name="economy_coops",
            summary="合作社（协会）")  # fmt: skip
def list_coops(request: HttpRequest) -> Any:
    return list(Cooperative.objects.visible_to(request.user))


def _coop(request: HttpRequest, coop_id: int) -> Cooperative:
    coop = get_visible_or_404(Cooperative.objects.select_related("township", "organization"), request.user, pk=coop_id)
    if not request.user.has_perm("economy.manage_coop", coop):
        raise AccessDenied("您没有权限查看股权登记")
    return coop


@router.get("/economy/cooperatives/{coop_id}/register", response={200: list[ShareEntryOut], 401: Message, 404: Message},
            url_name="economy_coop_register", summary="股权登记簿（按登记号）")  # fmt: skip
def register(request: HttpRequest, coop_id: Id) -> Any:
    return list(ShareEntry.objects.filter(cooperative=_coop(request, coop_id)).order_by("seq"))


@router.post("/economy/cooperatives/{coop_id}/transfers",
             response={201: ShareEntryOut, 400: Message, 401: Message, 404: Message, 409: Message},
             url_name="economy_coop_transfer", summary="股份转让")  # fmt: skip
def transfer(request: HttpRequest, coop_id: Id, payload: TransferIn) -> Any:
    coop = _coop(request, coop_id)
    source = get_visible_or_404(Household.objects.all(), request.user, pk=payload.source_id)
    target = get_visible_or_404(Household.objects.all(), request.user, pk=payload.target_id)
    return 201, actions.transfer(actor_of(request), coop, source, target, payload.shares, payload.on,
                                 price=payload.price, note=payload.note)  # fmt: skip

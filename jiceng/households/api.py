"""Visits API (五访五问): the same access rules as the pages; refusals go through the API's one
error handler (jiceng/api.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization

from . import actions
from .models import Visit
from .rules import VisitKind

router = Router(tags=["网格走访"])
PAGE = 100


class Message(Schema):
    detail: str


class VisitOut(Schema):
    id: int
    organization_id: int
    kind: str
    visited_on: dt.date
    visitee: str
    findings: str
    visitor_id: int


class VisitIn(CleanIn):
    organization_id: Id
    kind: VisitKind
    visited_on: PastDate
    visitee: str = Field(max_length=50)
    findings: str = Field("", max_length=5000)


@router.get("/households/visits", response={200: list[VisitOut], 401: Message}, url_name="household_visits",
            summary="走访记录（五访五问）")  # fmt: skip
def list_visits(request: HttpRequest, page: int = Query(1, ge=1, le=10000)) -> Any:
    return list(Visit.objects.visible_to(request.user)[(page - 1) * PAGE : page * PAGE])


@router.post("/households/visits", response={201: VisitOut, 400: Message, 401: Message, 404: Message},
             url_name="household_visit_create", summary="记录走访")  # fmt: skip
def create_visit(request: HttpRequest, payload: VisitIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    data = payload.dict(exclude={"organization_id"})
    return 201, actions.record_visit(actor_of(request), organization=org, **data)

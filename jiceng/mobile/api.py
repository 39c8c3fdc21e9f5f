"""Mobile members API (流动党员): the members away with their contact status and advice, the
figures (by destination, out of contact, overdue contact), recording an outflow and a contact —
the same access rules and refusals as the pages (issue 13.6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, queries, rules
from .models import Outflow

router = Router(tags=["流动党员"])


class Message(Schema):
    detail: str


class OutflowOut(Schema):
    id: int
    person_id: int
    name: str
    organization: str
    destination: str
    workplace: str
    left_on: dt.date
    expected_return_on: dt.date | None
    reason: str
    receiving: str
    card_number: str
    card_valid_until: dt.date | None
    last_contact: dt.date | None
    contact_due: dt.date
    reports: int
    keeper: str
    status: str
    advice: str
    lost_on: dt.date | None
    late_entry: bool


class MobileFiguresOut(Schema):
    total: int
    by_destination: dict[str, int]
    lost: int
    overdue: int
    card_missing: int
    transfer: int


class MobileListOut(Schema):
    organization_id: int
    figures: MobileFiguresOut
    outflows: list[OutflowOut]


class OutflowIn(CleanIn):
    person_id: Id
    destination: str = Field(max_length=100)
    left_on: PastDate
    reason: rules.Reason
    workplace: str = Field("", max_length=200)
    contact: str = Field("", max_length=200)
    expected_return_on: dt.date | None = None
    fixed_place: bool = True
    receiving_org_id: Id | None = None
    receiving_name: str = Field("", max_length=200)
    contact_every_months: int = Field(rules.CONTACT_EVERY_MONTHS, ge=1, le=12)
    note: str = Field("", max_length=2000)


class ContactIn(CleanIn):
    on: PastDate
    how: rules.How
    by_name: str = Field("", max_length=50)
    note: str = Field("", max_length=2000)


def _row(r: queries.Row) -> dict[str, Any]:
    o = r.outflow
    return {"id": o.pk, "person_id": o.person_id, "name": o.person.name, "organization": o.person.organization.name,
            "destination": o.destination, "workplace": o.workplace, "left_on": o.left_on,
            "expected_return_on": o.expected_return_on, "reason": o.reason, "receiving": o.receiving_label,
            "card_number": o.card_number, "card_valid_until": o.card_valid_until, "last_contact": r.last_contact,
            "contact_due": r.due, "reports": r.reports, "keeper": r.keeper, "status": r.status,
            "advice": r.advice_label, "lost_on": o.lost_on, "late_entry": o.late}  # fmt: skip


def _rows_of(request: HttpRequest, outflows: Any) -> list[queries.Row]:
    visible = outflows.filter(pk__in=Outflow.objects.visible_to(request.user).values("pk"))
    return queries.rows(visible, timezone.localdate())


@router.get("/mobile/orgs/{org_id}", response={200: MobileListOut, 401: Message, 404: Message}, url_name="mobile_list",
            summary="在外流动党员及联系情况")  # fmt: skip
def list_outflows(request: HttpRequest, org_id: Id) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    found = _rows_of(request, queries.open_outflows(org))
    f = queries.figures(found)
    figures = {"total": f.total, "by_destination": dict(f.by_destination), "lost": f.lost, "overdue": f.overdue,
               "card_missing": f.card_missing, "transfer": f.transfer}  # fmt: skip
    return {"organization_id": org.pk, "figures": figures, "outflows": [_row(r) for r in found]}


@router.post("/mobile/outflows", response={201: OutflowOut, 400: Message, 401: Message, 404: Message},
             url_name="mobile_outflow_create", summary="登记党员外出")  # fmt: skip
def create_outflow(request: HttpRequest, payload: OutflowIn) -> Any:
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=payload.person_id)
    receiving = None
    if payload.receiving_org_id is not None:
        receiving = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.receiving_org_id)
    data = payload.dict(exclude={"person_id", "receiving_org_id"})
    made = actions.record_outflow(actor_of(request), person, receiving_org=receiving, **data)
    return 201, _row(_rows_of(request, Outflow.objects.filter(pk=made.pk))[0])


@router.post("/mobile/outflows/{outflow_id}/contacts", response={201: OutflowOut, 400: Message, 401: Message,
             404: Message}, url_name="mobile_contact_create", summary="登记一次联系")  # fmt: skip
def create_contact(request: HttpRequest, outflow_id: Id, payload: ContactIn) -> Any:
    outflow = get_visible_or_404(Outflow.objects.select_related("person__organization"), request.user, pk=outflow_id)
    actions.record_contact(actor_of(request), outflow, **payload.dict())
    return 201, _row(_rows_of(request, Outflow.objects.filter(pk=outflow.pk))[0])

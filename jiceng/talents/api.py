"""Practical talents API (农村实用人才): search by skill, category and village, register one, the
figures by category — the same access rules and refusals as the pages (issue 14.6)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization

from . import actions, queries
from .models import Talent
from .rules import Category

router = Router(tags=["农村实用人才"])
PAGE = 100


class Message(Schema):
    detail: str


class TalentOut(Schema):
    id: int
    organization_id: int
    organization: str
    name: str
    category: str
    category_label: str
    skills: str
    contact: str
    local_top: bool
    double_lead: bool
    other_honors: str
    person_id: int | None


class TalentIn(CleanIn):
    organization_id: Id
    name: str = Field("", max_length=50)
    category: Category
    skills: str = Field(max_length=300)
    contact: str = Field("", max_length=20)
    local_top: bool = False
    double_lead: bool = False
    other_honors: str = Field("", max_length=300)
    person_id: Id | None = None
    note: str = Field("", max_length=2000)


class TalentCountOut(Schema):
    category: str
    label: str
    count: int


class TalentFiguresOut(Schema):
    total: int
    text: str
    categories: list[TalentCountOut]


def _out(t: Talent) -> dict[str, Any]:
    return {"id": t.pk, "organization_id": t.organization_id, "organization": t.organization.name, "name": t.name,
            "category": t.category, "category_label": t.get_category_display(), "skills": t.skills,
            "contact": t.contact, "local_top": t.local_top, "double_lead": t.double_lead,
            "other_honors": t.other_honors, "person_id": t.person_id}  # fmt: skip


def _org(request: HttpRequest, org_id: int) -> Organization:
    return get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)


@router.get("/talents", response={200: list[TalentOut], 401: Message, 404: Message}, url_name="talents",
            summary="实用人才（按专长、类别、村查找）")  # fmt: skip
def list_talents(request: HttpRequest, org_id: Id | None = None, q: str = Query("", max_length=50),
                 category: Category | None = None, page: int = Query(1, ge=1, le=10000)) -> Any:  # fmt: skip
    rows = Talent.objects.visible_to(request.user)
    if org_id is not None:
        rows = rows.filter(org_path__startswith=_org(request, org_id).path)
    if category:
        rows = rows.filter(category=category)
    rows = rows.search(q).select_related("organization").order_by("org_path", "name", "id")
    return [_out(t) for t in rows[(page - 1) * PAGE : page * PAGE]]


@router.post("/talents", response={201: TalentOut, 400: Message, 401: Message, 404: Message},
             url_name="talent_create", summary="登记实用人才")  # fmt: skip
def create_talent(request: HttpRequest, payload: TalentIn) -> Any:
    org = _org(request, payload.organization_id)
    data = payload.dict(exclude={"organization_id", "person_id"})
    made = actions.create_talent(actor_of(request), org, person=payload.person_id, **data)
    return 201, _out(made)


@router.get("/talents/figures/{org_id}", response={200: TalentFiguresOut, 401: Message, 404: Message},
            url_name="talent_figures", summary="实用人才人数（按类别）")  # fmt: skip
def figures(request: HttpRequest, org_id: Id) -> Any:
    rows, text, total = queries.figures(_org(request, org_id))
    return {"total": total, "text": text,
            "categories": [{"category": r.category, "label": r.label, "count": r.count} for r in rows]}  # fmt: skip

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.organizations.models import Organization

from .stats import org_stats

router = Router(tags=["统计"])


class Message(Schema):
    detail: str


class OrgRef(Schema):
    id: int
    path: str


class PeopleCounts(Schema):
    full: int = Field(description="正式党员")
    probationary: int = Field(description="预备党员")
    candidate: int = Field(description="发展对象")
    activist: int = Field(description="入党积极分子")
    applicant: int = Field(description="入党申请人")
    resident: int = Field(description="群众")


class MemberStats(Schema):
    total: int
    female: int
    minority: int
    age: dict[str, int] = Field(description="周岁 → 人数")
    education: dict[str, int] = Field(description="学历 → 人数（含“未知”）")


class CadreStats(Schema):
    total: int
    dual_post: int = Field(description="一肩挑")
    age: dict[str, int]
    education: dict[str, int]


class OrgStatsOut(Schema):
    org: OrgRef
    as_of: dt.date
    people: PeopleCounts
    members: MemberStats
    cadres: CadreStats


@router.get(
    "/orgs/{org_id}/stats",
    response={200: OrgStatsOut, 401: Message, 404: Message},
    summary="组织（含全部下级）统计",
    description="人员按所在党组织统计；members 为正式党员与预备党员；年龄为 as_of 当日周岁。",
)
def stats(request: HttpRequest, org_id: int, as_of: dt.date | None = None) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    return org_stats(org, as_of or timezone.localdate())

"""Volunteer teams, their service records, and a village's youth league counts (read only; the
same access as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.errors import AccessDenied
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import queries
from .models import Service, Team

router = Router(tags=["志愿服务与共青团"])


class Message(Schema):
    detail: str


class TeamOut(Schema):
    id: int
    organization: str
    name: str
    kind: str
    members: int


class ServiceOut(Schema):
    id: int
    held_on: dt.date
    kind: str
    title: str
    participants: list[str]
    others: int
    hours: str
    late: bool


class TeamDetail(TeamOut):
    services: list[ServiceOut]


class LeagueOut(Schema):
    organization: str
    on: dt.date
    youth_14_35: int
    youth_14_28: int
    league_members_14_28: int
    league_members_over_age: int


def _team(t: Team) -> dict[str, Any]:
    return {"id": t.pk, "organization": t.organization.full_path, "name": t.name, "kind": t.kind,
            "members": t.members.count()}  # fmt: skip


@router.get("/volunteers/teams", response={200: list[TeamOut], 401: Message}, summary="志愿服务队（本人可见范围内）")
def list_teams(request: HttpRequest) -> Any:
    return [_team(t) for t in Team.objects.visible_to(request.user).select_related("organization")[:500]]


@router.get("/volunteers/teams/{team_id}", response={200: TeamDetail, 401: Message, 404: Message},
            summary="志愿服务队及其服务记录")  # fmt: skip
def get_team(request: HttpRequest, team_id: int) -> Any:
    t = get_visible_or_404(Team.objects.select_related("organization"), request.user, pk=team_id)
    services = Service.objects.filter(team=t).prefetch_related("participants").order_by("-held_on", "-id")[:500]
    return {**_team(t), "services": [
        {"id": s.pk, "held_on": s.held_on, "kind": s.kind, "title": s.title,
         "participants": [p.name for p in s.participants.all()], "others": s.others, "hours": str(s.hours),
         "late": s.late} for s in services]}  # fmt: skip


@router.get("/volunteers/league/{org_id}", response={200: LeagueOut, 401: Message, 404: Message},
            summary="村团支部：某日的青年和团员人数（按人员出生日期计算）")  # fmt: skip
def get_league(request: HttpRequest, org_id: int, on: dt.date | None = Query(None)) -> Any:  # type: ignore[type-arg]  # noqa: B008
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise Http404
    if not request.user.has_perm("volunteers.change_org", org):
        raise AccessDenied("您没有权限查看团支部")
    today = timezone.localdate()
    day = on if on is not None and dt.date(1950, 1, 1) <= on <= today else today
    c = queries.league_counts(org, day)
    return {"organization": org.full_path, "on": day, "youth_14_35": c.youth, "youth_14_28": c.youth_league_age,
            "league_members_14_28": c.league_members, "league_members_over_age": c.league_members_over_age}  # fmt: skip

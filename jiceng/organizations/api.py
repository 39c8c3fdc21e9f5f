from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from .models import Organization
from .rules import join_path, split_path

router = Router(tags=["组织"])


class OrgOut(Schema):
    id: int
    name: str
    path: str
    kind: str


class Message(Schema):
    detail: str


@router.get("/orgs", response={200: list[OrgOut], 401: Message}, summary="按全称路径查找组织（本人可见范围内）")
def list_orgs(request: HttpRequest, path: str = "") -> Any:
    orgs = Organization.objects.visible_to(request.user).active()
    if path:
        orgs = orgs.filter(full_path=join_path(split_path(path)))
    return [OrgOut(id=o.pk, name=o.name, path=o.full_path, kind=o.kind) for o in orgs.order_by("path")[:1000]]

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from jiceng.core.access import get_visible_or_404
from jiceng.organizations.models import Organization

from .stats import org_stats

router = Router(tags=["统计"])


@router.get("/orgs/{org_id}/stats", summary="组织（含全部下级）统计")
def stats(request: HttpRequest, org_id: int, as_of: dt.date | None = None) -> dict[str, Any]:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    return org_stats(org, as_of or timezone.localdate())

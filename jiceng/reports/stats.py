"""Statistics of an organization's subtree as of a date — the statistics API contract.

`org_stats` answers from an exact cache (`StatsSnapshot`) and falls back to the live
computation (`live.compute_org_stats_live`) when the cache is missing or stale.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from jiceng.core.models import AuditEvent
from jiceng.organizations.models import Organization

from .live import cadre_stats, compute_org_stats_live, people_stats
from .models import StatsSnapshot


def audit_high() -> int:
    return AuditEvent.objects.aggregate(high=Max("id"))["high"] or 0


def changed_since(org: Organization, high: int) -> bool:
    """Whether any audit event newer than `high` names an organization of `org`'s subtree."""
    return AuditEvent.objects.filter(id__gt=high, org_id__in=org.subtree().values("pk")).exists()


def cached_people(org: Organization, as_of: dt.date) -> dict[str, Any]:
    """The people part (by each person's own organization) from the cache, or live and stored.

    Cadres are not cached: a post may sit in another organization than its holder (跨村兼职),
    so a change to the person would not name the post's subtree. They are few and cheap live.
    """
    snapshot = StatsSnapshot.objects.filter(organization=org, as_of=as_of).first()
    if snapshot is not None and not changed_since(org, snapshot.audit_high):
        return snapshot.data
    high = audit_high()  # taken before computing: a write during the computation invalidates it
    body = people_stats(org, as_of)
    try:
        with transaction.atomic():
            StatsSnapshot.objects.update_or_create(
                organization=org, as_of=as_of, defaults={"audit_high": high, "data": body}
            )
    except IntegrityError:  # a concurrent request stored the same snapshot first
        pass
    return body


def org_stats(org: Organization, as_of: dt.date) -> dict[str, Any]:
    return {
        "org": {"id": org.pk, "path": org.full_path},
        "as_of": as_of.isoformat(),
        **cached_people(org, as_of),
        "cadres": cadre_stats(org, as_of),
    }


__all__ = ["compute_org_stats_live", "org_stats"]

"""Precomputing today's statistics for every organization (nightly, and `manage.py warm_stats`)."""

from __future__ import annotations

import datetime as dt
import time

from django.utils import timezone

from jiceng.organizations.models import Organization

from .models import StatsSnapshot
from .stats import org_stats


def warm(day: dt.date | None = None, keep_days: int = 30) -> str:
    started = time.perf_counter()
    day = day or timezone.localdate()
    orgs = Organization.objects.active().order_by("-depth", "path")
    for org in orgs.iterator():
        org_stats(org, day)
    old = timezone.now() - dt.timedelta(days=keep_days)
    removed, _ = StatsSnapshot.objects.filter(computed_at__lt=old).delete()
    seconds = time.perf_counter() - started
    return f"已计算 {orgs.count()} 个组织的 {day} 统计，清理旧快照 {removed} 条（{seconds:.1f} 秒）"

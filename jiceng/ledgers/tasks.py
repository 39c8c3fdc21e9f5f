"""The daily ledger task: deadline warnings and escalation of overdue items.

Run once a day (cron: `manage.py ledger_daily`, which enqueues `daily_check`); `run_daily(today)`
does the work and takes the date, so tests pass a fixed day instead of moving the clock.
- Warning: once `warn_share` of the allowed time has passed (per ledger type), once per clock.
- Escalation: an open item past its deadline goes to the officer of the next level up (a
  village's item to its township, then to the county), again every ESCALATE_AGAIN_DAYS working
  days while it stays overdue. A paused item's clock is stopped: it is never overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from jiceng.accounts.models import OFFICER_ROLES, User
from jiceng.core import audit
from jiceng.organizations.models import Organization

from . import rules
from .models import ItemEvent, LedgerItem, Phase, load_calendar

ESCALATE_AGAIN_DAYS = 5


@dataclass
class DailyResult:
    warned: int = 0
    escalated: int = 0


def officer_above(org: Organization, level: int) -> User | None:
    """The officer of the `level`-th level above `org` that has officers (1 = the nearest)."""
    ancestors = list(org.ancestors().order_by("-depth"))
    found = 0
    for ancestor in ancestors:
        officer = (
            User.objects.filter(organization=ancestor, role__in=OFFICER_ROLES, is_active=True).order_by("pk").first()
        )
        if officer is not None:
            found += 1
            if found == level:
                return officer
    return None


def _event(item: LedgerItem, kind: str, label: str, on: dt.date, note: str) -> None:
    ItemEvent.objects.create(item=item, actor_name="系统", kind=kind, label=label, on=on, note=note)


def warn_items(today: dt.date) -> int:
    count = 0
    candidates = LedgerItem.objects.filter(
        phase=Phase.OPEN, deadline__gte=today, warned_on__isnull=True, deadline_start__isnull=False
    ).select_related("ledger_type")
    for item in candidates.iterator(chunk_size=1000):
        assert item.deadline is not None and item.deadline_start is not None
        if rules.warning_date(item.deadline_start, item.deadline, item.ledger_type.flow.warn_share) > today:
            continue
        with transaction.atomic():
            if LedgerItem.objects.filter(pk=item.pk, warned_on__isnull=True).update(warned_on=today):
                _event(item, "warn", "临期预警", today, f"办理期限 {item.deadline:%Y-%m-%d}")
                count += 1
    return count


def escalate_items(today: dt.date, calendar: rules.Calendar) -> int:
    count = 0
    again_before = today
    for _ in range(ESCALATE_AGAIN_DAYS):  # the working day ESCALATE_AGAIN_DAYS before today
        again_before -= dt.timedelta(days=1)
        while not calendar.is_business_day(again_before):
            again_before -= dt.timedelta(days=1)
    overdue = LedgerItem.objects.overdue_on(today).select_related("organization")
    due = overdue.filter(escalated_on__isnull=True) | overdue.filter(escalated_on__lte=again_before)
    for item in due.iterator(chunk_size=1000):
        officer = officer_above(item.organization, item.escalation_level + 1)
        if officer is None:
            continue
        with transaction.atomic():
            # Conditional update: a second worker running the same day escalates nothing twice.
            moved = LedgerItem.objects.filter(pk=item.pk, escalation_level=item.escalation_level).update(
                escalation_level=item.escalation_level + 1, escalated_on=today, escalated_to=officer
            )
            if moved:
                note = f"逾期（期限 {item.deadline:%Y-%m-%d}），上报至 {officer.get_username()}"
                _event(item, "escalate", "逾期上报", today, note)
                audit.record(None, "update", item, org=item.organization, changes={"escalated_to": officer.username})
                count += 1
    return count


def run_daily(today: dt.date | None = None) -> DailyResult:
    today = today or timezone.localdate()
    calendar = load_calendar()
    return DailyResult(warned=warn_items(today), escalated=escalate_items(today, calendar))


@task()
def daily_check(today: str | None = None) -> dict[str, Any]:
    result = run_daily(dt.date.fromisoformat(today) if today else None)
    return {"warned": result.warned, "escalated": result.escalated}

"""The daily ledger task: deadline warnings and escalation of overdue items.

Run once a day by the scheduler (jiceng.core.schedules, registered in LedgersConfig.ready;
`manage.py ledger_daily` runs it by hand); `run_daily(today)`
does the work and takes the date, so tests pass a fixed day instead of moving the clock.
- Warning: once `warn_share` of the allowed time has passed (per ledger type), once per clock.
- Escalation: an open item past its deadline goes to the officer of the next level up (a
  village's item to its township, then to the county), again every ESCALATE_AGAIN_DAYS working
  days (of the item's county calendar) while it stays overdue. A paused item's clock is
  stopped: it is never overdue.
Both are events in the item's history (`engine.record_event`, actor `SYSTEM`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from jiceng.accounts.models import OFFICER_ROLES, User
from jiceng.core import audit, engine
from jiceng.core.actor import SYSTEM, display_name
from jiceng.core.calendar import Calendar, load_calendar
from jiceng.organizations.models import Organization

from . import rules
from .models import LedgerItem, Phase, deadline_clock

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


def warn_items(today: dt.date) -> int:
    count = 0
    candidates = LedgerItem.objects.filter(
        phase=Phase.OPEN, deadline__gte=today, warned_on__isnull=True, deadline_start__isnull=False
    ).prefetch_related("flow")
    for item in candidates.iterator(chunk_size=1000):
        assert item.deadline is not None and item.deadline_start is not None
        if rules.warning_date(item.deadline_start, item.deadline, _warn_share(item)) > today:
            continue
        with transaction.atomic():
            if LedgerItem.objects.filter(pk=item.pk, warned_on__isnull=True).update(warned_on=today):
                engine.record_event(SYSTEM, item, "warn", "临期预警", today, note=f"办理期限 {item.deadline:%Y-%m-%d}")
                count += 1
    return count


def _warn_share(item: LedgerItem) -> float:
    clock = deadline_clock(item.definition)
    return clock.warn_share if clock else 0.8


def working_days_before(today: dt.date, days: int, calendar: Calendar) -> dt.date:
    """The working day `days` working days before `today`."""
    day = today
    for _ in range(days):
        day -= dt.timedelta(days=1)
        while not calendar.is_business_day(day):
            day -= dt.timedelta(days=1)
    return day


def escalate_items(today: dt.date) -> int:
    count = 0
    # "Five more working days" counts the item's own county calendar (one read per place).
    calendars: dict[str, Calendar] = {}

    def again_before(path: str) -> dt.date:
        if path not in calendars:
            calendars[path] = load_calendar(path)
        return working_days_before(today, ESCALATE_AGAIN_DAYS, calendars[path])

    overdue = LedgerItem.objects.overdue_on(today).select_related("organization")
    due = overdue.filter(escalated_on__isnull=True) | overdue.filter(escalated_on__lt=today)
    for item in due.iterator(chunk_size=1000):
        if item.escalated_on is not None and item.escalated_on > again_before(item.org_path):
            continue
        officer = officer_above(item.organization, item.escalation_level + 1)
        if officer is None:
            continue
        with transaction.atomic():
            # Conditional update: a second worker running the same day escalates nothing twice.
            moved = LedgerItem.objects.filter(pk=item.pk, escalation_level=item.escalation_level).update(
                escalation_level=item.escalation_level + 1, escalated_on=today, escalated_to=officer
            )
            if moved:
                note = f"逾期（期限 {item.deadline:%Y-%m-%d}），上报至 {display_name(officer)}"
                engine.record_event(SYSTEM, item, "escalate", "逾期上报", today, note=note)
                audit.record(SYSTEM, "update", item, org=item.organization,
                             changes={"上报至": display_name(officer)})  # fmt: skip
                count += 1
    return count


def run_daily(today: dt.date | None = None) -> DailyResult:
    today = today or timezone.localdate()
    return DailyResult(warned=warn_items(today), escalated=escalate_items(today))


@task()
def daily_check(today: str | None = None) -> dict[str, Any]:
    result = run_daily(dt.date.fromisoformat(today) if today else None)
    return {"warned": result.warned, "escalated": result.escalated}

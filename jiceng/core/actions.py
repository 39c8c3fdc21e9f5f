"""Changes to the shared records core keeps: the business calendar (per county)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from . import audit
from .access import require, user_org
from .actor import Actor, is_system
from .errors import DomainError
from .models import CalendarDay
from .permissions import is_county_officer

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a calendar day outside these is a typing error


def calendar_scope(actor: Actor) -> str:
    """The scope a county officer keeps: their county's tree path (its whole subtree)."""
    require(bool(is_county_officer(actor)))
    org = user_org(actor)
    assert org is not None  # is_county_officer implies an organization
    return str(org.path)


def set_calendar_day(
    actor: Actor, day: dt.date, *, is_workday: bool, name: str = "", scope: str | None = None
) -> CalendarDay:
    """A holiday (休) or a working weekend day (班, 调休) of the actor's county; it overrides the
    shipped entry of the same day for the county's subtree. `scope` only for the system."""
    scope = scope if is_system(actor) and scope is not None else calendar_scope(actor)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DomainError(f"日期应在 {FIRST_YEAR}—{LAST_YEAR} 年之间")
    name = name.strip()
    if len(name) > 30:
        raise DomainError("名称最多 30 个字")
    with transaction.atomic():
        entry, made = CalendarDay.objects.update_or_create(
            scope=scope, day=day, defaults={"is_workday": is_workday, "name": name}
        )
        audit.record(actor, "create" if made else "update", entry, org=user_org(actor),
                     changes={"日期": day.isoformat(), "上班": is_workday, "名称": name})  # fmt: skip
    return entry


def remove_calendar_day(actor: Actor, entry: CalendarDay) -> None:
    """Only the county's own days; the shipped calendar is overridden, never deleted."""
    if not is_system(actor) and entry.scope != calendar_scope(actor):
        raise DomainError("国家安排的日期不能删除，可登记本县的调整日期覆盖它")
    with transaction.atomic():
        audit.record(actor, "delete", entry, org=user_org(actor), changes={"日期": entry.day.isoformat()})
        entry.delete()

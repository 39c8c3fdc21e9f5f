"""Every change to the duty rota and log: permission-checked, atomic, audited.

The rota names village cadres (people holding a current post in the village: 两委 and the
supervisory committee); a log entry names who was on duty that day. Bad input is refused in
Chinese and nothing is written; late entry is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_user
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import queries, rules
from .models import DutyEntry, DutySlot


def _village(org: Organization) -> None:
    if not org.is_village_level:
        raise DomainError("值班安排在村级党组织下")


def set_day(
    actor: Actor, org: Organization, weekday: int, people: Iterable[Any], today: dt.date | None = None
) -> list[Person]:
    """Who is on duty on `weekday` (0 = 星期一) from now on: replaces that day's names."""
    require(actor.has_perm("duty.manage_duty", org))
    _village(org)
    if weekday not in range(7):
        raise DomainError("星期不正确")
    wanted = {int(p) for p in people if str(p).isdigit()}
    cadres = {p.pk: p for p in queries.cadres(org, today or timezone.localdate())}
    if wanted - set(cadres):
        raise DomainError("值班人员应是本村现任村干部")
    chosen = [cadres[pk] for pk in sorted(wanted)]
    with transaction.atomic():
        DutySlot.objects.filter(organization=org, weekday=weekday).delete()
        DutySlot.objects.bulk_create([DutySlot(organization=org, weekday=weekday, person=p) for p in chosen])
        names = "、".join(p.name for p in chosen) or "无"
        audit.record(actor, "update", org, org=org, changes={f"值班（{rules.WEEKDAYS[weekday]}）": names})
    return chosen


def log_entry(actor: Actor, org: Organization, *, on: dt.date, person: Any, callers: str, handled: str = "",
              referred: str = "", today: dt.date | None = None) -> DutyEntry:  # fmt: skip
    """Write a day's duty log: who was on duty, who called or came and about what, what was done or referred."""
    require(actor.has_perm("duty.manage_duty", org))
    _village(org)
    if on > (today or timezone.localdate()):
        raise DomainError("值班日期不能晚于今天")
    cadre = next((p for p in queries.cadres(org, on) if p.pk == getattr(person, "pk", person)), None)
    if cadre is None:
        raise DomainError("值班人员应是当天在任的本村村干部")
    if not callers.strip():
        raise DomainError("请填写来访来电群众及事项（没有来访的填“无”）")
    entry = DutyEntry(organization=org, org_path=org.path, on=on, person=cadre, callers=callers.strip(),
                      handled=handled.strip(), referred=referred.strip(), created_by=actor_user(actor))  # fmt: skip
    with transaction.atomic():
        entry.save()
        audit.record(actor, "create", entry, org=org, changes={"值班日期": on.isoformat(), "值班干部": cadre.name})
    return entry

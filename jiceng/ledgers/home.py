"""The ledgers' sections of the home page of what to do (core.registry.register_my_page, issue 10.11).

- items due or overdue that the user handles (assignee, or escalated to them) or supervises
  (officers and village secretaries: every open item of their subtree that is overdue or due soon);
- liaisons' visit-quota shortfalls this period: an officer sees those of the subtree, a liaison
  their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from jiceng.core.permissions import is_editor, is_officer

from . import stats
from .models import LedgerItem, LiaisonAssignment, Phase

DUE_SOON_DAYS = 3  # also shown: items the daily check warned about (80 % of the time used)
SHOWN = 5  # items listed per group; the link opens the whole list


@dataclass(frozen=True)
class Due:
    item: LedgerItem
    days: int  # days left (negative: days overdue)

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def when(self) -> str:
        if self.days < 0:
            return f"已逾期 {-self.days} 天"
        return "今天到期" if self.days == 0 else f"还有 {self.days} 天"


def _due(items: Any, today: dt.date) -> Any:
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return items.filter(phase=Phase.OPEN, deadline__isnull=False).filter(
        Q(deadline__lte=soon) | Q(warned_on__isnull=False)
    )


def _listed(items: Any, today: dt.date) -> tuple[list[Due], int]:
    rows = items.select_related("ledger_type").order_by("deadline", "pk")
    return [Due(i, (i.deadline - today).days) for i in rows[:SHOWN]], items.count()


def items_section(user: Any, today: dt.date) -> dict[str, Any] | None:
    visible = LedgerItem.objects.visible_to(user)
    mine, mine_count = _listed(_due(visible.filter(Q(assignee=user) | Q(escalated_to=user)), today), today)
    watched: list[Due] = []
    watched_count = overdue_count = 0
    if is_editor(user):
        others = _due(visible, today).exclude(Q(assignee=user) | Q(escalated_to=user))
        watched, watched_count = _listed(others, today)
        overdue_count = visible.overdue_on(today).count()
    if not mine_count and not watched_count:
        return None
    return {"mine": mine, "mine_count": mine_count, "watched": watched, "watched_count": watched_count,
            "overdue_count": overdue_count, "soon_days": DUE_SOON_DAYS}  # fmt: skip


def quota_section(user: Any, today: dt.date) -> dict[str, Any] | None:
    assignments = LiaisonAssignment.objects.visible_to(user)
    if not is_officer(user):
        assignments = assignments.filter(user=user)
    short = [row for row in stats.compliance(assignments, today) if not row.met]
    if not short:
        return None
    own = [row for row in short if row.assignment.user_id == user.pk]
    return {"short": short, "own": own, "others": [row for row in short if row not in own]}

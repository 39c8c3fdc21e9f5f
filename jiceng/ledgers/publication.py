"""The public board, checked again: published items that show personal data are withdrawn.

Registered with `core.privacy.register_published_check` (see apps.py); `core.privacy.recheck_published`
runs it (daily: `manage.py recheck_published` or the scheduler). The withdrawal is an ordinary
unpublish by the system, with a note on the item saying what was found; the officers of the
village see the withdrawn items at the top of the ledger list until they publish them again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jiceng.core import privacy
from jiceng.core.actor import SYSTEM
from jiceng.core.models import CaseEvent

from . import actions
from .models import LedgerItem

AUTO_NOTE = "系统自动撤回"
NOTICE_DAYS = 30


def recheck_published_items() -> int:
    """Withdraw every published item whose public text discloses a person concerned; returns how many."""
    withdrawn = 0
    for item in LedgerItem.objects.filter(published=True).select_related("household").iterator(chunk_size=500):
        found = privacy.problems(item.public_summary, actions.private_names(item))
        if found:
            note = f"{AUTO_NOTE}：公开内容含有{'、'.join(dict.fromkeys(found))}，请修改后重新公开"
            actions.unpublish_item(SYSTEM, item, note=note)
            withdrawn += 1
    return withdrawn


@dataclass(frozen=True)
class Withdrawal:
    item: LedgerItem
    note: str

    @property
    def item_id(self) -> int:
        return self.item.pk


def withdrawn_for(user: Any, today: dt.date | None = None, limit: int = 20) -> list[Withdrawal]:
    """Automatic withdrawals of the last NOTICE_DAYS in the user's view, of items not public again."""
    since = (today or timezone.localdate()) - dt.timedelta(days=NOTICE_DAYS)
    events = (
        CaseEvent.objects.filter(case_type=LedgerItem.case_type(), kind="unpublish", note__startswith=AUTO_NOTE,
                                 on__gte=since)
        .order_by("-at", "-id")
        .values_list("case_id", "note")
    )  # fmt: skip
    latest: dict[int, str] = {}
    for case_id, note in events[:500]:
        latest.setdefault(case_id, note)
    items = LedgerItem.objects.visible_to(user).filter(pk__in=list(latest), published=False)
    found = {item.pk: item for item in items}
    return [Withdrawal(found[pk], note) for pk, note in latest.items() if pk in found][:limit]

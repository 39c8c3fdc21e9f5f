"""The 公示 section of the public board (registered with `core.registry.register_board_section`):
the notices in progress with the objection button today; in an archived month, those that ran then."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from .models import Notice
from .queries import on_board


def section(org: Any, month: dt.date | None) -> dict[str, Any] | None:
    if month is None:
        return {"notices": list(on_board(org)), "org": org, "archived": False}
    end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    rows = Notice.objects.filter(shown_on=org, starts_on__lte=end, ends_on__gte=month).select_related("organization")
    return {"notices": list(rows.order_by("starts_on", "id")[:200]), "org": org, "archived": True}

"""The ledgers' section of the public board: resolved items the village chose to publish (their
public summary only: never the people concerned); in an archived month, those resolved then."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from .models import LedgerItem


def section(org: Any, month: dt.date | None) -> dict[str, Any] | None:
    items = LedgerItem.objects.published()
    # A township's board shows its villages' items.
    items = items.filter(organization=org) if org.is_village_level else items.filter(org_path__startswith=org.path)
    if month is not None:
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        items = items.filter(resolved_on__gte=month, resolved_on__lte=end)
    rows = (
        items.select_related("ledger_type", "organization")
        .only("ledger_type__name", "organization__name", "category", "public_summary", "measures", "resolved_on",
              "published_on")
        .order_by("-resolved_on", "-id")[:100]
    )  # fmt: skip
    return {"items": list(rows), "township": not org.is_village_level}

"""The evaluations' section of the public board: published results (links to the public result
page, which shows the cadres evaluated and the tallies, never who voted how)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import Round, State


def section(org: Any, month: dt.date | None) -> dict[str, Any] | None:
    rounds = Round.objects.filter(state=State.PUBLISHED)
    rounds = (
        rounds.filter(organization=org)
        if org.is_village_level
        else rounds.filter(organization__path__startswith=org.path)
    )
    if month is not None:
        rounds = rounds.filter(year=month.year)
    rows = rounds.select_related("organization").only("title", "year", "public_key", "organization__name", "kind")
    return {"rounds": list(rows.order_by("-year", "-id")[:50])}

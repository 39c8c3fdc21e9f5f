"""The assessments' section of the public board (issue 16.4: results go through 公示, then show
on the board): the rounds in 公示 or final that cover the board's organization, with the village's
own result, and a link to the full 公示牌. Members' own evaluations are never public."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.calendar import ancestor_paths

from .models import Result, Round


def section(org: Any, month: dt.date | None) -> dict[str, Any] | None:
    rounds = (Round.objects.filter(org_path__in=ancestor_paths(org.path), state__in=("publicity", "final"))
              .exclude(scheme__subject="member").select_related("scheme", "organization"))  # fmt: skip
    if month is not None:
        rounds = rounds.filter(year__lte=month.year)
    found = list(rounds.order_by("-year", "-number", "scheme__name")[:10])
    results = Result.objects.filter(round__in=found, organization=org).only("round_id", "score", "grade", "rating")
    own = {r.round_id: r for r in results}
    return {"rounds": [(rnd, own.get(rnd.pk)) for rnd in found], "org": org}

"""The confirmed 理事 of the care councils as rated subjects (issue 17.7: 优秀关怀理事评比 in the
evaluations app, through `core.registry`; this app imports no higher one)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.registry import RatedKind, RatedSubject, register_rated_kind

from .models import Councillor
from .rules import CouncillorStatus


def rated_councillors(root: Any, on: dt.date) -> list[RatedSubject]:
    rows = Councillor.objects.filter(council__org_path__startswith=root.path, status=CouncillorStatus.CONFIRMED,
                                     confirmed_on__lte=on).select_related("council__organization", "post")  # fmt: skip
    return [RatedSubject(f"councils.councillor:{c.pk}", f"{c.name}（{c.council.organization.name}{c.post.name}）",
                         c.council.org_path, c.council.organization)
            for c in rows.order_by("council__org_path", "post_id", "name", "pk")]  # fmt: skip


def register() -> None:
    register_rated_kind(RatedKind("councillor", "关怀理事", rated_councillors))

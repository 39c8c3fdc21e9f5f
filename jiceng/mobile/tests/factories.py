"""Mobile member test data: an outflow recorded through the real action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.mobile import actions
from jiceng.mobile.models import Outflow
from jiceng.people.models import Person

D = dt.date
LEFT = D(2024, 3, 1)
TODAY = D(2024, 6, 20)


def outflow(person: Person, *, left_on: dt.date = LEFT, destination: str = "广东省东莞市", actor: Any = SYSTEM,
            today: dt.date = TODAY, **extra: Any) -> Outflow:  # fmt: skip
    extra.setdefault("reason", "work")
    return actions.record_outflow(actor, person, destination=destination, left_on=left_on, today=today, **extra)

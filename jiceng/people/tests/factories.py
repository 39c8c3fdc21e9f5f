"""Test data builders: valid ID numbers from a counter, people through the real action."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from jiceng.core.actor import SYSTEM, SystemActor
from jiceng.organizations.models import Organization
from jiceng.people import actions
from jiceng.people.models import Person
from jiceng.people.rules import Category, id_with_check_digit

_counter = itertools.count(1)


def valid_id(birth: dt.date = dt.date(1970, 5, 17), male: bool = True, region: str = "422822") -> str:
    n = next(_counter) % 500
    seq = n * 2 + (1 if male else 0)
    return id_with_check_digit(f"{region}{birth:%Y%m%d}{seq:03d}")


# Old name of the system actor, still imported by other apps' tests (meetings).
_System = SystemActor


def make_person(
    org: Organization,
    name: str = "张三",
    category: str = Category.FULL,
    *,
    birth: dt.date = dt.date(1970, 5, 17),
    male: bool = True,
    actor: Any = None,
    **extra: Any,
) -> Person:
    data: dict[str, Any] = {"name": name, "category": category, "organization": org}
    if category in (Category.FULL, Category.PROBATIONARY):
        data.setdefault("joined_on", dt.date(2000, 7, 1))
    if category == Category.FULL:
        data.setdefault("confirmed_on", dt.date(2001, 7, 1))
    data.update(extra)
    return actions.create_person(actor or SYSTEM, id_number=valid_id(birth, male), **data)

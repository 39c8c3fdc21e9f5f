"""Union test data: a village register of households and a union of them (through the actions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.councils.tests.factories import register
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.unions import actions
from jiceng.unions.models import Union
from jiceng.unions.rules import OfficerRole, UnionBasis

D = dt.date
FOUNDED = D(2024, 3, 1)

__all__ = ["FOUNDED", "D", "make_union", "register"]


def make_union(org: Organization, count: int = 26, *, name: str = "王家湾户联理事会", grid: str = "一组",
               houses: list[Household] | None = None, chair: bool = False, **extra: Any) -> Union:  # fmt: skip
    houses = houses if houses is not None else register(org, count, grid)
    union = actions.create_union(SYSTEM, org, name=name, basis=UnionBasis.COURTYARD, place="王家湾",
                                 founded_on=FOUNDED, households=houses, **extra)  # fmt: skip
    if chair:
        actions.choose_officer(SYSTEM, union, role=OfficerRole.CHAIR, name="王德厚", chosen_on=FOUNDED,
                               voting=len(houses), votes=len(houses))  # fmt: skip
    return union

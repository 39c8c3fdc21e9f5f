"""Selection test data: an exercise in 东镇党委 (standard) or 东一村党支部 (二推一选) walked to any step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person
from jiceng.selection.demo import new_exercise, notice_end, walk
from jiceng.selection.models import Exercise, Kind

D = dt.date
START = D(2024, 3, 4)  # a Monday

__all__ = ["START", "SYSTEM", "D", "candidates_of", "exercise", "notice_end", "people", "walk"]


def people(org: Organization, names: tuple[str, ...] = ("赵一", "钱二", "孙三")) -> list[Person]:
    return [make_person(org, name) for name in names]


def exercise(tree: Any, kind: str = Kind.STANDARD, until: str = "", start: dt.date = START, **extra: Any) -> Exercise:
    """An exercise of 东镇党委 (standard: a 镇党委委员) or of 东一村党支部 (二推一选: a 村党支部委员)."""
    if kind == Kind.STANDARD:
        ex = new_exercise(tree.east, kind, start, tree.east)
    else:
        ex = new_exercise(tree.east1, kind, start, tree.east1)
    if until:
        walk(ex, people(tree.east1), until, **extra)
    return ex


def candidates_of(ex: Exercise) -> list[Any]:
    return list(ex.candidates.order_by("id"))

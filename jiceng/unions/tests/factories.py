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


def five_good(union: Union, township: Organization, points: int = 20, year: int | None = None) -> str:
    """A final 五好户联理事会 round of `township` where `union` got `points` on every indicator
    from one reviewer: the ref of its result (the rating 以奖代补 rewards at 90 and more)."""
    from decimal import Decimal

    from django.utils import timezone

    from jiceng.accounts.models import Role, User
    from jiceng.assessments import actions as assess
    from jiceng.assessments import scoring
    from jiceng.core.registry import ratings_of
    from jiceng.notices.models import Notice

    reviewer = User.objects.create_user(username=f"reviewer-{union.pk}", password="x", organization=township,
                                        role=Role.TOWNSHIP_OFFICER)  # fmt: skip
    scheme = assess.copy_template(reviewer, township, "huliang")
    year = year if year is not None else timezone.localdate().year - 1
    rnd = assess.open_round(reviewer, scheme, organization=township, year=year)
    for i in range(1, 6):
        for s in scoring.subjects_of(scheme, township, rnd.ends_on):
            assess.record_review(reviewer, rnd, subject_ref=s.ref, indicator=f"H{i}", points=Decimal(points))
    assess.compute(reviewer, rnd)
    assess.publish(reviewer, rnd, days=5)
    notice = Notice.objects.get(subject_ref=f"assessments.round:{rnd.pk}")
    assess.finalize(reviewer, rnd, today=notice.ends_on + dt.timedelta(days=1))
    return next(r.ref for r in ratings_of(union.ref))

"""Demo evaluations: a published 背靠背 mass evaluation and an open 述职评议 in the demo village."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from jiceng.accounts.models import User
from jiceng.people.models import Person
from jiceng.people.rules import MEMBER_CATEGORIES

from . import actions
from .models import Kind, Pool
from .rules import Scale


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None:
        return
    org, rng = secretary.organization, random.Random(seed)
    members = list(Person.objects.in_subtree(org).filter(category__in=MEMBER_CATEGORIES).order_by("name")[:12])
    mass = actions.create_round(secretary, organization=org, kind=Kind.MASS, title="党员群众背靠背评议",
                                year=today.year, scale=Scale.SATISFACTION, pool=Pool.VILLAGERS)  # fmt: skip
    actions.add_subjects(secretary, mass, people=members)
    codes = actions.generate_codes(secretary, mass, 40)
    actions.open_round(secretary, mass)
    subject_ids = list(mass.subjects.values_list("id", flat=True))
    for code in codes[:34]:
        choice = {str(s): rng.choices(["satisfied", "basic", "unsatisfied"], [7, 2, 1])[0] for s in subject_ids}
        actions.vote(mass.public_key, code, choice)
    actions.close_round(secretary, mass, 36)
    actions.publish(secretary, mass)
    report = actions.create_round(secretary, organization=org, kind=Kind.REPORT, title="村“两委”班子述职评议",
                                  year=today.year, scale=Scale.SATISFACTION, pool=Pool.REPRESENTATIVES)  # fmt: skip
    actions.add_subjects(secretary, report, names=["村党支部班子", "村民委员会班子"])
    progress(f"{org.name}：已生成演示评议 2 次（1 次已公布）")

"""Demo care council of the demo village (registered with `core.registry`): the four default
posts and their 党小组, four confirmed 理事 and one pending, this year's county grant and two
送戏下乡 shows, two care targets (no 特殊人员 in the demo), and visits of half the households
this month (one a deed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM
from jiceng.households.models import Household
from jiceng.people.models import Person

from . import actions, rules
from .models import Council


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None:
        return
    org = secretary.organization
    if Council.objects.filter(organization=org).exists() or actions.secretary_of(org, today) is None:
        return
    chair = actions.secretary_of(org, today)
    people = list(Person.objects.in_subtree(org).exclude(pk=chair.pk if chair else 0).order_by("name", "pk")[:5])
    households = list(Household.objects.filter(grid__organization=org).order_by("pk"))
    with transaction.atomic():
        council = actions.create_council(SYSTEM, org, founded_on=dt.date(today.year - 2, 3, 1), today=today)
        posts = list(council.posts.order_by("pk"))
        made = []
        for i, person in enumerate(people):
            kind = rules.CouncillorKind.MEMBER_NO_POST if person.is_member else rules.CouncillorKind.ENTREPRENEUR
            c = actions.volunteer(SYSTEM, council, posts[i % len(posts)], kind=kind, person=person,
                                  applied_on=council.founded_on, today=today)  # fmt: skip
            if i < 4:
                made.append(actions.confirm(SYSTEM, c, council.founded_on, today=today))
        year_start = dt.date(today.year, 1, 1)
        actions.add_income(SYSTEM, council, kind=rules.EntryKind.COUNTY_GRANT, received_on=year_start, today=today)
        actions.add_income(SYSTEM, council, kind=rules.EntryKind.PERFORMANCE, received_on=year_start,
                           performances=2, note="春节送戏下乡", today=today)  # fmt: skip
        if made:
            actions.add_target(SYSTEM, council, kind=rules.TargetKind.HARDSHIP, detail=rules.TargetDetail.ALONE,
                               name="独居老人", councillor=made[0], since=council.founded_on, today=today)  # fmt: skip
            actions.add_target(SYSTEM, council, kind=rules.TargetKind.YOUTH, detail=rules.TargetDetail.YOUTH,
                               name="返乡青年", councillor=made[-1], since=council.founded_on, today=today)  # fmt: skip
            first = today.replace(day=1)
            for i, house in enumerate(households[: len(households) // 2]):
                actions.record_visit(SYSTEM, council, councillor=made[i % len(made)], household=house,
                                     visited_on=first, asked="了解生产生活情况", done="帮助联系农资" if i == 0 else "",
                                     deed=i == 0, today=today)  # fmt: skip
    progress(f"{org.name}：关怀理事会 1 个，理事 {len(people)} 名，本月走访 {len(households) // 2} 户")

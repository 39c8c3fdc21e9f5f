"""Demo volunteers and youth league for the demo village (registered with `core.registry`):
seed 004's three teams (党员志愿服务队, 五老志愿服务队, 义务巡查队) with members and a few services
this year (献血, 义诊, 宣传, 巡查; one entered late), the village 团支部 with the village's young
people aged 14–28 as 团员 (one in three) and their 团费 for the year so far. No 推优: it opens a
development file, and the demo's development files are counted by that app's own demo test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM
from jiceng.people.models import Person
from jiceng.people.rules import MEMBER_CATEGORIES

from . import actions, rules


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None:
        return
    org = secretary.organization
    people = list(Person.objects.in_subtree(org).order_by("name", "pk"))
    if not people:
        return
    members = [p for p in people if p.category in MEMBER_CATEGORIES]
    elders = [p for p in people if rules.age_on(p.birth_date, today) >= 60]
    young = [p for p in people if rules.in_ages(p.birth_date, today, rules.LEAGUE_AGES)]
    first = dt.date(today.year, 1, 1)
    with transaction.atomic():
        teams = []
        for kind, name, crew in ((rules.TeamKind.PARTY, "党员志愿服务队", members[:12]),
                                 (rules.TeamKind.ELDERS, "五老志愿服务队", elders[:8]),
                                 (rules.TeamKind.PATROL, "义务巡查队", (members[12:] + people)[:10])):  # fmt: skip
            team = actions.create_team(SYSTEM, org, name, kind, founded_on=dt.date(today.year - 3, 3, 5),
                                       leader=crew[0] if crew else None, today=today)  # fmt: skip
            if crew:
                actions.change_members(SYSTEM, team, add=[p.pk for p in crew])
            teams.append((team, crew))
        plans: list[tuple[int, str, str, int]] = [
            (0, rules.ServiceKind.BLOOD, "无偿献血活动", 3),
            (0, rules.ServiceKind.PUBLICITY, "预防登革热宣传，清理积水", 2),
            (1, rules.ServiceKind.CLINIC, "联合卫生站为老人义诊", 4), (2, rules.ServiceKind.PATROL, "村内安全巡查", 2),
        ]  # fmt: skip
        for n, (index, service_kind, title, hours) in enumerate(plans):
            team, crew = teams[index]
            held = min(today, first + dt.timedelta(days=20 + 40 * n))
            if crew:
                crew_ids = [p.pk for p in crew[:6]]
                actions.record_service(SYSTEM, team, held, service_kind, title, crew_ids, Decimal(hours),
                                       others=5 if service_kind == rules.ServiceKind.BLOOD else 0,
                                       today=today)  # fmt: skip
        branch = actions.save_league_branch(SYSTEM, org, f"{org.village.name if org.village else org.name}团支部",
                                            secretary=young[0] if young else None,
                                            founded_on=dt.date(1980, 5, 4), today=today)  # fmt: skip
        count = 0
        for i, person in enumerate(young):
            if i % 3:
                continue
            joined = max(person.birth_date.replace(year=person.birth_date.year + 15), dt.date(2000, 5, 4))
            if joined > today:
                continue
            member = actions.add_league_member(SYSTEM, branch, person, joined, today=today)
            count += 1
            if joined < first and today.month > 1:
                actions.record_league_dues(SYSTEM, member, first, paid_on=first + dt.timedelta(days=9),
                                           count=today.month - 1, today=today)  # fmt: skip
    progress(f"{org.name}：志愿服务队 3 支，团员 {count} 名")

"""Demo pairings and fund of the demo township (registered with `core.registry`): three 贫困党员
in the ledger, each paired 一带一 with a cadre, this year's visits, one 送温暖 and one deed, two
双联双定双带 links, and the fund's income and two grants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, rules
from .models import PoorMember


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    officer = User.objects.filter(username="township").select_related("organization").first()
    if officer is None or officer.organization is None:
        return
    town = officer.organization
    if PoorMember.objects.filter(township=town).exists():
        return
    village = Organization.objects.filter(path__startswith=town.path, is_village_level=True).order_by("path").first()
    if village is None:
        return
    members = list(Person.objects.in_subtree(village).members().order_by("name", "pk"))
    start = dt.date(today.year, 1, 1)
    cadres = [p for p in Person.objects.in_subtree(town).members().order_by("org_path", "name", "pk")[:200]
              if actions.is_cadre(p, town, start)][:3]  # fmt: skip
    poor = [p for p in members if p not in cadres][:3]
    if not cadres or not poor:
        return
    with transaction.atomic():
        for i, person in enumerate(poor):
            entry = actions.add_poor_member(SYSTEM, town, person, since=start, situation="家庭困难，缺少劳力",
                                            today=today)  # fmt: skip
            pair = actions.create_pairing(SYSTEM, town, kind=rules.PairKind.ONE_TO_ONE, helper=cadres[i % len(cadres)],
                                          poor=entry, started_on=start, today=today)  # fmt: skip
            actions.record_contact(SYSTEM, pair, kind=rules.ContactKind.VISIT, on=start, content="上门了解生产生活情况",
                                   today=today)  # fmt: skip
            if i == 0:
                actions.record_contact(SYSTEM, pair, kind=rules.ContactKind.WARMTH, on=start, content="春节送去米油",
                                       today=today)  # fmt: skip
                actions.record_contact(SYSTEM, pair, kind=rules.ContactKind.DEED, on=start, content="帮助联系种苗",
                                       today=today)  # fmt: skip
        actions.create_pairing(SYSTEM, town, kind=rules.PairKind.AFFAIR, helper=cadres[0], affair="openness",
                               village=village, started_on=start, today=today)  # fmt: skip
        actions.create_pairing(SYSTEM, town, kind=rules.PairKind.HARDSHIP, helper=cadres[-1], name="困难群众",
                               started_on=start, today=today)  # fmt: skip
        actions.add_income(SYSTEM, town, kind=rules.IncomeKind.DAY_WAGE, received_on=start, amount=300_000,
                           source="机关党员捐一日工资", today=today)  # fmt: skip
        for person in poor[:2]:
            actions.grant(SYSTEM, town, person, reason=rules.GrantReason.ILLNESS, amount=50_000, approved_by="乡党委",
                          approved_on=start, paid_on=start, today=today)  # fmt: skip
    progress(f"{town.name}：贫困党员台账 {len(poor)} 户，结对帮扶 {len(poor) + 2} 对，帮扶基金收入 3000 元")

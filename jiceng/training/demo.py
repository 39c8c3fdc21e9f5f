"""Demo 培训 for the demo township (registered with `core.registry`): a two-day 集中轮训 of the
village cadres in spring and a one-day 远程教育 for the demo village's members in autumn; with
the 党课 of the demo meetings, the shortfall list shows who is short of 32 or 56 学时."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM
from jiceng.people.models import Person, Post
from jiceng.people.rules import MEMBER_CATEGORIES

from . import actions
from .rules import SessionKind, Unit


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None or today.month < 11:
        return  # both sessions lie in the year so far
    village = secretary.organization
    township = village.parent()
    if township is None:
        return
    cadres = Post.objects.current_on(today).filter(organization__path__startswith=township.path,
                                                   organization__is_village_level=True)  # fmt: skip
    cadre_ids = sorted(set(cadres.values_list("person_id", flat=True)))
    members = Person.objects.filter(organization=village, category__in=MEMBER_CATEGORIES).order_by("pk")
    member_ids = list(members.values_list("pk", flat=True)[:40])
    if not cadre_ids or not member_ids:
        return
    year = today.year
    with transaction.atomic():
        actions.create_session(SYSTEM, township, title="村“两委”干部集中轮训", kind=SessionKind.CONCENTRATED,
                               starts_on=dt.date(year, 4, 8), ends_on=dt.date(year, 4, 9), unit=Unit.DAY,
                               amount=Decimal(2), participants=cadre_ids, place="镇党校", trainer="县委党校",
                               today=today)  # fmt: skip
        actions.create_session(SYSTEM, village, title="党员远程教育：学习贯彻党的二十届四中全会精神",
                               kind=SessionKind.REMOTE, starts_on=dt.date(year, 10, 22), ends_on=dt.date(year, 10, 22),
                               unit=Unit.DAY, amount=Decimal(1), participants=member_ids, place="村党员活动室",
                               today=today)  # fmt: skip
    progress(f"{township.name}：培训 2 期，{len(cadre_ids) + len(member_ids)} 人次")

"""Demo 户联理事会 of the demo village: one union of the village's households by 屋场院子
(confirmed when they are fewer than 25), its 理事长 and a 理事, and one activity of each 四联."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM
from jiceng.households.models import Household

from . import actions
from .models import Union
from .rules import ActivityKind, OfficerRole, UnionBasis


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None:
        return
    org = secretary.organization
    households = list(Household.objects.filter(grid__organization=org).order_by("pk")[:30])
    if Union.objects.filter(organization=org).exists() or len(households) < 3:
        return
    founded = dt.date(today.year - 1, 3, 1)
    n = len(households)
    with transaction.atomic():
        union = actions.create_union(SYSTEM, org, name="王家湾户联理事会", basis=UnionBasis.COURTYARD, place="王家湾",
                                     founded_on=founded, households=households, confirm_size=True,
                                     today=today)  # fmt: skip
        actions.choose_officer(SYSTEM, union, role=OfficerRole.CHAIR, name="王德厚", chosen_on=founded,
                               voting=n, votes=n, today=today)  # fmt: skip
        actions.choose_officer(SYSTEM, union, role=OfficerRole.MEMBER, name="李秀英", chosen_on=founded,
                               voting=n, votes=n - 1, today=today)  # fmt: skip
        held = dt.date(today.year, 1, 15) if today >= dt.date(today.year, 1, 15) else founded
        for kind, title, more in (
            (ActivityKind.ECONOMY, "农忙互换劳力、统一采购柑橘苗", {"labour": 60}),
            (ActivityKind.SECURITY, "组建夜间巡逻队，调解邻里纠纷2起", {}),
            (ActivityKind.GOOD_DEEDS, "集资整修通组路、清淤堰塘", {"water": 40, "road_km": Decimal("1.2"),
                                                                  "money": 1_200_000}),
            (ActivityKind.CULTURE, "老曲新唱文艺晚会", {}),
        ):  # fmt: skip
            actions.record_activity(SYSTEM, union, kind=kind, held_on=held, title=title, households=n, today=today,
                                    **more)  # fmt: skip
    progress(f"{org.name}：户联理事会 1 个，农户 {n} 户，四联活动 4 次")

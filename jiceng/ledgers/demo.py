"""Modest demo data for the first demo township: grids, liaisons, visits and ledger items."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from jiceng.accounts.models import User
from jiceng.households import actions as households
from jiceng.organizations.models import Organization

from . import actions
from .defaults import install_templates
from .models import LedgerType

PROBLEMS = {
    "livelihood": [("道路交通", "通组路破损，雨天泥泞"), ("饮水", "三组自来水水压不足"), ("用电", "村头路灯不亮")],
    "hardship": [("因病", "户主患病，家庭收入低"), ("因灾", "房屋受暴雨损坏"), ("缺劳力", "独居老人无人照料")],
    "stability": [("土地纠纷", "两户承包地界线争议"), ("邻里纠纷", "宅基地排水纠纷")],
}
MEASURES = {"livelihood": ["一事一议"], "hardship": ["临时救助"], "stability": ["调解"]}


def seed_ledgers(township: Organization, officer: User, today: dt.date, rng: random.Random) -> int:
    install_templates()
    types = {t.code: t for t in LedgerType.objects.filter(owner=None)}
    villages = list(township.descendants().filter(is_village_level=True).order_by("path")[:5])
    made = 0
    for village in villages:
        grid = households.create_grid(
            officer, village, name="第一网格", responsible="网格员", duties="走访农户，收集民情"
        )
        actions.assign_liaison(officer, user=officer, organization=village, start_on=today.replace(day=1))
        for code, problems in PROBLEMS.items():
            for category, text in problems:
                on = today - dt.timedelta(days=rng.randint(3, 60))
                _visit, items = actions.record_visit(
                    officer, organization=village, kind="hardship" if code == "hardship" else "resident",
                    visited_on=on, visitee="村民", grid=grid,
                    items=[{"ledger_type": types[code], "description": text, "category": category}],
                )  # fmt: skip
                item = items[0]
                made += 1
                if rng.random() < 0.8:
                    actions.move_item(officer, item, "assigned", today=on, assignee=officer)
                if item.status == "assigned" and rng.random() < 0.75:
                    done = min(today, on + dt.timedelta(days=rng.randint(1, 20)))
                    actions.move_item(officer, item, "resolved", today=done, resolution="已办结",
                                      measures=MEASURES[code])  # fmt: skip
                    if code != "stability":
                        actions.publish_item(officer, item, f"{village.name[:3]}：{category}问题已解决", today=done)
    return made


def seed_for_demo(today: dt.date, seed_value: int, progress: Callable[[str], None] | None = None) -> int:
    """Ledgers for the demo township officer's township (after `jiceng.demo.seed`)."""
    from django.db import transaction

    officer = User.objects.filter(username="township").select_related("organization").first()
    if officer is None or officer.organization is None:
        return 0
    with transaction.atomic():
        made = seed_ledgers(officer.organization, officer, today, random.Random(seed_value))
        if progress is not None:
            progress(f"{officer.organization.name}：已生成演示台账 {made} 件")
        return made

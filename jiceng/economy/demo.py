"""Demo cooperatives and collective economy for the demo county (registered with core.registry).

- Every village of the county: three years of collective income (about a third of the villages
  with income two years ago, two thirds last year, all of them this year — seed 002's "none left
  empty by the year's end"); the demo township's villages also have their assets, entered through
  the actions (audited), the rest of the county in bulk.
- The demo township: five cooperatives and associations after seed 000 (a transport cooperative
  of the demo village with 24 member households, shares, rent, two dividends of 15 元 a share and
  the principal due after three years; 绿纯, 妙峰玫瑰, 妙樱; one unlisted association).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from jiceng.core.actor import SYSTEM
from jiceng.households import actions as households
from jiceng.households.models import Grid, Household
from jiceng.organizations.actions import township_of
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import actions, rules
from .models import CollectiveEntry

SOURCES = ["land", "forest", "sand", "hydro", "tax_rebate", "rent", "enterprise"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋"
COOPS = [
    # (name suffix, industry, kind, brand/trademark, standards done, drafting, listed)
    ("绿纯蜂业合作社", "养蜂", rules.CoopKind.ORGANIZATION, "绿纯", 4, 6, True),
    ("玫瑰专业合作社", "玫瑰种植", rules.CoopKind.COOPERATIVE, "妙峰玫瑰", 1, 0, True),
    ("樱桃专业合作社", "大樱桃", rules.CoopKind.COOPERATIVE, "妙樱", 0, 0, True),
    ("农家旅游协会", "农家乐", rules.CoopKind.ASSOCIATION, "", 0, 0, False),
]


def _on(year: int, today: dt.date, rng: random.Random) -> dt.date:
    day = dt.date(year, rng.randint(3, 11), rng.randint(1, 28))
    return min(day, today - dt.timedelta(days=1))


def _items(rng: random.Random, year: int, age: int, village: int) -> list[tuple[str, int]]:
    """A village's income items of a year (none for the poorer villages in the earlier years)."""
    share = {2: 0.35, 1: 0.7, 0: 1.0}[age]
    if rng.random() > share and village % 7:
        return []
    items = [(rng.choice(SOURCES), rng.randint(8, 120) * 100_000) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.6:
        items.append(("expense_admin", rng.randint(2, 15) * 100_000))
    return items


def seed_collective(root: Organization, township: Organization, today: dt.date, rng: random.Random) -> int:
    villages = list(Organization.objects.filter(path__startswith=root.path, is_village_level=True).order_by("path"))
    bulk: list[CollectiveEntry] = []
    made = 0
    for i, village in enumerate(villages):
        ours = village.path.startswith(township.path)
        for age in (2, 1, 0):
            year = today.year - age
            for source, amount in _items(rng, year, age, i):
                on = _on(year, today, rng)
                if ours:
                    actions.record_collective(SYSTEM, village, year=year, on=on, source=source, amount=amount,
                                              today=today)  # fmt: skip
                else:
                    bulk.append(CollectiveEntry(organization=village, org_path=village.path, year=year, on=on,
                                                source=source, amount=amount, entered_by="系统"))  # fmt: skip
                made += 1
        if ours:
            actions.set_profile(SYSTEM, village, today.year - 2, land_mu=Decimal(rng.randint(600, 3000)),
                                forest_mu=Decimal(rng.randint(1000, 8000)),
                                economic_forest_mu=Decimal(rng.choice([40, 80, 100, 150])),
                                yield_forest_mu=Decimal(rng.choice([200, 450, 500, 800])),
                                population=rng.randint(600, 2500), today=today)  # fmt: skip
    CollectiveEntry.objects.bulk_create(bulk, batch_size=2000)
    return made


def _members(village: Organization, count: int, rng: random.Random) -> list[Household]:
    grid = Grid.objects.filter(organization=village).order_by("pk").first()
    if grid is None:
        grid = households.create_grid(SYSTEM, village, name="第一网格", responsible="网格员")
    found = list(Household.objects.filter(grid__organization=village).order_by("pk")[:count])
    for n in range(len(found), count):
        name = rng.choice(SURNAMES) + rng.choice("建国明华军平秀英桂兰志强丽红") + rng.choice("林生民成芳娟")
        found.append(households.add_household(SYSTEM, grid, head_name=name, address=f"{n % 6 + 1}组", size=3))
    return found


def seed_coops(village: Organization, today: dt.date, rng: random.Random) -> int:
    township = township_of(village)
    if township is None:
        return 0
    year = today.year
    coop_branch = Organization.objects.filter(path__startswith=township.path, kind=OrgKind.COOP_BRANCH).first()
    prefix = village.name.removesuffix("党支部").removesuffix("党总支")
    transport = actions.create_cooperative(SYSTEM, village, name=f"{prefix}运输合作社", industry="运输",
                                           founded_on=dt.date(year - 2, 1, 10), registration="93110109MA00000001",
                                           note="村民自愿出资入股购买运输车，整体租给采石公司，"
                                                "每年租金为车款的15%")  # fmt: skip
    houses = _members(village, 24, rng)
    started = dt.date(year - 2, 1, 20)
    actions.subscribe(SYSTEM, transport, [(h, rng.randint(50, 400)) for h in houses], started, today=today)
    shares = sum(h.shares for h in transport.holdings.all())
    trucks = actions.add_asset(SYSTEM, transport, name="运输车", count=max(1, shares // 3000),
                               price=shares * transport.share_price, bought_on=started, lessee="采石有限公司",
                               rent_rate_bp=1500, lease_years=3, today=today)  # fmt: skip
    rent = trucks.yearly_rent or 0
    for age in (2, 1):
        y = year - age
        actions.record_coop_income(SYSTEM, transport, year=y, on=dt.date(y, 12, 20), kind="rent", amount=rent,
                                   payer="采石有限公司", note="运输车年租金（车款的15%）", today=today)  # fmt: skip
        actions.declare_dividend(SYSTEM, transport, year=y, record_on=dt.date(y, 12, 31),
                                 paid_on=dt.date(y + 1, 1, 10), per_share=1500, today=today)  # fmt: skip
    if len(houses) > 1:
        actions.transfer(SYSTEM, transport, houses[0], houses[1], 10, min(today, dt.date(year, 3, 1)), price=100_000,
                         note="转让给邻户", today=today)  # fmt: skip
    actions.add_installment(SYSTEM, transport, dt.date(year + 1, 1, 20), 100)
    for suffix, industry, kind, mark, done, drafting, listed in COOPS:
        made = actions.create_cooperative(SYSTEM, township, name=f"{township.name[:2]}{suffix}", industry=industry,
                                          kind=kind, brand=mark, trademark=mark, standards_done=done,
                                          standards_drafting=drafting, listed=listed,
                                          branch=coop_branch if suffix.startswith("绿纯") else None,
                                          standards="蜂产品质量标准书" if done >= 4 else "")  # fmt: skip
        if listed:
            actions.subscribe(SYSTEM, made, [(h, rng.randint(5, 30)) for h in houses[::3]], started, today=today)
    return 1 + len(COOPS)


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    from jiceng.accounts.models import User

    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None:
        return
    village = secretary.organization
    township = township_of(village)
    county = User.objects.filter(username="county").select_related("organization").first()
    root = county.organization if county is not None else None
    if township is None or root is None:
        return
    rng = random.Random(f"economy-{seed}")
    with transaction.atomic():
        entries = seed_collective(root, township, today, rng)
        coops = seed_coops(village, today, rng)
    progress(f"集体经济：{entries} 笔村集体收支（3 年），{township.name} {coops} 个合作社（协会）")

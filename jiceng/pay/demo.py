"""Demo cadre pay (registered with `core.registry`): the demo township's scheme on seed 004's
template (secretary 250 000 元, 主任 70 % … 村委 40 %, 一肩挑 = secretary's pay plus 30 % of the
主任's), last year's score of every village of the township, the demo village's special account,
a 单项工作奖 and last year's pay handed over in four quarters (the last quarter still due)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM
from jiceng.people.models import Person

from . import actions, queries, rules


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    secretary = User.objects.filter(username="village").select_related("organization").first()
    if secretary is None or secretary.organization is None:
        return
    village = secretary.organization
    town = queries.township_of(village)
    if town is None:
        return
    year = today.year - 1
    with transaction.atomic():
        actions.save_scheme(SYSTEM, town, year, secretary_base=25_000_000, shares=dict(rules.SEED_004_SHARES),
                            combined_rule=rules.CombinedRule.PLUS, combined_share=3_000,
                            bands=list(rules.DEFAULT_BANDS), note=f"《{town.name}村干部考核管理办法》")  # fmt: skip
        for i, v in enumerate(queries.villages(town)):
            score = Decimal(95 - (i * 7) % 30)
            source = f"{year}年度村级目标责任制考核（乡党委会议{year + 1}年1月确定）"
            actions.enter_score(SYSTEM, v, year, score, source, secretary_base=25_000_000 - (i % 3) * 2_500_000)
        name = f"{village.village.name if village.village else village.name}村干部报酬专户"
        actions.save_account(SYSTEM, village, name=name, bank="农村信用合作社", managed_by="乡镇财政所",
                             opened_on=dt.date(year - 3, 3, 1))  # fmt: skip
        data = queries.sheet(village, year, today)
        if data.lines:
            first = Person.objects.get(pk=data.lines[0].person_id)
            actions.add_award(SYSTEM, village, year, first, "招商引资单项工作奖", 500_000, dt.date(year, 12, 28), today)
        for line in queries.sheet(village, year, today).lines:
            person = Person.objects.get(pk=line.person_id)
            quarter = (line.due or 0) // 4
            for q in range(3):  # three quarters paid; the fourth still due
                actions.record_payment(SYSTEM, village, year, person, quarter, dt.date(year, 3 * q + 4, 5),
                                       f"{year}-Q{q + 1}-{line.person_id}", today)  # fmt: skip
    progress(f"{town.name}：{year}年村干部报酬方案，{village.name}发放表 {len(data.lines)} 人")

"""Demo 党务/村务/财务公开 for the villages of the demo county's first township (registered with
`core.registry`): monthly finance statements of the last six months (the second village missed
one, so the township's dashboard shows it late), quarterly 村务 and 党务 items, a spot check with
a rectification deadline, and a 村民自治事项 waiting for its 村民代表会议.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from jiceng.core.actor import SYSTEM
from jiceng.core.calendar import add_months
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import actions
from .rules import EXPENSE, INCOME, Line

VILLAGE_TEXT = ("村道硬化工程完工并通过验收；农村低保、特困供养资格复核完成（名单在村委会查阅）；"
                "村集体经营性资产出租合同续签。")  # fmt: skip
PARTY_TEXT = "本季度召开党员大会1次、支委会3次，讲党课1次；党费按规定收缴并上缴。"


def _month_end(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1) - dt.timedelta(days=1)


def _statement(index: int, month: int) -> tuple[list[Line], int, int]:
    lines = [Line(INCOME, "村集体资源发包收入", 1_200_000 + 10_000 * index), Line(INCOME, "上级转移支付", 2_500_000),
             Line(EXPENSE, "村道维修", 600_000 + 5_000 * month), Line(EXPENSE, "办公经费", 150_000),
             Line(EXPENSE, "保洁员劳务费", 240_000)]  # fmt: skip
    income = sum(ln.amount for ln in lines if ln.kind == INCOME)
    return lines, income, sum(ln.amount for ln in lines if ln.kind == EXPENSE)


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    township = Organization.objects.filter(kind=OrgKind.TOWNSHIP_COMMITTEE).order_by("path").first()
    if township is None:
        return
    villages = list(Organization.objects.filter(path__startswith=township.path, is_village_level=True,
                                                dissolved_on__isnull=True).order_by("path")[:4])  # fmt: skip
    count = 0
    with transaction.atomic():
        for index, village in enumerate(villages):
            for back in range(6, 0, -1):
                start = add_months(today.replace(day=1), -back)
                end = _month_end(start)
                if index == 1 and back == 3:
                    continue  # the second village missed this month's statement
                lines, income, expense = _statement(index, start.month)
                count += _publish(village, "finance", "statement", f"{start.year}年{start.month}月财务收支情况",
                                  start, end, "经村务监督委员会审核，现将本月村集体财务收支情况公布如下。",
                                  min(today, end + dt.timedelta(days=5)), today, lines, income, expense)  # fmt: skip
            for back in (6, 3):
                start = add_months(today.replace(day=1), -back)
                end = _month_end(add_months(start, 2))
                if end >= today:
                    continue
                on = min(today, end + dt.timedelta(days=7))
                span = f"{start.year}年{start.month}—{end.month}月"
                count += _publish(village, "village", "affairs", f"{span}村务公开", start, end, VILLAGE_TEXT, on, today)
                count += _publish(
                    village, "party", "organization", f"{span}党务公开", start, end, PARTY_TEXT, on, today
                )
        if villages:
            actions.record_spot_check(SYSTEM, villages[-1], checked_on=today - dt.timedelta(days=10),
                                      checker="economy", checker_names="经管中心",
                                      deadline=today + dt.timedelta(days=10),
                                      findings="财务公开栏未附上月支出明细，公开时间未标注。", today=today)  # fmt: skip
            proc = actions.start_procedure(SYSTEM, villages[0], "zizhi", "村内主干道路灯安装",
                                           today - dt.timedelta(20), note="户联理事会提出", today=today)  # fmt: skip
            actions.move_procedure(SYSTEM, proc, "plan", on=today - dt.timedelta(days=15), today=today)
            actions.move_procedure(SYSTEM, proc, "vote", on=today - dt.timedelta(days=7), today=today)
    progress(f"{township.name}：公开事项 {count} 项，抽查 1 次，决策程序事项 1 件")


def _publish(village: Organization, section: str, category: str, title: str, start: dt.date, end: dt.date,
             body: str, on: dt.date, today: dt.date, lines: list[Line] | None = None, income: int | None = None,
             expense: int | None = None) -> int:  # fmt: skip
    try:
        pub = actions.create_publication(SYSTEM, village, section=section, category=category, title=title,
                                         period_start=start, period_end=end, body=body, lines=lines or [],
                                         income_total=income, expense_total=expense)  # fmt: skip
        actions.publish(SYSTEM, pub, on=on, today=today)
    except DomainError:
        return 0  # a demo villager's name happened to be in the text: the item stays a draft
    return 1

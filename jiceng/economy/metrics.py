"""Figures of the collective economy for the assessments (core.registry metrics), each with the
records behind it: a village's (or a subtree's) net collective income, its 空壳村 count and the
villages with collective income, all of the end date's year (or years) as recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.registry import Metric, MetricValue, register_metric

from . import queries, rules
from .models import CollectiveEntry


def _entries(org: Any, start: dt.date, end: dt.date) -> list[tuple[int, str, int]]:
    rows = CollectiveEntry.objects.filter(org_path__startswith=org.path, year__gte=start.year, year__lte=end.year)
    return list(rows.order_by("pk").values_list("pk", "source", "amount"))


def net_income(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    """Collective income less spending of the years `start.year`–`end.year` (元)."""
    rows = _entries(org, start, end)
    net = sum(-a if rules.is_expense(s) else a for _, s, a in rows)
    return MetricValue(net / 100, [f"economy.collectiveentry:{pk}" for pk, _, _ in rows],
                       note=f"{start.year}—{end.year}年村集体收入减支出")  # fmt: skip


def _village_refs(board: queries.Dashboard, rows: list[queries.VillageRow]) -> list[str]:
    ids = {r.org_id for r in rows}
    refs = [f"organizations.organization:{pk}" for pk in sorted(ids)]
    entries = CollectiveEntry.objects.filter(organization_id__in=ids, year=board.year).order_by("pk")
    return refs + [f"economy.collectiveentry:{pk}" for pk in entries.values_list("pk", flat=True)]


def shell_villages(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    board = queries.dashboard(org, end.year)
    shells = [r for r in board.rows if r.shell]
    rule = shells[0].rule.label if shells else ""
    return MetricValue(len(shells), _village_refs(board, shells), note=f"{end.year}年；{rule}".rstrip("；"))


def villages_with_income(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    board = queries.dashboard(org, end.year)
    rows = [r for r in board.rows if r.facts.income > 0]
    return MetricValue(len(rows), _village_refs(board, rows), note=f"{end.year}年，共{board.villages}个村")


def register() -> None:
    register_metric(Metric("economy.collective_net_income", "村集体经济纯收入", "元", "organization", net_income,
                           app="economy", description="所选年度村集体收入减支出（村集体收支登记）"))  # fmt: skip
    register_metric(Metric("economy.shell_villages", "集体经济空壳村", "个", "organization", shell_villages,
                           app="economy",
                           description="截止日所在年度按现行空壳村标准认定的村数（一个村为0或1）"))  # fmt: skip
    register_metric(Metric("economy.villages_with_income", "有集体经济收入的村", "个", "organization",
                           villages_with_income, app="economy",
                           description="截止日所在年度有集体经济收入的村数"))  # fmt: skip

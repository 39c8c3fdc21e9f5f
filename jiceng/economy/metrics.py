"""Figures of the collective economy for the assessments (core.registry metrics), each with the
records behind it: a village's (or a subtree's) net collective income, its 空壳村 count and the
villages with collective income, all of the end date's year (or years) as recorded."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from jiceng.core.access import common_root, subtrees_of
from jiceng.core.registry import Metric, MetricValue, register_metric

from . import queries, rules
from .models import CollectiveEntry


def _entries(org: Any, start: dt.date, end: dt.date) -> list[tuple[int, str, int]]:
    rows = CollectiveEntry.objects.filter(org_path__startswith=org.path, year__gte=start.year, year__lte=end.year)
    return list(rows.order_by("pk").values_list("pk", "source", "amount"))


def net_income(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    """Collective income less spending of the years `start.year`–`end.year` (元)."""
    return _net(_entries(org, start, end), start, end)


def net_income_many(orgs: list[Any], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    rows = CollectiveEntry.objects.filter(org_path__startswith=common_root(o.path for o in orgs),
                                          year__gte=start.year, year__lte=end.year)  # fmt: skip
    under = subtrees_of(o.path for o in orgs)
    found: dict[str, list[tuple[int, str, int]]] = {o.path: [] for o in orgs}
    for path, pk, source, amount in rows.order_by("pk").values_list("org_path", "pk", "source", "amount"):
        for owner in under(path):
            found[owner].append((pk, source, amount))
    return {o.pk: _net(found[o.path], start, end) for o in orgs}


def _net(rows: list[tuple[int, str, int]], start: dt.date, end: dt.date) -> MetricValue:
    net = sum(-a if rules.is_expense(s) else a for _, s, a in rows)
    return MetricValue(net / 100, [f"economy.collectiveentry:{pk}" for pk, _, _ in rows],
                       note=f"{start.year}—{end.year}年村集体收入减支出")  # fmt: skip


def _village_refs(rows: list[queries.VillageRow], entries: dict[int, list[int]]) -> list[str]:
    ids = {r.org_id for r in rows}
    refs = [f"organizations.organization:{pk}" for pk in sorted(ids)]
    return refs + [f"economy.collectiveentry:{pk}" for pk in sorted(pk for o in ids for pk in entries.get(o, []))]


def _boards(orgs: list[Any], year: int) -> dict[str, tuple[list[queries.VillageRow], dict[int, list[int]]]]:
    """Per organization path: the villages under it in the year's dashboard and their entries of
    the year; one dashboard for all of `orgs` (under their common root) where there is one."""
    from jiceng.organizations.models import Organization

    root = Organization.objects.filter(path=common_root(o.path for o in orgs)).first() if len(orgs) > 1 else None
    boards = {o.path: queries.dashboard(o, year) for o in orgs} if root is None else {}
    rows = queries.dashboard(root, year).rows if root is not None else [r for b in boards.values() for r in b.rows]
    entries: dict[int, list[int]] = defaultdict(list)
    found = CollectiveEntry.objects.filter(organization_id__in={r.org_id for r in rows}, year=year).order_by()
    for pk, org_id in found.values_list("pk", "organization_id"):
        entries[org_id].append(pk)
    if root is None:
        return {path: (b.rows, entries) for path, b in boards.items()}
    under = subtrees_of(o.path for o in orgs)
    out: dict[str, tuple[list[queries.VillageRow], dict[int, list[int]]]] = {o.path: ([], entries) for o in orgs}
    for row in rows:
        for owner in under(row.path):
            out[owner][0].append(row)
    return out


def _shells(rows: list[queries.VillageRow], entries: dict[int, list[int]], year: int) -> MetricValue:
    shells = [r for r in rows if r.shell]
    rule = shells[0].rule.label if shells else ""
    return MetricValue(len(shells), _village_refs(shells, entries), note=f"{year}年；{rule}".rstrip("；"))


def _with_income(rows: list[queries.VillageRow], entries: dict[int, list[int]], year: int) -> MetricValue:
    found = [r for r in rows if r.facts.income > 0]
    return MetricValue(len(found), _village_refs(found, entries), note=f"{year}年，共{len(rows)}个村")


def shell_villages(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    return _shells(*_boards([org], end.year)[org.path], end.year)


def shell_villages_many(orgs: list[Any], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    boards = _boards(orgs, end.year) if orgs else {}
    return {o.pk: _shells(*boards[o.path], end.year) for o in orgs}


def villages_with_income(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    return _with_income(*_boards([org], end.year)[org.path], end.year)


def villages_with_income_many(orgs: list[Any], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    boards = _boards(orgs, end.year) if orgs else {}
    return {o.pk: _with_income(*boards[o.path], end.year) for o in orgs}


def register() -> None:
    register_metric(Metric("economy.collective_net_income", "村集体经济纯收入", "元", "organization", net_income,
                           app="economy", compute_many=net_income_many,
                           description="所选年度村集体收入减支出（村集体收支登记）"))  # fmt: skip
    register_metric(Metric("economy.shell_villages", "集体经济空壳村", "个", "organization", shell_villages,
                           app="economy", compute_many=shell_villages_many,
                           description="截止日所在年度按现行空壳村标准认定的村数（一个村为0或1）"))  # fmt: skip
    register_metric(Metric("economy.villages_with_income", "有集体经济收入的村", "个", "organization",
                           villages_with_income, app="economy", compute_many=villages_with_income_many,
                           description="截止日所在年度有集体经济收入的村数"))  # fmt: skip

"""What the economy pages read: the collective-economy dashboard of a county or township (a fixed
number of queries, whatever the number of villages and years), a village's years, the township
figures of its cooperatives (seed 000), a cooperative's register."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, Q, Sum

from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import rules
from .models import CollectiveEntry, Cooperative, EconomyRuleVersion, Holding, Membership, ShareEntry, VillageProfile
from .rules import EntryKind

TREND_YEARS = 10
ABOVE_TOWNSHIP = (OrgKind.COUNTY_COMMITTEE, OrgKind.CITY_COMMITTEE, OrgKind.PROVINCE_COMMITTEE)


def _prefixes(path: str, steplen: int = 4) -> list[str]:
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


class RuleBook:
    """The rule versions set at or above `root` and below it (one query)."""

    def __init__(self, root: Organization) -> None:
        versions = EconomyRuleVersion.objects.filter(Q(org_path__startswith=root.path) |
                                                     Q(org_path__in=_prefixes(root.path, root.steplen)))  # fmt: skip
        self.by_path: dict[str, list[rules.EconomyRule]] = defaultdict(list)
        for version in versions:
            self.by_path[version.org_path].append(version.as_rule())
        self.steplen = root.steplen

    def rule(self, path: str, year: int) -> rules.EconomyRule:
        """The version in force at the end of `year`: of the nearest organization (the village's
        own, its township's, its county's …) with one in force by then, else the default."""
        on = dt.date(year, 12, 31)
        for prefix in reversed(_prefixes(path, self.steplen)):
            in_force = [v for v in self.by_path.get(prefix, []) if v.valid_from <= on]
            if in_force:
                return rules.rule_on(in_force, on)
        return rules.rule_on(rules.DEFAULT_RULES, on)


@dataclass
class VillageRow:
    org_id: int
    name: str
    path: str
    township: str
    facts: rules.VillageFacts
    rule: rules.EconomyRule
    by_source: dict[str, int] = field(default_factory=dict)

    @cached_property
    def shell_reasons(self) -> list[str]:
        return rules.shell_reasons(self.rule, self.facts)

    @cached_property
    def shell(self) -> bool:
        return bool(self.shell_reasons)

    @cached_property
    def targets(self) -> rules.Targets:
        return rules.targets_met(self.rule, self.facts)


@dataclass
class TownRow:
    org: Any
    villages: int = 0
    with_income: int = 0
    shell: int = 0
    targets: int = 0
    income: int = 0
    net: int = 0


@dataclass
class Dashboard:
    root: Organization
    year: int
    rows: list[VillageRow]
    towns: list[TownRow]
    by_source: dict[str, int]
    trend: list[tuple[int, int, int]]  # (year, villages with collective income, their net income in fen)

    @cached_property
    def villages(self) -> int:
        return len(self.rows)

    @cached_property
    def with_income(self) -> int:
        return sum(1 for r in self.rows if r.facts.income > 0)

    @cached_property
    def shell(self) -> int:
        return sum(1 for r in self.rows if r.shell)

    @cached_property
    def targets(self) -> int:
        return sum(1 for r in self.rows if r.targets.all)

    @cached_property
    def income(self) -> int:
        return sum(r.facts.income for r in self.rows)

    @cached_property
    def net(self) -> int:
        return sum(r.facts.net for r in self.rows)

    @cached_property
    def average_net(self) -> int:
        return self.net // self.villages if self.rows else 0


def villages_under(root: Organization) -> list[dict[str, Any]]:
    return list(Organization.objects.filter(path__startswith=root.path, is_village_level=True,
                                            dissolved_on__isnull=True).order_by("path")
                .values("pk", "name", "path"))  # fmt: skip


def latest_profiles(root_path: str, year: int) -> dict[int, VillageProfile]:
    out: dict[int, VillageProfile] = {}
    for profile in VillageProfile.objects.filter(org_path__startswith=root_path, year__lte=year).order_by("year"):
        out[profile.organization_id] = profile
    return out


def _facts(income: int, expense: int, profile: VillageProfile | None) -> rules.VillageFacts:
    if profile is None:
        return rules.VillageFacts(income, expense)
    return rules.VillageFacts(income, expense, profile.land_mu, profile.land_taken_mu, profile.population,
                              profile.converted, profile.economic_forest_mu, profile.yield_forest_mu)  # fmt: skip


def dashboard(root: Organization, year: int) -> Dashboard:
    """Each village under `root` in `year`: income by source, net income, assets, 空壳村 status and
    the targets, with the townships' sums and ten years of villages with collective income.
    Six queries."""
    villages = villages_under(root)
    if root.kind in ABOVE_TOWNSHIP:
        towns = list(Organization.objects.filter(path__startswith=root.path, kind=OrgKind.TOWNSHIP_COMMITTEE)
                     .order_by("path").only("pk", "name", "path", "kind", "depth"))  # fmt: skip
    else:
        towns = [root]
    sums: dict[int, dict[str, int]] = defaultdict(dict)
    entries = CollectiveEntry.objects.filter(year=year, org_path__startswith=root.path)
    for org_id, source, total in entries.values_list("organization_id", "source").annotate(s=Sum("amount")).order_by():
        sums[org_id][source] = int(total)
    profiles = latest_profiles(root.path, year)
    book = RuleBook(root)
    rows: list[VillageRow] = []
    town_rows = [TownRow(t) for t in towns]
    by_source: dict[str, int] = defaultdict(int)
    for v in villages:
        parts = sums.get(v["pk"], {})
        income = sum(a for s, a in parts.items() if not rules.is_expense(s))
        expense = sum(a for s, a in parts.items() if rules.is_expense(s))
        town = next((t for t in town_rows if v["path"].startswith(t.org.path)), None)
        row = VillageRow(v["pk"], v["name"], v["path"], town.org.name if town else "",
                         _facts(income, expense, profiles.get(v["pk"])), book.rule(v["path"], year), parts)  # fmt: skip
        rows.append(row)
        for source, amount in parts.items():
            by_source[source] += amount
        if town is not None:
            town.villages += 1
            town.with_income += income > 0
            town.shell += row.shell
            town.targets += row.targets.all
            town.income += income
            town.net += row.facts.net
    return Dashboard(root, year, rows, town_rows, dict(by_source), trend(root, year))


def trend(root: Organization, year: int) -> list[tuple[int, int, int]]:
    first = year - TREND_YEARS + 1
    entries = CollectiveEntry.objects.filter(org_path__startswith=root.path, year__gte=first, year__lte=year)
    income = Q(source__in=rules.INCOME_SOURCES)
    counted = {
        y: (n, int(i or 0) - int(e or 0))
        for y, n, i, e in entries.values_list("year").annotate(
            n=Count("organization_id", distinct=True, filter=income), i=Sum("amount", filter=income),
            e=Sum("amount", filter=~income)).order_by().values_list("year", "n", "i", "e")
    }  # fmt: skip
    return [(y, *counted.get(y, (0, 0))) for y in range(first, year + 1)]


@dataclass
class VillageYear:
    year: int
    facts: rules.VillageFacts
    rule: rules.EconomyRule
    profile: VillageProfile | None
    entries: list[CollectiveEntry]

    @property
    def shell_reasons(self) -> list[str]:
        return rules.shell_reasons(self.rule, self.facts)

    @property
    def targets(self) -> rules.Targets:
        return rules.targets_met(self.rule, self.facts)


def village_years(org: Organization, last: int, years: int = 5) -> list[VillageYear]:
    """The village's last `years` years, newest first."""
    book = RuleBook(org)
    entries: dict[int, list[CollectiveEntry]] = defaultdict(list)
    for entry in CollectiveEntry.objects.filter(organization=org, year__gt=last - years, year__lte=last):
        entries[entry.year].append(entry)
    profiles = {p.year: p for p in VillageProfile.objects.filter(organization=org, year__lte=last)}
    out = []
    for year in range(last, last - years, -1):
        rows = entries.get(year, [])
        income = sum(e.amount for e in rows if not e.is_expense)
        expense = sum(e.amount for e in rows if e.is_expense)
        profile = next((profiles[y] for y in sorted(profiles, reverse=True) if y <= year), None)
        out.append(VillageYear(year, _facts(income, expense, profile), book.rule(org.path, year), profile, rows))
    return out


@dataclass
class CoopFigures:
    """Seed 000's township figures: cooperatives listed and not, households joined and their share
    of all households, capital raised from households."""

    listed: int
    unlisted: int
    households: int
    all_households: int
    capital: int  # fen

    @property
    def share(self) -> int | None:
        return rules.percent(self.households, self.all_households)


def coop_figures(root: Organization) -> CoopFigures:
    coops = Cooperative.objects.filter(Q(township__path__startswith=root.path) | Q(org_path__startswith=root.path))
    counts = dict(coops.values_list("listed").annotate(n=Count("id")).order_by().values_list("listed", "n"))
    joined = (Membership.objects.filter(cooperative__in=coops, left_on__isnull=True).values("household_id")
              .distinct().count())  # fmt: skip
    households = Household.objects.filter(org_path__startswith=root.path).count()
    capital = ShareEntry.objects.filter(cooperative__in=coops, kind=EntryKind.SUBSCRIBE).aggregate(s=Sum("amount"))
    return CoopFigures(counts.get(True, 0), counts.get(False, 0), joined, households, int(capital["s"] or 0))


def coop_totals(coops: list[Cooperative]) -> dict[int, dict[str, int]]:
    """Per cooperative: member households, shares held, capital subscribed."""
    ids = [c.pk for c in coops]
    members = dict(Membership.objects.filter(cooperative_id__in=ids, left_on__isnull=True).values_list("cooperative_id")
                   .annotate(n=Count("id")).order_by().values_list("cooperative_id", "n"))  # fmt: skip
    subscribed = dict(ShareEntry.objects.filter(cooperative_id__in=ids, kind=EntryKind.SUBSCRIBE)
                      .values_list("cooperative_id").annotate(s=Sum("amount")).order_by()
                      .values_list("cooperative_id", "s"))  # fmt: skip
    shares = dict(Holding.objects.filter(cooperative_id__in=ids).values_list("cooperative_id")
                  .annotate(s=Sum("shares")).order_by().values_list("cooperative_id", "s"))  # fmt: skip
    return {i: {"members": members.get(i, 0), "capital": int(subscribed.get(i) or 0), "shares": int(shares.get(i) or 0)}
            for i in ids}  # fmt: skip


def mu(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"

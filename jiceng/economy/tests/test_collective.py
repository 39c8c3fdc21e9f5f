"""The village collective economy: seed 002's county (92 villages, 32 with collective income, none
left empty by the year's end), the 155 targets, seed 004's 空壳村 test as a county's own dated
rule, the refusals, the metrics with their records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.audit import AuditEvent
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.registry import metric
from jiceng.economy import actions, queries
from jiceng.economy.models import CollectiveEntry, VillageProfile
from jiceng.organizations import actions as org_actions
from jiceng.organizations.rules import OrgKind

from .factories import D

pytestmark = pytest.mark.django_db


def county_of(villages: int, townships: int = 4) -> tuple[Any, list[Any]]:
    county = org_actions.create_root(SYSTEM, name="兴山县委", kind=OrgKind.COUNTY_COMMITTEE)
    towns = [org_actions.create_organization(SYSTEM, parent=county, name=f"第{t + 1}镇党委",
                                             kind=OrgKind.TOWNSHIP_COMMITTEE, check_access=False)
             for t in range(townships)]  # fmt: skip
    out = []
    for v in range(villages):
        out.append(org_actions.create_organization(SYSTEM, parent=towns[v % townships], name=f"第{v + 1}村党支部",
                                                   kind=OrgKind.BRANCH, village_name=f"第{v + 1}村",
                                                   check_access=False))  # fmt: skip
    county.refresh_from_db()
    return county, out


def income(org: Any, year: int, amount: int, source: str = "sand", **extra: Any) -> CollectiveEntry:
    return actions.record_collective(SYSTEM, org, year=year, on=D(year, 11, 30), source=source, amount=amount, **extra)


def test_seed_002_county_92_villages_32_with_income_then_none_empty(django_assert_max_num_queries: Any) -> None:
    county, villages = county_of(92)
    for v in villages[:32]:
        income(v, 2008, 3_000_000)
    with django_assert_max_num_queries(6):
        board = queries.dashboard(county, 2008)
        assert (board.villages, board.with_income, board.shell) == (92, 32, 60)
    assert [t.villages for t in board.towns] == [23, 23, 23, 23]
    assert sum(t.with_income for t in board.towns) == 32
    for v in villages[32:]:
        income(v, 2009, 800_000, "hydro")
    for v in villages[:32]:
        income(v, 2009, 3_000_000)
    board = queries.dashboard(county, 2009)
    assert (board.with_income, board.shell) == (92, 0)  # "2009年底…全部消灭集体经济‘空壳村’"
    assert board.trend[-2:] == [(2008, 32, 96_000_000), (2009, 92, 144_000_000)]
    assert board.by_source == {"sand": 96_000_000, "hydro": 48_000_000}


def test_155_targets_and_net_income(tree: Any) -> None:
    village = tree.east1
    actions.set_profile(SYSTEM, village, 2009, land_mu=Decimal(800), forest_mu=Decimal(3000),
                        economic_forest_mu=Decimal(120), yield_forest_mu=Decimal(520))  # fmt: skip
    income(village, 2009, 4_000_000, "forest")
    income(village, 2009, 2_000_000, "tax_rebate")
    income(village, 2009, 1_000_000, "expense_admin")
    (row,) = [r for r in queries.dashboard(tree.east, 2009).rows if r.org_id == village.pk]
    assert (row.facts.income, row.facts.net, row.targets.all) == (6_000_000, 5_000_000, False)  # not "过5万"
    income(village, 2009, 1, "rent")
    board = queries.dashboard(tree.east, 2009)
    assert board.targets == 1 and board.rows[0].targets.all
    # The assets of a year carry on to the years after until entered again.
    years = queries.village_years(village, 2010, years=2)
    assert [y.year for y in years] == [2010, 2009] and years[0].profile is not None and years[0].profile.year == 2009


def test_seed_004_rule_set_by_a_township_from_a_date() -> None:
    county, villages = county_of(19, townships=1)
    town = villages[0].parent()
    for v in villages:
        income(v, 2011, 20_000_000, "rent")  # every village is rich in rent …
    for v in villages[:4]:
        actions.set_profile(SYSTEM, v, 2011, land_mu=Decimal(1000), land_taken_mu=Decimal(850))
    for v in villages[4:7]:
        actions.set_profile(SYSTEM, v, 2011, population=1600, converted=1300)
    actions.set_profile(SYSTEM, villages[7], 2011, land_mu=Decimal(1000), land_taken_mu=Decimal(700))
    assert queries.dashboard(county, 2011).shell == 0  # … so none is a 空壳村 under the default rule
    actions.set_rule(SYSTEM, town, valid_from=D(2011, 1, 1), label="青浦“空壳村”条件", shell_no_income=False,
                     shell_land_pct=80, shell_converted_pct=80)  # fmt: skip
    board = queries.dashboard(county, 2011)
    assert board.shell == 7  # "19个行政村中符合“空壳村”条件的共有7个"
    reasons = {r.name: r.shell_reasons for r in board.rows if r.shell}
    assert reasons["第1村党支部"] == ["80%以上土地已被征用或使用"]
    assert reasons["第5村党支部"] == ["80%以上村民农转非"]
    assert queries.dashboard(county, 2010).shell == 19  # before the date, the default: no income in 2010


def test_bad_input_is_refused_and_nothing_written(tree: Any, personas: Any) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="金额不能为负数"):
        income(tree.east1, 2009, -5)
    with pytest.raises(DomainError, match="村级党组织"):
        income(tree.east, 2009, 5)
    with pytest.raises(DomainError, match="不能多于集体土地"):
        actions.set_profile(SYSTEM, tree.east1, 2009, land_mu=Decimal(10), land_taken_mu=Decimal(11))
    with pytest.raises(DomainError, match="请至少选择一项"):
        actions.set_rule(SYSTEM, tree.county, valid_from=D(2020, 1, 1), label="空", shell_no_income=False)
    with pytest.raises(AccessDenied):
        actions.record_collective(personas["village_secretary"], tree.east2, year=2009, on=D(2009, 1, 1),
                                  source="land", amount=5)  # fmt: skip
    with pytest.raises(AccessDenied):
        actions.set_rule(personas["village_secretary"], tree.east1, valid_from=D(2020, 1, 1), label="村定")
    assert (CollectiveEntry.objects.count(), VillageProfile.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        before,
    )


def test_metrics_name_the_records_behind_the_figure(tree: Any) -> None:
    kept = income(tree.east1, 2025, 6_000_000, "land")
    spent = income(tree.east1, 2025, 500_000, "expense_operating")
    value = metric("economy.collective_net_income").compute(tree.east, D(2025, 1, 1), D(2025, 12, 31))
    assert (value.value, value.records) == (55_000.0, [f"economy.collectiveentry:{kept.pk}",
                                                       f"economy.collectiveentry:{spent.pk}"])  # fmt: skip
    shells = metric("economy.shell_villages").compute(tree.east, D(2025, 1, 1), D(2025, 12, 31))
    assert (shells.value, shells.records) == (1, [f"organizations.organization:{tree.east2.pk}"])
    with_income = metric("economy.villages_with_income").compute(tree.county, D(2025, 1, 1), D(2025, 12, 31))
    assert with_income.value == 1 and f"organizations.organization:{tree.east1.pk}" in with_income.records

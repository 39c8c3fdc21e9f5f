"""Permission cases for the economy pages and API (see jiceng/core/testing.py): everyone of the
subtree sees the collective-economy figures and the list of cooperatives; a cooperative's
records name households, so only editors of its subtree see and record them; editors of the
village record its collective economy."""

from __future__ import annotations

from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.economy import actions
from jiceng.economy.models import (
    Asset,
    CollectiveEntry,
    Cooperative,
    CoopIncome,
    Dividend,
    EconomyRuleVersion,
    Holding,
    Installment,
    Membership,
    VillageProfile,
)

from .factories import D, household


def _coop(f: Fixtures, **extra: Any) -> dict[str, Any]:
    made = actions.create_cooperative(SYSTEM, f.tree.east1, name="陈家庄运输合作社", industry="运输")
    first, second = household(f.tree.east1, "甲"), household(f.tree.east1, "乙")
    actions.subscribe(SYSTEM, made, [(first, 10)], D(2025, 1, 5))
    actions.record_coop_income(SYSTEM, made, year=2025, on=D(2025, 6, 1), kind="rent", amount=100_000)
    return {"kwargs": {"pk": made.pk}, "coop": made, "first": first, "second": second, **extra}


def _with(data: Any) -> Any:
    """A cooperative case whose POST data needs the households made by the setup."""

    def setup(f: Fixtures) -> dict[str, Any]:
        prepared = _coop(f)
        prepared["data"] = data(prepared)
        return prepared

    return setup


def _with_api(data: Any) -> Any:
    def setup(f: Fixtures) -> dict[str, Any]:
        prepared = _with(data)(f)
        return {**prepared, "kwargs": {"coop_id": prepared["coop"].pk}}

    return setup


def _installment(f: Fixtures) -> dict[str, Any]:
    prepared = _coop(f)
    item = actions.add_installment(SYSTEM, prepared["coop"], D(2026, 1, 20), 50)
    return {**prepared, "kwargs": {"pk": item.pk}, "data": {"paid_on": "2026-01-20"}}


def _dividend(f: Fixtures) -> dict[str, Any]:
    prepared = _coop(f)
    made = actions.declare_dividend(SYSTEM, prepared["coop"], year=2025, record_on=D(2025, 12, 31),
                                    paid_on=D(2026, 1, 5), per_share=1000)  # fmt: skip
    return {"kwargs": {"pk": made.pk}}


def _village(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": f.tree.east1.pk}, **extra}


def _held(prepared: dict[str, Any]) -> dict[str, int]:
    rows = Holding.objects.filter(cooperative=prepared["coop"]).values_list("household__head_name", "shares")
    return dict(rows)


def _entry_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = CollectiveEntry.objects.get()
    assert (row.organization, row.year, row.source, row.amount) == (f.tree.east1, 2025, "sand", 1_234_567)


def _profile_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = VillageProfile.objects.get()
    assert (row.organization, row.year, str(row.economic_forest_mu), row.population) == (f.tree.east1, 2025,
                                                                                         "120.50", 900)  # fmt: skip


def _coop_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = Cooperative.objects.get(name="涧沟村玫瑰专业合作社")
    assert (row.organization, row.township, row.trademark, row.share_price) == (f.tree.east1, f.tree.east,
                                                                                "妙峰玫瑰", 10_000)  # fmt: skip


def _member_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Membership.objects.filter(cooperative=prepared["coop"], household=prepared["second"]).exists()


def _subscribed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _held(prepared) == {"甲": 10, "乙": 5}


def _transferred(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _held(prepared) == {"甲": 7, "乙": 3}


def _redeemed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _held(prepared) == {"甲": 8}


def _income_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(CoopIncome.objects.filter(cooperative=prepared["coop"]).values_list("amount", flat=True)) == [
        71_070_000, 100_000]  # fmt: skip


def _dividend_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = Dividend.objects.get()
    assert (row.total, row.shares, row.per_share) == (15_000, 10, 1500)


def _installment_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Installment.objects.values_list("percent", "due_on")) == [(100, D(2027, 1, 20))]


def _repaid(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    item = Installment.objects.get(pk=prepared["kwargs"]["pk"])
    assert (item.paid_on, item.amount) == (D(2026, 1, 20), 50_000)


def _asset_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = Asset.objects.get()
    assert (row.name, row.count, row.price, row.rent_rate_bp, row.yearly_rent) == ("运输车", 15, 473_800_000, 1500,
                                                                                 71_070_000)  # fmt: skip


def _rule_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = EconomyRuleVersion.objects.get()
    org = f.personas[persona].organization
    assert (row.organization, row.shell_no_income, row.shell_land_pct, row.net_income_min) == (org, False, 80,
                                                                                               10_000_000)  # fmt: skip


RULE = {"valid_from": "2026-01-01", "label": "青浦“空壳村”条件", "economic_forest_min_mu": "100",
        "yield_forest_min_mu": "500", "net_income_min": "100000", "shell_land_pct": "80",
        "shell_converted_pct": "80"}  # fmt: skip
OFFICERS_ANYWHERE = frozenset({"county_officer", "township_officer", "other_township_officer"})
ENTRY = {"year": "2025", "on": "2025-11-30", "source": "sand", "amount": "12345.67", "note": "河道采砂权"}
PROFILE = {
    "year": "2025",
    "land_mu": "800",
    "economic_forest_mu": "120.50",
    "yield_forest_mu": "520",
    "population": "900",
}
COOP = {"name": "涧沟村玫瑰专业合作社", "kind": "cooperative", "industry": "玫瑰种植", "listed": "on", "brand": "妙峰玫瑰",
        "trademark": "妙峰玫瑰", "standards_done": "0", "standards_drafting": "0", "share_price": "100"}  # fmt: skip
API_ENTRY = {"year": 2025, "on": "2025-11-30", "source": "sand", "amount": 1_234_567}

CASES = [
    UrlCase("economy:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("economy:index_xlsx", allowed=EVERYONE, outside_scope=()),
    UrlCase("economy:village", allowed=EAST1_SCOPE, setup=_village),
    UrlCase(
        "economy:village_income",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _village(f, data=ENTRY),
        expect=_entry_made,
    ),
    UrlCase(
        "economy:village_profile",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _village(f, data=PROFILE),
        expect=_profile_made,
    ),
    UrlCase("economy:rules", allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "economy:rule_create",
        method="post",
        allowed=OFFICERS_ANYWHERE,
        outside_scope=(),
        setup=lambda f: {"data": RULE},
        expect=_rule_made,
    ),
    UrlCase("economy:coops", allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "economy:coops",
        method="post",
        note="create",
        allowed=EAST1_EDITORS,
        setup=lambda f: {"data": {**COOP, "organization": f.tree.east1.pk}},
        expect=_coop_made,
    ),
    UrlCase("economy:coop", allowed=EAST1_EDITORS, setup=_coop),
    UrlCase("economy:coop_register_pdf", allowed=EAST1_EDITORS, setup=_coop),
    UrlCase("economy:coop_register_xlsx", allowed=EAST1_EDITORS, setup=_coop),
    UrlCase(
        "economy:coop_member",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with(lambda p: {"household": p["second"].pk, "joined_on": "2025-03-01"}),
        expect=_member_made,
    ),
    UrlCase(
        "economy:coop_subscribe",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with(lambda p: {"household": p["second"].pk, "shares": "5", "on": "2025-03-01"}),
        expect=_subscribed,
    ),
    UrlCase(
        "economy:coop_transfer",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with(
            lambda p: {
                "source": p["first"].pk,
                "target": p["second"].pk,
                "shares": "3",
                "price": "300",
                "on": "2025-03-01",
            }
        ),
        expect=_transferred,
    ),
    UrlCase(
        "economy:coop_redeem",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with(lambda p: {"household": p["first"].pk, "shares": "2", "on": "2025-03-01"}),
        expect=_redeemed,
    ),
    UrlCase(
        "economy:coop_income",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with(lambda p: {"year": "2025", "on": "2025-12-20", "kind": "rent", "amount": "710700.00"}),
        expect=_income_made,
    ),
    UrlCase(
        "economy:coop_dividend",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with(
            lambda p: {"year": "2025", "record_on": "2025-12-31", "paid_on": "2026-01-10", "per_share": "15.00"}
        ),
        expect=_dividend_made,
    ),
    UrlCase(
        "economy:coop_installment",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with(lambda p: {"due_on": "2027-01-20", "percent": "100"}),
        expect=_installment_made,
    ),
    UrlCase(
        "economy:coop_asset",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with(
            lambda p: {
                "name": "运输车",
                "count": "15",
                "price": "4738000",
                "bought_on": "2025-01-25",
                "lessee": "采石有限公司",
                "rent_rate": "15",
                "lease_years": "3",
            }
        ),
        expect=_asset_made,
    ),
    UrlCase("economy:coop_repay", method="post", allowed=EAST1_EDITORS, setup=_installment, expect=_repaid),
    UrlCase("economy:dividend_xlsx", allowed=EAST1_EDITORS, setup=_dividend),
    UrlCase(
        "economy:holding_certificate",
        allowed=EAST1_EDITORS,
        setup=lambda f: {"kwargs": {"pk": Holding.objects.get(cooperative=_coop(f)["coop"]).pk}},
    ),
    UrlCase("api-v1:economy_villages", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:economy_entry_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}, "data": API_ENTRY},
        expect=_entry_made,
    ),
    UrlCase("api-v1:economy_coops", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:economy_coop_register",
        api=True,
        allowed=EAST1_EDITORS,
        setup=lambda f: {"kwargs": {"coop_id": _coop(f)["coop"].pk}},
    ),
    UrlCase(
        "api-v1:economy_coop_transfer",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=_with_api(
            lambda p: {
                "source_id": p["first"].pk,
                "target_id": p["second"].pk,
                "shares": 3,
                "on": "2025-03-01",
                "price": 30_000,
            }
        ),
        expect=_transferred,
    ),
]

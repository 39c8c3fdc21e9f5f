"""Cooperatives: seed 000's 陈家庄 transport cooperative reproduced exactly, a share transfer, the
refusals (nothing written), the township figures of seed 000."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Sum

from jiceng.core.actor import SYSTEM
from jiceng.core.audit import AuditEvent
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.economy import actions, queries, rules
from jiceng.economy.models import (
    Cooperative,
    Dividend,
    DividendLine,
    Holding,
    Membership,
    Repayment,
    ShareEntry,
)
from jiceng.economy.rules import EntryKind
from jiceng.organizations import actions as org_actions
from jiceng.organizations.rules import OrgKind

from .factories import D, coop, household, households

pytestmark = pytest.mark.django_db

HOUSEHOLDS = 213  # "组织全村200多户村民集资473.8万元"


def chenjiazhuang_shares() -> list[int]:
    """47 380 shares over 213 households: 222 each, the first 94 one more."""
    shares = [222 + (i < 94) for i in range(HOUSEHOLDS)]
    assert sum(shares) == 47_380
    return shares


@pytest.fixture
def chen(tree: Any) -> tuple[Cooperative, list[Any]]:
    made = coop(tree.east1, trademark="", brand="")
    houses = households(tree.east1, HOUSEHOLDS, "陈")
    actions.subscribe(SYSTEM, made, list(zip(houses, chenjiazhuang_shares(), strict=True)), D(2004, 1, 20))
    return Cooperative.objects.get(pk=made.pk), houses


def test_chenjiazhuang_transport_cooperative_reproduced(chen: Any) -> None:
    made, houses = chen
    entries = ShareEntry.objects.filter(cooperative=made)
    assert entries.count() == HOUSEHOLDS and list(entries.values_list("seq", flat=True)) == list(range(1, 214))
    assert entries.aggregate(s=Sum("shares"))["s"] == 47_380
    assert entries.aggregate(s=Sum("amount"))["s"] == 473_800_000  # 473.8 万元
    assert Membership.objects.filter(cooperative=made).count() == HOUSEHOLDS
    # 15 trucks for the whole sum, rented to the quarry company at 15 % of their price a year.
    trucks = actions.add_asset(SYSTEM, made, name="运输车", count=15, price=473_800_000, bought_on=D(2004, 1, 25),
                               lessee="北京恒昆拓峰采石有限公司", rent_rate_bp=1500, lease_years=3)  # fmt: skip
    rent = trucks.yearly_rent
    assert rent == rules.rent_of(473_800_000, 1500) == 71_070_000  # 710 700.00 元
    assert trucks.rate_text == "15%"
    for year in (2004, 2005, 2006):
        actions.record_coop_income(SYSTEM, made, year=year, on=D(year, 12, 20), kind="rent", amount=rent,
                                   payer="北京恒昆拓峰采石有限公司", note="15辆运输车年租金")  # fmt: skip
    first = actions.declare_dividend(SYSTEM, made, year=2004, record_on=D(2004, 12, 31), paid_on=D(2005, 1, 10),
                                     per_share=1500)  # fmt: skip
    assert (first.total, first.shares, first.per_share, first.per_share_text) == (71_070_000, 47_380, 1500, "15.00")
    lines = list(DividendLine.objects.filter(dividend=first).order_by("id"))
    assert len(lines) == HOUSEHOLDS and sum(line.amount for line in lines) == first.total
    assert (lines[0].shares, lines[0].amount, lines[-1].shares, lines[-1].amount) == (223, 334_500, 222, 333_000)

    # A share transfer in 2005: the first household sells 23 shares to the last one.
    entry = actions.transfer(SYSTEM, made, houses[0], houses[-1], 23, D(2005, 6, 1), price=230_000)
    assert (entry.seq, entry.kind, entry.shares, entry.source, entry.target) == (214, EntryKind.TRANSFER, 23,
                                                                                 houses[0], houses[-1])  # fmt: skip
    held = dict(Holding.objects.filter(cooperative=made).values_list("household_id", "shares"))
    assert (held[houses[0].pk], held[houses[-1].pk], sum(held.values())) == (200, 245, 47_380)
    second = actions.declare_dividend(SYSTEM, made, year=2005, record_on=D(2005, 12, 31), paid_on=D(2006, 1, 10),
                                      per_share=1500)  # fmt: skip
    amounts = dict(DividendLine.objects.filter(dividend=second).values_list("household_id", "amount"))
    assert (amounts[houses[0].pk], amounts[houses[-1].pk], sum(amounts.values())) == (300_000, 367_500, 71_070_000)
    # The first year's dividend was computed on the register as it stood then.
    assert DividendLine.objects.get(dividend=first, household=houses[0]).shares == 223

    # "三年后…按原车款归还村民本金": one installment of 100 % after three years.
    item = actions.add_installment(SYSTEM, made, D(2007, 1, 20), 100)
    actions.pay_installment(SYSTEM, item, D(2007, 1, 20))
    item.refresh_from_db()
    assert item.amount == 473_800_000
    assert Repayment.objects.filter(installment=item).aggregate(s=Sum("amount"))["s"] == 473_800_000
    assert Repayment.objects.get(installment=item, household=houses[0]).amount == 2_000_000
    assert Holding.objects.filter(cooperative=made, shares__gt=0).count() == 0
    redeemed = ShareEntry.objects.filter(cooperative=made, kind=EntryKind.REDEEM)
    assert redeemed.count() == HOUSEHOLDS and redeemed.aggregate(s=Sum("amount"))["s"] == 473_800_000
    assert ShareEntry.objects.filter(cooperative=made).order_by("-seq").first().seq == 214 + HOUSEHOLDS  # type: ignore[union-attr]
    with pytest.raises(DomainError, match="已开始归还本金"):
        actions.transfer(SYSTEM, made, houses[1], houses[2], 1, D(2007, 2, 1))


def test_a_transfer_of_more_shares_than_held_is_refused_and_nothing_written(chen: Any) -> None:
    made, houses = chen
    before = (ShareEntry.objects.count(), list(Holding.objects.order_by("pk").values_list("shares", flat=True)),
              AuditEvent.objects.count())  # fmt: skip
    with pytest.raises(DomainError, match="持有223股，不能转出或退还224股"):
        actions.transfer(SYSTEM, made, houses[0], houses[1], 224, D(2005, 6, 1))
    with pytest.raises(DomainError, match="持有223股"):
        actions.redeem(SYSTEM, made, houses[0], 300, D(2005, 6, 1))
    after = (ShareEntry.objects.count(), list(Holding.objects.order_by("pk").values_list("shares", flat=True)),
             AuditEvent.objects.count())  # fmt: skip
    assert after == before
    assert Cooperative.objects.get(pk=made.pk).last_seq == HOUSEHOLDS  # the number taken was rolled back


def test_dividends_larger_than_the_distributable_income_are_refused(chen: Any) -> None:
    made, _ = chen
    actions.record_coop_income(SYSTEM, made, year=2004, on=D(2004, 12, 20), kind="rent", amount=71_070_000)
    with pytest.raises(DomainError, match="超过可分配收益"):
        actions.declare_dividend(SYSTEM, made, year=2004, record_on=D(2004, 12, 31), paid_on=D(2005, 1, 10),
                                 per_share=1501)  # fmt: skip
    actions.declare_dividend(SYSTEM, made, year=2004, record_on=D(2004, 12, 31), paid_on=D(2005, 1, 10),
                             total=71_000_000)  # fmt: skip
    with pytest.raises(DomainError, match=r"可分配收益700\.00元"):
        actions.declare_dividend(SYSTEM, made, year=2004, record_on=D(2004, 12, 31), paid_on=D(2005, 1, 10),
                                 total=70_001)  # fmt: skip
    assert Dividend.objects.count() == 1
    lines = DividendLine.objects.filter(dividend__cooperative=made)
    assert lines.aggregate(s=Sum("amount"))["s"] == 71_000_000


def test_a_split_dividend_gives_the_remainder_by_the_rule(tree: Any) -> None:
    made = coop(tree.east1, name="小合作社")
    a, b, c = (household(tree.east1, n) for n in ("甲", "乙", "丙"))
    actions.subscribe(SYSTEM, made, [(a, 1), (b, 2), (c, 3)], D(2024, 1, 5))
    actions.record_coop_income(SYSTEM, made, year=2024, on=D(2024, 12, 1), kind="sales", amount=1_000)
    dividend = actions.declare_dividend(SYSTEM, made, year=2024, record_on=D(2024, 12, 31), paid_on=D(2025, 1, 5),
                                        total=101)  # fmt: skip
    lines = dict(DividendLine.objects.filter(dividend=dividend).values_list("household__head_name", "amount"))
    assert lines == {"甲": 17, "乙": 34, "丙": 50}


def test_income_with_a_negative_amount_is_refused(chen: Any) -> None:
    made, _ = chen
    with pytest.raises(DomainError, match="收入金额不能为负数"):
        actions.record_coop_income(SYSTEM, made, year=2004, on=D(2004, 12, 20), kind="rent", amount=-100)
    assert not made.incomes.exists()


def test_a_member_household_of_another_township_is_refused(tree: Any) -> None:
    made = coop(tree.east1)
    other = household(tree.west1, "西户")
    neighbour = household(tree.east2, "东二户")
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="西户户不是东镇党委的农户"):
        actions.add_member(SYSTEM, made, other, D(2024, 1, 5))
    with pytest.raises(DomainError, match="不是东镇党委的农户"):
        actions.subscribe(SYSTEM, made, [(neighbour, 5), (other, 5)], D(2024, 1, 5))
    assert (Membership.objects.count(), ShareEntry.objects.count(), AuditEvent.objects.count()) == (0, 0, before)
    actions.add_member(SYSTEM, made, neighbour, D(2024, 1, 5))  # another village of the same township
    assert Membership.objects.get().household == neighbour


def test_the_branch_must_be_a_cooperative_branch_of_the_township(tree: Any) -> None:
    branch = org_actions.create_organization(SYSTEM, parent=tree.east, name="东镇运输合作社党支部",
                                             kind=OrgKind.COOP_BRANCH, check_access=False)  # fmt: skip
    made = coop(tree.east1, branch=branch)
    assert (made.branch, made.township) == (branch, tree.east)
    with pytest.raises(DomainError, match="东镇党委的合作社党支部"):
        coop(tree.east1, name="另一社", branch=tree.east2)
    with pytest.raises(DomainError, match="应属于一个乡镇"):
        coop(tree.county, name="县级社")


def test_a_village_secretary_records_only_their_own_cooperatives(tree: Any, personas: Any) -> None:
    made = coop(tree.east2, name="东二社")
    house = household(tree.east2, "东二户")
    with pytest.raises(AccessDenied):
        actions.subscribe(personas["village_secretary"], made, [(house, 1)], D(2024, 1, 5))
    with pytest.raises(AccessDenied):
        actions.subscribe(personas["member"], coop(tree.east1), [(house, 1)], D(2024, 1, 5))
    assert ShareEntry.objects.count() == 0


def test_the_register_is_append_only(chen: Any) -> None:
    entry = ShareEntry.objects.first()
    assert entry is not None
    entry.shares = 1
    with pytest.raises(DomainError, match="只能追加"):
        entry.save()
    with pytest.raises(DomainError, match="只能追加"):
        entry.delete()


def test_township_figures_as_seed_000_gives_them(tree: Any) -> None:
    """8 listed and 2 unlisted organizations, 1 100 households joined (28 % of all), 530 万 raised."""
    chen_coop = coop(tree.east1)
    houses = households(tree.east1, 2000, "东一") + households(tree.east2, 1929, "东二")
    actions.subscribe(SYSTEM, chen_coop, list(zip(houses[:HOUSEHOLDS], chenjiazhuang_shares(), strict=True)),
                      D(2004, 1, 20))  # fmt: skip
    bees = coop(tree.east2, name="黄台村绿纯蜂业合作组织", industry="养蜂", brand="绿纯", trademark="绿纯",
                standards="蜂产品质量标准书", standards_done=4, standards_drafting=6)  # fmt: skip
    rest = houses[HOUSEHOLDS : HOUSEHOLDS + 887]
    actions.subscribe(SYSTEM, bees, [(h, 6 + (i < 298)) for i, h in enumerate(rest)], D(2004, 3, 1))
    for i in range(6):
        coop(tree.east1, name=f"挂牌合作社{i}")
    coop(tree.east1, name="妙峰山镇农家旅游协会", kind="association", listed=False)
    coop(tree.east2, name="未挂牌合作社", listed=False)
    figures = queries.coop_figures(tree.east)
    assert (figures.listed, figures.unlisted, figures.households, figures.all_households) == (8, 2, 1100, 3929)
    assert (figures.share, figures.capital) == (28, 530_000_000)
    assert queries.coop_figures(tree.west).households == 0

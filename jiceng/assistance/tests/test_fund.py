"""The hardship fund: balance at any date, grants refused beyond it (and beyond a later date's
balance), bad input refused in Chinese with nothing written, seed 004's figures from records,
the public summary without names, the Excel export."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from jiceng.assistance import actions, queries
from jiceng.assistance.models import FundGrant, FundIncome
from jiceng.assistance.rules import ContactKind, GrantReason, IncomeKind
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

from .factories import START, D, organ, pair, poor

pytestmark = pytest.mark.django_db


def _income(tree: Any, amount: int, on: Any = START, kind: str = IncomeKind.DAY_WAGE) -> FundIncome:
    return actions.add_income(SYSTEM, tree.east, kind=kind, received_on=on, amount=amount, source="机关党员")


FEB1 = D(2024, 2, 1)


def _grant(tree: Any, person: Any, amount: int, on: Any = FEB1, reason: str = GrantReason.ILLNESS) -> Any:
    return actions.grant(SYSTEM, tree.east, person, reason=reason, amount=amount, approved_by="乡党委书记",
                         approved_on=on, paid_on=on)  # fmt: skip


def test_balance_at_any_date(tree: Any) -> None:
    _income(tree, 100_000, D(2024, 1, 5))
    _income(tree, 50_000, D(2024, 3, 1), IncomeKind.HIGHER)
    _grant(tree, make_person(tree.east1, "王大伯"), 30_000, D(2024, 2, 1))
    fund = actions.fund_of(tree.east)
    assert [actions.balance(fund, D(2024, m, d)) for m, d in ((1, 4), (1, 5), (2, 1), (3, 1))] == [
        0, 100_000, 70_000, 120_000]  # fmt: skip
    assert actions.balance(fund) == 120_000


def test_a_grant_larger_than_the_balance_at_its_date_is_refused(tree: Any) -> None:
    _income(tree, 100_000, D(2024, 1, 5))
    _income(tree, 500_000, D(2024, 6, 1))  # later money does not pay an earlier grant
    person = make_person(tree.east1, "王大伯")
    with pytest.raises(DomainError) as exc:
        _grant(tree, person, 100_001, D(2024, 2, 1))
    assert exc.value.message == "补助金额 1,000.01 元超过基金 2024-02-01 的余额 1,000.00 元，不能发放"
    assert FundGrant.objects.count() == 0
    assert _grant(tree, person, 100_000, D(2024, 2, 1)).amount == 100_000


def test_a_backdated_grant_may_not_overdraw_a_later_date(tree: Any) -> None:
    _income(tree, 100_000, D(2024, 1, 5))
    person = make_person(tree.east1, "王大伯")
    _grant(tree, person, 80_000, D(2024, 3, 1))
    with pytest.raises(DomainError) as exc:  # 1 000 at 2 Feb, but 1 March would fall to −300
        _grant(tree, person, 50_000, D(2024, 2, 1))
    assert "其后最低余额 200.00 元" in exc.value.message
    assert FundGrant.objects.count() == 1
    _grant(tree, person, 20_000, D(2024, 2, 1))
    assert actions.balance(actions.fund_of(tree.east)) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": 0}, "补助金额应大于零"),
        ({"reason": "poor"}, "请选择补助原因（因病、因残、因灾、因祸、年老体弱）"),
        ({"approved_by": " "}, "请填写批准人"),
        ({"paid_on": D(2024, 1, 31)}, "发放日期不能早于批准日期"),
        ({"paid_on": D(2099, 1, 1)}, "发放日期不能晚于今天"),
    ],
)
def test_bad_grants_are_refused_in_chinese(tree: Any, change: dict[str, Any], message: str) -> None:
    _income(tree, 100_000)
    data = {"reason": GrantReason.ILLNESS, "amount": 10_000, "approved_by": "乡党委", "approved_on": D(2024, 2, 1),
            "paid_on": D(2024, 2, 1), **change}  # fmt: skip
    with pytest.raises(DomainError) as exc:
        actions.grant(SYSTEM, tree.east, make_person(tree.east1, "王大伯"), **data)
    assert exc.value.message == message
    assert FundGrant.objects.count() == 0


def test_grants_go_to_members_of_the_township_only(tree: Any) -> None:
    _income(tree, 100_000)
    with pytest.raises(DomainError, match="不是党员，帮扶基金只补助困难党员"):
        _grant(tree, make_person(tree.east1, "群众甲", Category.RESIDENT), 1000)
    with pytest.raises(DomainError, match="不在东镇党委范围内"):
        _grant(tree, make_person(tree.west1, "西村党员"), 1000)
    with pytest.raises(DomainError, match="请选择乡镇党委"):
        actions.add_income(SYSTEM, tree.east1, kind=IncomeKind.DONATION, received_on=START, amount=1, source="x")
    with pytest.raises(DomainError, match="请选择收入来源类别"):
        actions.add_income(SYSTEM, tree.east, kind="loan", received_on=START, amount=1, source="x")
    assert (FundGrant.objects.count(), FundIncome.objects.count()) == (0, 1)


def _seed004(tree: Any) -> list[Any]:
    """20 贫困党员 in the ledger, 17 of them given 慰问金 totalling 1 100 元, 7 deeds done."""
    cadre = organ(tree.east)
    entries = [poor(tree.east, tree.east1 if i % 2 else tree.east2, f"贫困党员{i + 1:02d}") for i in range(20)]
    _income(tree, 200_000, D(2024, 1, 5), IncomeKind.DAY_WAGE)
    _income(tree, 50_000, D(2024, 1, 6), IncomeKind.HIGHER)
    reasons = list(GrantReason)
    for i, e in enumerate(entries[:17]):  # 16 × 60 元 + 1 × 140 元 = 1 100 元
        _grant(tree, e.person, 14_000 if i == 0 else 6_000, D(2024, 2, 1), reasons[i % 5])
    for e in entries[:7]:
        p = pair(tree.east, cadre, e)
        actions.record_contact(SYSTEM, p, kind=ContactKind.DEED, on=D(2024, 4, 1), content="帮助办理低保")
        actions.record_contact(SYSTEM, p, kind=ContactKind.VISIT, on=D(2024, 4, 1), content="上门走访")
    return entries


def test_seed_004_figures_from_records(tree: Any) -> None:
    _seed004(tree)
    s = queries.summary(tree.east, D(2024, 12, 31))
    assert (s.poor_ledger, s.recipients, s.granted, s.grant_count, s.deeds, s.balance) == (
        20, 17, 110_000, 17, 7, 140_000)  # fmt: skip
    assert s.income == [("上级争取", 1, 50_000), ("政府自筹", 0, 0), ("社会募捐", 0, 0), ("捐一日工资", 1, 200_000)]
    assert s.grants == [("因病", 4, 32_000), ("因残", 4, 24_000), ("因灾", 3, 18_000), ("因祸", 3, 18_000),
                        ("年老体弱", 3, 18_000)]  # fmt: skip
    # Before the grants were paid the summary counts none.
    assert queries.summary(tree.east, D(2024, 1, 31)).granted == 0


def test_public_summary_shows_counts_and_totals_without_names(tree: Any, client: Any) -> None:
    _seed004(tree)
    page = client.get(f"/assistance/t/{tree.east.pk}/fund/summary/?on=2024-12-31")
    text = page.content.decode()
    assert page.status_code == 200
    assert "为全乡 20 户贫困党员建立台账；为 17 名贫困党员送去慰问金 1,100.00 元（17 笔），解决实际问题 7 件" in text
    assert "贫困党员01" not in text and "帮助办理低保" not in text and "乡党委书记" not in text


def test_fund_excel(tree: Any, client: Any, personas: Any) -> None:
    _income(tree, 100_000, D(2024, 1, 5))
    _grant(tree, make_person(tree.east1, "王大伯"), 30_000, D(2024, 2, 1), GrantReason.AGE)
    client.force_login(personas["township_officer"])
    book = load_workbook(io.BytesIO(client.get(f"/assistance/t/{tree.east.pk}/fund.xlsx").content))
    rows = {name: [[c for c in r] for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames}
    assert rows["收入"][1][1:] == ["捐一日工资", "机关党员", "1000.00"]
    assert rows["补助"][1][1:4] == ["王大伯", "年老体弱", "300.00"]
    assert rows["补助"][1][4] == "乡党委书记"


def test_grant_page_refuses_beyond_the_balance_and_writes_nothing(tree: Any, client: Any, personas: Any) -> None:
    _income(tree, 10_000, D(2024, 1, 5))
    person = make_person(tree.east1, "王大伯")
    client.force_login(personas["township_officer"])
    data = {"person": person.pk, "reason": "illness", "amount": "100.01", "approved_by": "书记",
            "approved_on": "2024-02-01", "paid_on": "2024-02-01"}  # fmt: skip
    page = client.post(f"/assistance/t/{tree.east.pk}/fund/grant/", data)
    assert page.status_code == 400
    assert "补助金额 100.01 元超过基金 2024-02-01 的余额 100.00 元，不能发放" in page.content.decode()
    assert FundGrant.objects.count() == 0
    bad = client.post(f"/assistance/t/{tree.east.pk}/fund/grant/", {**data, "amount": "1.234"})
    assert bad.status_code == 400 and "最多两位小数" in bad.content.decode()

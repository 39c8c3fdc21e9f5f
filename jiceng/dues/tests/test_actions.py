"""Recording bases, payments, reasons and 上缴; the sheet, the totals and the arrears."""

from __future__ import annotations

from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent
from jiceng.dues import actions, queries
from jiceng.dues.models import DuesBase, Payment, Place, Remittance
from jiceng.dues.rules import Kind, Relief
from jiceng.people.models import Person
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

from .factories import TODAY, D, base, member, pay


def test_base_change_mid_year_recomputes_from_its_month(tree: Any) -> None:
    person = member(tree.east1, "王红", income=400_000)  # 40.00 a month from January
    base(person, D(2024, 7, 1), income=600_000)  # 1.5 %: 90.00 from July
    assert queries.sheet(tree.east1, D(2024, 6, 1)).due == 4_000
    assert queries.sheet(tree.east1, D(2024, 7, 1)).due == 9_000
    [total] = queries.totals(tree.east, D(2024, 1, 1), D(2024, 12, 1))
    assert (total.members, total.due) == (1, 6 * 4_000 + 6 * 9_000)


def test_a_base_of_the_same_month_is_corrected_in_place(tree: Any) -> None:
    person = member(tree.east1, "王红", income=400_000)
    base(person, D(2024, 1, 15), income=200_000)
    assert list(DuesBase.objects.filter(person=person).values_list("income", flat=True)) == [200_000]


def test_negative_income_refused_nothing_written(tree: Any) -> None:
    person = make_person(tree.east1, "王红")
    with pytest.raises(DomainError, match="月收入不能为负数"):
        base(person, D(2024, 1, 1), income=-100)
    assert DuesBase.objects.count() == 0


def test_absurd_income_saved_only_when_confirmed(tree: Any) -> None:
    person = make_person(tree.east1, "王红")
    with pytest.raises(DomainError, match="超过100万元"):
        base(person, D(2024, 1, 1), income=100_000_001)
    saved = base(person, D(2024, 1, 1), income=100_000_001, confirmed=True)
    assert saved.due.amount == 2_000_000


def test_exemption_records_the_approval(tree: Any) -> None:
    person = make_person(tree.east1, "王红")
    saved = base(person, D(2024, 1, 1), Kind.HARDSHIP, relief=Relief.EXEMPT, approved_by="东镇党委",
                 approved_on=D(2024, 1, 5))  # fmt: skip
    assert (saved.approved_by, saved.approved_on, saved.due.amount) == ("东镇党委", D(2024, 1, 5), 0)
    with pytest.raises(DomainError, match="免交党费，无需登记"):
        pay(person, D(2024, 3, 1))


def test_not_a_member_refused(tree: Any) -> None:
    person = make_person(tree.east1, "李群众", Category.RESIDENT)
    with pytest.raises(DomainError, match="不是党员"):
        base(person, D(2024, 1, 1), income=100_000)


def test_payment_in_advance_and_a_month_already_paid(tree: Any) -> None:
    person = member(tree.east1, "王红")
    rows = pay(person, D(2024, 10, 1), count=3, paid_on=D(2024, 10, 8), receipt="No.0012")
    assert [(r.month, r.amount, r.due, r.receipt) for r in rows] == [
        (D(2024, 10, 1), 4_000, 4_000, "No.0012"), (D(2024, 11, 1), 4_000, 4_000, "No.0012"),
        (D(2024, 12, 1), 4_000, 4_000, "No.0012")]  # fmt: skip
    with pytest.raises(DomainError, match="王红2024年12月的党费已交纳，不能重复登记"):
        pay(person, D(2024, 12, 1), count=2)
    assert Payment.objects.count() == 3
    assert AuditEvent.objects.filter(object_type="dues.payment").count() == 3


def test_less_than_due_refused_more_accepted(tree: Any) -> None:
    person = member(tree.east1, "王红")
    with pytest.raises(DomainError, match=r"应交40\.00元"):
        pay(person, D(2024, 3, 1), amount=3_999)
    assert pay(person, D(2024, 3, 1), amount=10_000)[0].amount == 10_000


def test_paid_at_the_destination_names_it(tree: Any) -> None:
    person = member(tree.east1, "王红")
    with pytest.raises(DomainError, match="请填写流入地党组织名称"):
        pay(person, D(2024, 3, 1), place=Place.DESTINATION)
    row = pay(person, D(2024, 3, 1), place=Place.DESTINATION, place_name="深圳市宝安区流动党员党支部")[0]
    assert (row.place, row.place_name) == ("destination", "深圳市宝安区流动党员党支部")


def test_no_base_refused(tree: Any) -> None:
    person = make_person(tree.east1, "王红")
    with pytest.raises(DomainError, match="尚未核定党费基数"):
        pay(person, D(2024, 3, 1))


def test_paid_in_the_future_refused(tree: Any) -> None:
    person = member(tree.east1, "王红")
    with pytest.raises(DomainError, match="交纳日期不能晚于今天"):
        pay(person, D(2024, 3, 1), paid_on=D(2024, 12, 16))


def test_sheet_totals(tree: Any) -> None:
    a = member(tree.east1, "甲", income=300_000)  # 15.00
    b = member(tree.group, "乙", income=1_200_000)  # 2 %: 240.00 (a 党小组 member is on the branch's sheet)
    member(tree.east1, "丙", kind=Kind.FARMER, fixed=50)  # 0.50
    make_person(tree.east1, "丁")  # no base yet
    member(tree.east2, "戊")  # another branch
    pay(a, D(2024, 5, 1))
    pay(b, D(2024, 5, 1), amount=30_000)
    sheet = queries.sheet(tree.east1, D(2024, 5, 1))
    assert [line.person.name for line in sheet.lines] == ["丁", "丙", "甲", "乙"]
    assert (sheet.due, sheet.paid, sheet.paid_count, sheet.unpaid_count, sheet.no_base) == (25_550, 31_500, 2, 1, 1)
    assert Payment.objects.get(person=b).organization == tree.east1


def test_totals_per_branch_and_township(tree: Any) -> None:
    a = member(tree.east1, "甲", since=D(2024, 11, 1))  # 40.00 × 2
    member(tree.east2, "乙", since=D(2024, 12, 1))  # 40.00 × 1
    member(tree.west1, "丙", since=D(2024, 12, 1))
    pay(a, D(2024, 11, 1), count=2)
    actions.record_remittance(SYSTEM, tree.east1, D(2024, 10, 1), 3, 8_000, D(2024, 12, 10), today=TODAY)
    towns = queries.totals(tree.county, D(2024, 1, 1), D(2024, 12, 1))
    east, west = towns
    assert (east.org, east.members, east.due, east.paid, east.remitted) == (tree.east, 2, 12_000, 8_000, 8_000)
    assert [(b.org.name, b.due, b.paid, b.remitted) for b in east.branches] == [
        ("东一村党支部", 8_000, 8_000, 8_000), ("东二村党支部", 4_000, 0, 0)]  # fmt: skip
    assert (west.org, west.due, west.paid) == (tree.west, 4_000, 0)


def test_remittance_twice_for_a_period_refused(tree: Any) -> None:
    actions.record_remittance(SYSTEM, tree.east1, D(2024, 10, 1), 3, 8_000, D(2024, 12, 10), today=TODAY)
    with pytest.raises(DomainError, match="已登记，不能重复登记"):
        actions.record_remittance(SYSTEM, tree.east1, D(2024, 11, 1), 1, 100, D(2024, 12, 10), today=TODAY)
    with pytest.raises(DomainError, match="起始月份应为1、4、7或10月"):
        actions.record_remittance(SYSTEM, tree.east1, D(2024, 2, 1), 3, 100, D(2024, 12, 10), today=TODAY)
    assert Remittance.objects.get().receiver == "东镇党委"


def test_six_months_arrears_across_the_year_flagged_status_unchanged(tree: Any) -> None:
    late = member(tree.east1, "欠费", since=D(2024, 1, 1))
    pay(late, D(2024, 1, 1), count=6)  # January–June paid; July–December not (as of 2025-01-10)
    five = member(tree.east1, "五个月", since=D(2024, 1, 1))
    pay(five, D(2024, 1, 1), count=7)
    rows = queries.arrears(tree.east, D(2025, 1, 10))
    assert [(a.person.name, a.first, a.last, len(a.run)) for a in rows] == [("欠费", D(2024, 7, 1), D(2024, 12, 1), 6)]
    assert queries.arrears(tree.east, D(2024, 12, 31)) == []  # through November: five months
    assert Person.objects.get(pk=late.pk).category == Category.FULL


def test_a_reason_clears_the_flag(tree: Any) -> None:
    late = member(tree.east1, "欠费", since=D(2024, 1, 1))
    pay(late, D(2024, 1, 1), count=6)
    actions.record_excuse(SYSTEM, late, D(2024, 9, 1), D(2024, 9, 1), "住院治疗")
    assert queries.arrears(tree.east, D(2025, 1, 10)) == []


def test_totals_equal_the_month_by_month_count_with_bases_before_inside_and_after_the_period(tree: Any) -> None:
    from jiceng.dues import rules

    plans = [  # (start, income) of each member's bases
        [(D(2023, 3, 1), 300_000), (D(2024, 4, 1), 600_000), (D(2024, 9, 1), 1_200_000)],
        [(D(2024, 6, 1), 400_000)],
        [(D(2022, 1, 1), 200_000), (D(2023, 1, 1), 900_000)],
        [(D(2024, 12, 1), 500_000), (D(2025, 2, 1), 800_000)],
        [(D(2025, 3, 1), 400_000)],  # none in force in the period
    ]
    for n, plan in enumerate(plans):
        person = make_person(tree.east1 if n % 2 else tree.east2, f"党员{n}")
        for start, income in plan:
            base(person, start, income=income)
    first, last = D(2024, 1, 1), D(2024, 12, 1)
    expected = 0
    for plan in plans:
        for month in rules.months(first, last):
            found = rules.base_on([(s, i) for s, i in plan], month)
            expected += rules.monthly_due(Kind.SALARY, found, None, "").amount if found else 0
    [east] = queries.totals(tree.east, first, last)
    assert (east.members, east.due) == (5, expected)
    assert expected == 3 * 1_500 + 5 * 9_000 + 4 * 24_000 + 7 * 4_000 + 12 * 13_500 + 1 * 5_000  # 340 500

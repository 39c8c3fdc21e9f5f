"""The pure rules: periods and lateness (组织法 Art. 30, a county's versioned cadence), finance totals, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from jiceng.core import engine
from jiceng.openness import flow, rules
from jiceng.openness.rules import BUILT_IN, EXPENSE, INCOME, Line, Mark, Published, RuleSet, Section

D = dt.date


def test_periods_of_a_year_follow_the_cadence() -> None:
    assert [s.label for s, _ in rules.spans(2025, Section.VILLAGE)] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    months = rules.spans(2025, Section.FINANCE)
    assert len(months) == 12 and months[1][0] == rules.Span(D(2025, 2, 1), D(2025, 2, 28), "2月")


def test_a_county_that_changes_its_cadence_mid_year_keeps_the_old_rule_for_earlier_periods() -> None:
    quarterly = RuleSet(D(2025, 7, 1), {Section.PARTY: 3, Section.VILLAGE: 3, Section.FINANCE: 3}, 15, "县级规定")
    labels = [s.label for s, _ in rules.spans(2025, Section.FINANCE, [quarterly])]
    assert labels == ["1月", "2月", "3月", "4月", "5月", "6月", "第三季度", "第四季度"]
    assert rules.rules_on(D(2025, 6, 30), [quarterly]) is BUILT_IN
    assert rules.rules_on(D(2025, 7, 1), [quarterly]) is quarterly


def test_on_time_late_missing_and_not_yet_due() -> None:
    def pub(start: dt.date, end: dt.date, on: dt.date, category: str = "affairs") -> Published:
        return Published(Section.VILLAGE, category, start, end, on)

    items = [
        pub(D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 10)),  # Q1: on the last day allowed (10 days)
        pub(D(2025, 4, 1), D(2025, 6, 30), D(2025, 7, 11)),  # Q2: one day late
        pub(D(2025, 7, 1), D(2025, 9, 30), D(2025, 8, 1), category="major"),  # 重大事项 do not count
    ]
    marks = rules.judge(Section.VILLAGE, 2025, items, today=D(2025, 12, 31))
    assert [(m.span.label, m.mark, m.due) for m in marks] == [
        ("第一季度", Mark.ON_TIME, D(2025, 4, 10)),
        ("第二季度", Mark.LATE, D(2025, 7, 10)),
        ("第三季度", Mark.MISSING, D(2025, 10, 10)),
        ("第四季度", Mark.PENDING, D(2026, 1, 10)),
    ]
    assert [m.behind for m in marks] == [False, True, True, False]


def test_a_quarterly_statement_is_late_for_the_first_two_months_under_monthly_finance() -> None:
    item = Published(Section.FINANCE, "statement", D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 5))
    marks = rules.judge(Section.FINANCE, 2025, [item], today=D(2025, 4, 30))[:4]
    assert [m.mark for m in marks] == [Mark.LATE, Mark.LATE, Mark.ON_TIME, Mark.PENDING]


def test_finance_lines_must_add_up_to_the_totals() -> None:
    lines = [Line(INCOME, "发包收入", 1_200_050), Line(EXPENSE, "村道维修", 800_000)]
    assert rules.totals_problem(lines, 1_200_050, 800_000) == ""
    assert rules.totals_problem(lines, 1_200_000, 800_000) == (
        "收入明细合计 12,000.50 元，与填写的收入合计 12,000.00 元不一致，请核对"
    )
    assert rules.totals_problem(lines, 1_200_050, 800_001) == (
        "支出明细合计 8,000.00 元，与填写的支出合计 8,000.01 元不一致，请核对"
    )
    assert rules.totals_problem(lines, None, 800_000) == "财务公开须填写收入合计和支出合计"
    assert rules.totals_problem([Line(INCOME, "  ", 1)], 1, 0) == "每一行明细都要填写项目名称"
    assert rules.totals_problem([Line(INCOME, "利息", -1)], -1, 0) == "收入合计和支出合计不能为负数"


def test_dates() -> None:
    today = D(2026, 10, 8)
    assert rules.date_problem(D(2026, 10, 9), today, D(2026, 9, 1), D(2026, 9, 30)) == "公开日期不能晚于今天"
    assert rules.date_problem(D(2026, 10, 8), today, D(2026, 11, 1), D(2026, 11, 30)) == "不能公开尚未开始的期间的内容"
    assert rules.date_problem(D(2026, 10, 8), today, D(2026, 9, 1), D(2026, 9, 30)) == ""


def test_categories_and_cadence_bounds() -> None:
    assert rules.check_category("finance", "statement") == ""
    assert rules.check_category("finance", "affairs") == "“财务公开”没有类别“affairs”"
    assert rules.check_category("other", "x") == "请选择公开栏目（党务公开、村务公开或财务公开）"
    assert rules.check_months(5, "财务公开周期") == "财务公开周期应为 1、2、3、4、6 或 12 个月（0 表示不作定期要求）"
    assert "第三十条" in BUILT_IN.cite(Section.VILLAGE) and "每月" in BUILT_IN.cite(Section.FINANCE)


@pytest.mark.parametrize("kind", list(flow.STEPS))
def test_the_procedures_are_valid_definitions_in_the_order_of_the_seed(kind: str) -> None:
    definition = engine.validate(flow.code(kind), flow.FLOWS[kind])
    path, state = [], definition.initial
    while not definition.state(state).final:
        path.append(definition.label(state))
        state = next(m.target for m in definition.moves_from(state) if m.target != "cancelled")
    assert path == [label for _, label, _, _ in flow.STEPS[kind]]
    assert not definition.can(definition.initial, "done")  # no skipping to the end


def test_zizhi_has_the_steps_of_seed_002() -> None:
    steps = [(label, step) for _, label, step, _ in flow.STEPS["zizhi"]]
    assert steps == [("村委会或户联理事会提出议案", ""), ("党支部研究提出实施方案", ""), ("村民代表大会表决", "meeting"),
                     ("村委会组织实施或指导户联理事会实施", ""), ("村务公开", "publication")]  # fmt: skip
    siyi = [label for _, label, _, _ in flow.STEPS["siyi"]]
    assert siyi == [
        "党支部会提议",
        "两委会商议",
        "党员大会审议",
        "村民会议或村民代表会议决议",
        "决议公开",
        "实施结果公开",
    ]

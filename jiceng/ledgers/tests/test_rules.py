"""Ledger workflows as core definitions, business-day deadlines, summary sentence, quota periods."""

import datetime as dt
from typing import Any

import pytest

from jiceng.core import engine
from jiceng.core.calendar import Calendar
from jiceng.core.errors import DomainError, IllegalTransition
from jiceng.ledgers import rules
from jiceng.ledgers.defaults import TEMPLATES, standard_workflow
from jiceng.ledgers.models import FAMILY, LedgerItem


def parse_workflow(data):
    """A ledger type's workflow as the engine reads it (the ledgers' roles, requirements, 已解决)."""
    return engine.validate(FAMILY, data)


FLOW = parse_workflow(standard_workflow(20))
# 2026: 国庆 1–7 October (Thu–Wed) off, Sunday 27 September and Saturday 10 October worked (调休).
NATIONAL_DAY = Calendar(
    holidays=frozenset(dt.date(2026, 10, d) for d in range(1, 8)),
    workdays=frozenset({dt.date(2026, 9, 27), dt.date(2026, 10, 10)}),
)


def test_every_shipped_template_parses():
    names = [parse_workflow(t["workflow"]) and t["name"] for t in TEMPLATES]
    assert names == [
        "民生问题台账",
        "稳定问题台账",
        "困难群众台账",
        "计生台账",
        "60岁以上老人台账",
        "扫黑除恶线索台账",
        "人居环境包保台账",
    ]


def test_illegal_transition_refused_in_chinese():
    with pytest.raises(IllegalTransition) as exc:
        FLOW.move("collected", "resolved")
    assert exc.value.message == "当前状态为“已收集”，不能变更为“已解决”"


def test_legal_transition_names_its_roles_and_requirements(tree, personas):
    from jiceng.ledgers.tests.factories import template

    move = FLOW.move("collected", "assigned")
    assert move.label == "交办" and move.requires == {"assignee"}
    assert FLOW.who(move) == "县级、乡镇、村党支部书记" and FLOW.requirement("assignee") == "承办人"
    item = LedgerItem(ledger_type=template("livelihood"), org_path=tree.east1.path, status="collected",
                      status_since=dt.date(2026, 9, 7))  # fmt: skip
    day: dict[str, Any] = {"on": dt.date(2026, 9, 8), "today": dt.date(2026, 9, 8)}
    with pytest.raises(DomainError, match="“交办”需要填写：承办人"):
        engine.check_move(personas["village_secretary"], item, "assigned", given={"assignee": None}, **day)
    with pytest.raises(DomainError, match="“交办”只能由"):
        engine.check_move(personas["member"], item, "assigned", given={"assignee": 1}, **day)
    assert engine.check_move(personas["village_secretary"], item, "assigned", given={"assignee": 1}, **day) == move


def test_state_flags():
    assert FLOW.keys(paused=True) == ["paused"]
    assert FLOW.keys(resolved=True) == ["resolved"]
    assert FLOW.keys(final=True) == ["resolved", "explained"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "流程定义必须是一个对象"),
        ({"states": [{"key": "a"}], "initial": "b"}, "初始状态“b”不在状态列表中"),
        ({"states": [{"key": "a"}, {"key": "a"}], "initial": "a"}, "状态代码不能重复"),
        (
            {
                "states": [{"key": "a", "resolved": True}],
                "initial": "a",
                "transitions": [{"from": "a", "to": "x", "roles": ["member"]}],
            },
            "流转中的状态“x”不在状态列表中",
        ),
        (
            {
                "states": [{"key": "a", "resolved": True}],
                "initial": "a",
                "transitions": [{"from": "a", "to": "a", "roles": ["mayor"]}],
            },
            "办理角色不正确",
        ),
        ({"states": [{"key": "a"}], "initial": "a"}, "至少要有一个“已解决”状态"),
        (
            {"states": [{"key": "a", "resolved": True}], "initial": "a", "deadline": {"from": "a", "days": 0}},
            "期限天数",
        ),
        # Issue 9's bad input: an unreachable state, a deadline rule on a missing step.
        (
            {"states": [{"key": "a"}, {"key": "b", "label": "已解决", "resolved": True}], "initial": "a"},
            "这些状态从初始状态无法到达：已解决",
        ),
        (
            {"states": [{"key": "a", "resolved": True}], "initial": "a", "deadline": {"from": "x", "days": 5}},
            "期限起算环节“x”不在状态列表中",
        ),
    ],
)
def test_wrong_workflow_definitions_are_refused(data, message):
    with pytest.raises(DomainError, match=message):
        parse_workflow(data)


def test_deadline_skips_weekends():
    # Friday 4 September 2026 + 5 working days = Friday 11 September.
    assert Calendar().add_days(dt.date(2026, 9, 4), 5) == dt.date(2026, 9, 11)


def test_deadline_over_national_day_with_adjusted_workdays():
    # Assigned Friday 25 Sep: Sun 27 (调休) and Mon 28, Tue 29, Wed 30 count; 1–7 Oct are off;
    # Thu 8, Fri 9, Sat 10 (调休) count → the 7th working day is Saturday 10 October.
    assert NATIONAL_DAY.add_days(dt.date(2026, 9, 25), 7) == dt.date(2026, 10, 10)
    assert NATIONAL_DAY.add_days(dt.date(2026, 9, 25), 7, business=False) == dt.date(2026, 10, 2)


def test_pause_length_in_working_days():
    # Paused Wed 30 Sep, resumed Mon 12 Oct: 8, 9, 10 (调休) and 12 October were working days.
    assert NATIONAL_DAY.days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 12)) == 4
    assert NATIONAL_DAY.days_between(dt.date(2026, 10, 12), dt.date(2026, 9, 30)) == 0


def test_warning_date_and_overdue():
    assert rules.warning_date(dt.date(2026, 3, 1), dt.date(2026, 3, 11), 0.8) == dt.date(2026, 3, 9)
    day = dt.date(2026, 3, 12)
    assert rules.is_overdue(dt.date(2026, 3, 11), day, final=False, paused=False)
    assert not rules.is_overdue(dt.date(2026, 3, 11), day, final=False, paused=True)
    assert not rules.is_overdue(dt.date(2026, 3, 11), day, final=True, paused=False)
    assert not rules.is_overdue(dt.date(2026, 3, 12), day, final=False, paused=False)


def test_summary_sentence_as_in_seed_004():
    tally = rules.Tally(collected=39, resolved=34)
    assert rules.summary_sentence("民生问题", tally) == "共收集民生问题39件，已解决34件，5件正在解决"
    tally = rules.Tally(collected=10, resolved=6, closed=1, overdue=2)
    assert rules.summary_sentence("稳定问题", tally) == (
        "共收集稳定问题10件，已解决6件，3件正在解决，1件已解释说明，其中2件已逾期"
    )
    assert rules.Tally(collected=1065, resolved=1063).resolution_rate == 99.8
    assert rules.Tally().resolution_rate is None


def test_median_days():
    assert rules.median_days([5, 1, 3]) == 3.0
    assert rules.median_days([4, 1, 3, 2]) == 2.5
    assert rules.median_days([]) is None


def test_quota_periods():
    assert rules.period_bounds(dt.date(2026, 2, 18), "month") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert rules.period_bounds(dt.date(2026, 12, 31), "month") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert rules.period_bounds(dt.date(2026, 2, 18), "week") == (dt.date(2026, 2, 16), dt.date(2026, 2, 22))
    assert rules.DEFAULT_QUOTAS == {"leader": (2, "month"), "deputy": (10, "month"), "cadre": (1, "week")}

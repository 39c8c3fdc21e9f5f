"""Workflow definitions as data: parsing, refusals of bad definitions, clocks (pure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.core.calendar import Calendar, add_months, add_period
from jiceng.core.engine import advance_clocks, clock_status, start_clocks
from jiceng.core.errors import DomainError, IllegalTransition
from jiceng.core.workflow import parse_definition

ROLES = {"officer": "乡镇", "secretary": "村党支部书记"}
NEEDS = {"note": "说明"}


def flow(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "states": [
            {"key": "applied", "label": "已申请"},
            {"key": "activist", "label": "积极分子"},
            {"key": "hold", "label": "暂缓", "paused": True},
            {"key": "notice", "label": "公示", "step": "notice"},
            {"key": "done", "label": "已完成", "final": True, "outcome": "resolved"},
        ],
        "initial": "applied",
        "transitions": [
            {"from": "applied", "to": "activist", "label": "确定积极分子", "roles": ["secretary"]},
            {"from": "activist", "to": "hold", "label": "暂缓", "roles": ["officer"], "requires": ["note"]},
            {"from": "hold", "to": "activist", "label": "恢复", "roles": ["officer"]},
            {"from": "activist", "to": "notice", "label": "公示", "roles": ["officer"],
             "not_before": [{"after": "activist", "years": 1, "rule": "《细则》第十三条"}]},
            {"from": "notice", "to": "done", "label": "完成", "roles": ["officer"]},
        ],
        "clocks": [{"key": "review", "label": "考察期限", "from": "activist", "days": 10, "business": True}],
    }  # fmt: skip
    data.update(extra)
    return data


def parse(data: Any) -> Any:
    return parse_definition(data, roles=ROLES, requirements=NEEDS)


def test_a_definition_reads_states_moves_guards_and_clocks() -> None:
    d = parse(flow())
    assert d.initial == "applied"
    assert d.state("hold").paused and d.state("done").resolved and d.state("notice").step == "notice"
    move = d.move("activist", "notice")
    assert move.guards[0].after == "activist" and move.guards[0].period.years == 1
    assert move.guards[0].rule == "《细则》第十三条"
    clock = d.clock("review")
    assert clock is not None and clock.start == "activist" and clock.until == frozenset({"done"})
    assert d.who(d.move("applied", "activist")) == "村党支部书记"


def test_an_illegal_move_is_refused_in_chinese() -> None:
    with pytest.raises(IllegalTransition, match="当前状态为“已申请”，不能变更为“已完成”"):
        parse(flow()).move("applied", "done")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"initial": "nowhere"}, "初始状态“nowhere”不在状态列表中"),
        ({"transitions": [{"from": "applied", "to": "ghost", "roles": ["officer"]}]}, "流转中的状态“ghost”不在状态列表中"),
        ({"clocks": [{"key": "x", "from": "missing", "days": 3}]}, "期限起算环节“missing”不在状态列表中"),
        ({"clocks": [{"key": "x", "from": "applied", "days": 3, "until": ["gone"]}]}, "期限截止环节“gone”不在状态列表中"),
        ({"clocks": [{"key": "x", "from": "applied"}]}, "期限“x”的时长应大于 0"),
        ({"transitions": [{"from": "applied", "to": "activist", "roles": ["boss"]}]}, "办理角色不正确"),
        ({"transitions": [{"from": "applied", "to": "activist", "roles": ["officer"], "requires": ["photo"]}]},
         "必填项不正确"),
        ({"transitions": [{"from": "applied", "to": "activist", "roles": ["officer"],
                           "not_before": [{"after": "nope", "years": 1}]}]}, "时间条件起算环节“nope”不在状态列表中"),
    ],
)  # fmt: skip
def test_a_wrong_definition_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(DomainError, match=message):
        parse(flow(**change))


def test_an_unreachable_state_is_refused() -> None:
    data = flow()
    data["transitions"] = [t for t in data["transitions"] if t["to"] != "notice"]
    with pytest.raises(DomainError, match="这些状态从初始状态无法到达：公示、已完成"):
        parse(data)


def test_a_duplicate_state_or_move_is_refused() -> None:
    data = flow()
    data["states"].append({"key": "done", "label": "又一个"})
    with pytest.raises(DomainError, match="状态代码不能重复"):
        parse(data)
    data = flow()
    data["transitions"].append(dict(data["transitions"][0]))
    with pytest.raises(DomainError, match="同一对状态之间的流转不能重复定义"):
        parse(data)


def test_the_ledger_format_of_2026_11_is_one_clock_named_deadline() -> None:
    data = {
        "states": [{"key": "a", "label": "已收集"}, {"key": "r", "label": "已解决", "resolved": True}],
        "initial": "a",
        "transitions": [{"from": "a", "to": "r", "roles": ["officer"]}],
        "deadline": {"from": "a", "days": 20, "business": True},
        "warn_share": 0.5,
    }
    d = parse_definition(data, roles=ROLES, require_outcome="resolved")
    clock = d.clock("deadline")
    assert clock is not None and clock.period.days == 20 and clock.period.business and clock.warn_share == 0.5
    assert d.state("r").final and d.state("r").resolved
    data["deadline"] = {"from": "a", "days": 400}
    with pytest.raises(DomainError, match="期限天数（days）应为 1–366 的整数"):
        parse_definition(data, roles=ROLES)


def test_a_ledger_without_a_resolved_state_is_refused() -> None:
    data = {"states": [{"key": "a"}], "initial": "a", "transitions": []}
    with pytest.raises(DomainError, match="至少要有一个“已解决”状态"):
        parse_definition(data, roles=ROLES, require_outcome="resolved")


# ---------------------------------------------------------------- calendar

NATIONAL_DAY = Calendar(
    holidays=frozenset(dt.date(2026, 10, d) for d in range(1, 8)), workdays=frozenset({dt.date(2026, 10, 10)})
)


def test_working_days_skip_weekends_and_holidays_and_count_makeup_saturdays() -> None:
    # Tuesday 2026-09-29 + 3 working days: Wed 30, (holidays 1–7) Thu 8, Fri 9.
    assert NATIONAL_DAY.add_days(dt.date(2026, 9, 29), 3) == dt.date(2026, 10, 9)
    assert NATIONAL_DAY.add_days(dt.date(2026, 9, 29), 4) == dt.date(2026, 10, 10)  # 调休 Saturday
    assert NATIONAL_DAY.add_days(dt.date(2026, 9, 29), 5) == dt.date(2026, 10, 12)
    assert NATIONAL_DAY.add_days(dt.date(2026, 9, 29), 5, business=False) == dt.date(2026, 10, 4)
    assert NATIONAL_DAY.days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 12)) == 4
    assert NATIONAL_DAY.next_business_day(dt.date(2026, 10, 3)) == dt.date(2026, 10, 8)


def test_months_and_years_are_calendar_periods() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_period(Calendar(), dt.date(2025, 3, 1), years=1) == dt.date(2026, 3, 1)
    assert add_period(Calendar(), dt.date(2025, 3, 1), years=1, days=1) == dt.date(2026, 3, 2)


# ---------------------------------------------------------------- clocks


def test_a_clock_starts_pauses_resumes_and_stops() -> None:
    d = parse(flow())
    st = d.state
    clocks = start_clocks(d, "applied", dt.date(2026, 9, 1), NATIONAL_DAY)
    assert clocks == {}
    clocks = advance_clocks(d, clocks, st("applied"), st("activist"), dt.date(2026, 9, 28), NATIONAL_DAY)
    # 10 working days from Mon 9-28: 29, 30, 8, 9, 10(调休), 12, 13, 14, 15, 16.
    assert clocks["review"] == {"start": "2026-09-28", "due": "2026-10-16", "paused_on": None, "done": None}
    clocks = advance_clocks(d, clocks, st("activist"), st("hold"), dt.date(2026, 10, 12), NATIONAL_DAY)
    assert clocks["review"]["paused_on"] == "2026-10-12"
    # Paused Mon 10-12 to Wed 10-14: two working days stopped, due moves from 10-16 to 10-20.
    clocks = advance_clocks(d, clocks, st("hold"), st("activist"), dt.date(2026, 10, 14), NATIONAL_DAY)
    assert clocks["review"]["due"] == "2026-10-20" and clocks["review"]["paused_on"] is None
    status = clock_status(d, clocks)[0]
    assert status.overdue(dt.date(2026, 10, 21)) and not status.overdue(dt.date(2026, 10, 20))
    clocks = advance_clocks(d, clocks, st("activist"), st("notice"), dt.date(2026, 10, 22), NATIONAL_DAY)
    clocks = advance_clocks(d, clocks, st("notice"), st("done"), dt.date(2026, 10, 23), NATIONAL_DAY)
    status = clock_status(d, clocks)[0]
    assert status.done == dt.date(2026, 10, 23) and status.late() and not status.overdue(dt.date(2027, 1, 1))


def test_a_clock_stopped_at_a_middle_step_stays_stopped_when_the_case_moves_on() -> None:
    # The 谈话 deadline stops at the talk; the file moving on to 公示 must not set it running again
    # (only reopening a final state does).
    d = parse(
        flow(clocks=[{"key": "talk", "label": "谈话期限", "from": "applied", "months": 1, "until": ["activist"]}])
    )
    st = d.state
    clocks = start_clocks(d, "applied", dt.date(2026, 8, 3), NATIONAL_DAY)
    clocks = advance_clocks(d, clocks, st("applied"), st("activist"), dt.date(2026, 8, 17), NATIONAL_DAY)
    clocks = advance_clocks(d, clocks, st("activist"), st("notice"), dt.date(2027, 9, 1), NATIONAL_DAY)
    (status,) = clock_status(d, clocks)
    assert (status.done, status.overdue(dt.date(2027, 9, 2))) == (dt.date(2026, 8, 17), False)


def test_a_move_may_leave_a_step_without_completing_it() -> None:
    data = flow()
    data["states"].append({"key": "stopped", "label": "终止", "final": True})
    data["transitions"].append({"from": "notice", "to": "stopped", "label": "终止", "roles": ["officer"],
                                "bypass_step": True})  # fmt: skip
    d = parse(data)
    assert d.move("notice", "stopped").bypass_step and not d.move("notice", "done").bypass_step


@pytest.mark.django_db
def test_a_restart_keeps_a_county_version_saved_after_the_built_in_one() -> None:
    from jiceng.core import engine
    from jiceng.core.models import WorkflowDefinition

    engine.register_definition("test.sync", flow(), roles=ROLES, requirements=NEEDS)
    try:
        engine.sync_registered()
        county = flow(clocks=[{"key": "review", "label": "考察期限", "from": "activist", "days": 15, "business": True}])
        edited = engine.save_version("test.sync", county)
        engine.sync_registered()  # the next start-up (after migrate)
        assert engine.current_version("test.sync").pk == edited.pk
        assert list(WorkflowDefinition.objects.filter(code="test.sync").values_list("version", flat=True)) == [2, 1]
        changed = flow(initial="applied", clocks=[])  # a new release of the built-in rule
        engine.register_definition("test.sync", changed, roles=ROLES, requirements=NEEDS)
        engine.sync_registered()
        assert engine.current_version("test.sync").version == 3
        assert engine.current_version("test.sync").data == changed
    finally:
        engine._REGISTRY.pop("test.sync")

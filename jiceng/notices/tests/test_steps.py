"""The engine hook: a workflow step of kind "notice" completes only when its 公示's period has
ended and no objection is open (an upheld one blocks unless the officer decided it does not)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.core import engine
from jiceng.core.errors import DomainError
from jiceng.core.workflow import State
from jiceng.notices import actions, queries
from jiceng.notices.models import Objection
from jiceng.notices.rules import Decision
from jiceng.notices.tests.factories import END, START, FakeSubject, object_to, publish, upheld

pytestmark = pytest.mark.django_db
D = dt.date
AFTER = D(2026, 10, 13)
STEP = State("notice", "公示", step="notice")


def check(subject: Any, on: dt.date) -> None:
    """What the engine does when a case leaves a state of kind "notice"."""
    engine._check_step(subject, STEP, on)


def refusal(subject: Any, on: dt.date) -> str:
    with pytest.raises(DomainError) as exc:
        check(subject, on)
    return exc.value.message


def test_the_check_is_registered_with_the_engine() -> None:
    assert engine._STEPS["notice"] is queries.check


def test_no_notice_yet(tree: Any) -> None:
    assert refusal(FakeSubject(), AFTER) == "“公示”环节：还没有发布公示"


def test_the_step_waits_for_the_end_of_the_period(tree: Any) -> None:
    publish(tree.east1)
    assert (
        refusal(FakeSubject(), END)
        == "“公示”环节：公示期为2026-09-30至2026-10-12，期满后（2026-10-13起）才能办理下一环节"
    )
    check(FakeSubject(), AFTER)
    assert refusal(FakeSubject(8), AFTER) == "“公示”环节：还没有发布公示"  # another record's step


def test_an_open_objection_holds_the_step_until_it_is_handled(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    objection = object_to(publish(tree.east1)).objection
    assert (
        refusal(FakeSubject(), AFTER) == "“公示”环节：公示期间收到的异议尚有1件未处理完毕，处理完毕后才能办理下一环节"
    )
    actions.move_objection(officer, objection, "investigating", on=AFTER, today=D(2026, 10, 14))
    actions.move_objection(officer, objection, "dismissed", answer="不属实", on=D(2026, 10, 14), today=D(2026, 10, 14))
    assert refusal(FakeSubject(), AFTER) == "“公示”环节：异议于2026-10-14处理完毕，下一环节的日期不能早于该日"
    check(FakeSubject(), D(2026, 10, 14))


def test_an_upheld_objection_blocks_unless_the_officer_decides_it_does_not(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    notice = upheld(publish(tree.east1), officer, D(2026, 10, 8), answer="日期写错")
    assert "须由组织委员作出处理决定" in refusal(FakeSubject(), AFTER)
    actions.decide_notice(officer, notice, Decision.CONTINUE, "已更正日期，不影响", on=AFTER, today=AFTER)
    check(FakeSubject(), AFTER)


def test_a_decision_to_stop_blocks_for_good(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    notice = upheld(publish(tree.east1), officer, D(2026, 10, 8))
    actions.decide_notice(officer, notice, Decision.STOP, "不符合发展条件", on=AFTER, today=AFTER)
    assert (
        refusal(FakeSubject(), D(2026, 12, 1)) == "“公示”环节：公示期间的异议经核实成立，已决定终止，不能办理下一环节"
    )


def test_a_withdrawn_notice_does_not_count_and_the_new_round_does(tree: Any, personas: dict) -> None:
    first = publish(tree.east1)
    actions.withdraw_notice(personas["township_officer"], first, "姓名有误", today=START)
    assert refusal(FakeSubject(), AFTER) == "“公示”环节：公示已撤回，请重新发布公示"
    publish(tree.east1, starts_on=D(2026, 10, 8), today=D(2026, 10, 8))
    assert "2026-10-08至2026-10-13" in refusal(FakeSubject(), AFTER)  # 10-10 is a 调休 Saturday
    check(FakeSubject(), D(2026, 10, 14))


def test_step_status_is_what_other_pages_show(tree: Any) -> None:
    notice = publish(tree.east1)
    assert queries.step_status(FakeSubject(), "notice", AFTER) == queries.StepStatus(True, "", notice)
    assert queries.step_status(FakeSubject(), "notice", END).done is False
    assert queries.step_status(FakeSubject(), "other", AFTER) == queries.StepStatus(False, "还没有发布公示", None)


# ---------------------------------------------------------------- through engine.transition on a real case

# A development file, a cadre selection … as the other apps will define them: a state of kind
# "notice" between two others. The case row here is an Objection run under this test definition
# (any WorkflowCase model works; this app has no other).
FLOW = {
    "states": [{"key": "review", "label": "审查"}, {"key": "publicity", "label": "公示", "step": "notice"},
               {"key": "approved", "label": "批准", "final": True},
               {"key": "stopped", "label": "终止", "final": True}],
    "initial": "review",
    "transitions": [{"from": "review", "to": "publicity", "label": "公示", "roles": ["officer"]},
                    {"from": "publicity", "to": "approved", "label": "批准", "roles": ["officer"]},
                    {"from": "publicity", "to": "stopped", "label": "终止", "roles": ["officer"],
                     "bypass_step": True}],
}  # fmt: skip


@pytest.fixture
def case(tree: Any) -> Objection:
    engine.register_definition("notices.test_case", FLOW, roles={"officer": "组织委员"})
    host = publish(tree.east1, subject=FakeSubject(99))
    row = Objection(notice=host, text="-", received_on=START, receipt_hash="0" * 64)
    engine.begin(row, START, code="notices.test_case")
    row.save()
    return row


def test_a_case_waits_in_its_notice_step_and_moves_on_in_one_call(case: Objection, tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    engine.transition(officer, case, "publicity", on=START, today=START)
    notice = publish(tree.east1, officer, subject=case, step="publicity")
    assert engine.links(case, "publicity") == [f"notices.notice:{notice.pk}"]
    assert [e.label for e in case.events()] == ["公示", "发布公示"]
    object_to(notice)
    with pytest.raises(DomainError, match="“公示”环节：公示期为2026-09-30至2026-10-12"):
        engine.transition(officer, case, "approved", on=END, today=END)
    with pytest.raises(DomainError, match="尚有1件未处理完毕"):
        engine.transition(officer, case, "approved", on=AFTER, today=AFTER)
    objection = notice.objections.get()
    actions.move_objection(officer, objection, "investigating", on=AFTER, today=AFTER)
    actions.move_objection(officer, objection, "dismissed", answer="不属实", on=AFTER, today=AFTER)
    engine.transition(officer, case, "approved", on=AFTER, today=AFTER)
    assert Objection.objects.get(pk=case.pk).state == "approved"


def test_a_notice_linked_to_the_step_counts_even_about_another_record(case: Objection, tree: Any,
                                                                       personas: dict) -> None:  # fmt: skip
    notice = publish(tree.east1, subject=FakeSubject(5))  # e.g. about the person, not the file
    engine.link(case, "publicity", notice)
    assert queries.current(case, "publicity") == notice
    officer = personas["county_officer"]
    engine.transition(officer, case, "publicity", on=START, today=START)
    engine.transition(officer, case, "approved", on=AFTER, today=AFTER)
    assert case.state == "approved"


def test_only_a_notice_step_of_a_case_takes_a_notice(case: Objection, tree: Any) -> None:
    with pytest.raises(DomainError) as exc:
        publish(tree.east1, subject=case, step="review")
    assert exc.value.message == "“审查”不是公示环节"
    with pytest.raises(DomainError, match="流程中没有状态“nothing”"):
        publish(tree.east1, subject=case, step="nothing")


def test_a_termination_leaves_the_notice_step_while_its_period_runs(case: Objection, tree: Any,
                                                                   personas: dict) -> None:  # fmt: skip
    officer = personas["township_officer"]
    engine.transition(officer, case, "publicity", on=START, today=START)
    notice = publish(tree.east1, officer, subject=case, step="publicity")
    object_to(notice)
    with pytest.raises(DomainError, match="公示期为"):
        engine.transition(officer, case, "approved", on=START, today=START)
    engine.transition(officer, case, "stopped", on=START, today=START)  # "bypass_step": no check
    assert Objection.objects.get(pk=case.pk).state == "stopped"

"""Permission cases for the 党员创业示范工程 pages and API (see jiceng/core/testing.py): everyone of
the county sees the program and its figures; a demonstrator's file names a person and a loan, so
editors of its subtree see it and record the branch's steps; the county's officers take the
county's steps (site visit, 公示, approval, loan, subsidy, review, repayment)."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import COUNTY_ONLY, EAST1_EDITORS, EVERYONE, Fixtures, UrlCase
from jiceng.programs.models import Application, Commitment, FollowUp, Helped, Loan, Program, Subsidy

from .factories import COMMITTEE, D, applicant, apply, committee, household, program, walk


def _prog(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"pk": program(f.tree).pk}}


def _base_setup(f: Fixtures) -> dict[str, Any]:
    prog = program(f.tree)
    return {"kwargs": {"pk": prog.pk}, "program": prog,
            "data": {"organization": str(f.tree.east1.pk), "name": "沙溪兰花种植基地", "industry": "orchid"}}  # fmt: skip


def _base_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    from jiceng.programs.models import TrainingBase

    base = TrainingBase.objects.get()
    assert (base.program, base.organization, base.name, base.industry) == (prepared["program"], f.tree.east1,
                                                                           "沙溪兰花种植基地", "orchid")  # fmt: skip


def _session_setup(f: Fixtures) -> dict[str, Any]:
    from jiceng.core.actor import SYSTEM
    from jiceng.people.tests.factories import make_person
    from jiceng.programs import actions
    from jiceng.training.tests.factories import session

    prog = program(f.tree)
    base = actions.create_base(SYSTEM, prog, f.tree.east1, name="沙溪兰花种植基地", industry="orchid")
    held = session(f.tree.east1, [make_person(f.tree.east1, "学员甲")], title="兰花种植技术培训班")
    return {"kwargs": {"pk": base.pk}, "base": base, "held": held, "data": {"session": str(held.pk)}}


def _session_linked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(prepared["base"].sessions.all()) == [prepared["held"]]


def _file(state: str, data: dict[str, Any] | None = None, *, loan: bool = False) -> Any:
    """A file of 东一村 walked to `state` (or just applied); `kwargs` is the file's (or its loan's) pk."""

    def setup(f: Fixtures) -> dict[str, Any]:
        app = apply(program(f.tree), applicant(f.tree.east1))
        if state != "applied":
            walk(app, state)
        pk = Loan.objects.get(application=app).pk if loan else app.pk
        return {"kwargs": {"pk": pk}, "app": app, "data": dict(data or {})}

    return setup


def _with_meeting(f: Fixtures) -> dict[str, Any]:
    prepared = _file("applied")(f)
    prepared["meeting"] = committee(f.tree.east1, COMMITTEE)
    prepared["data"] = {"meeting": prepared["meeting"].pk}
    return prepared


def _linked(f: Fixtures) -> dict[str, Any]:
    prepared = _with_meeting(f)
    from jiceng.core.actor import SYSTEM
    from jiceng.programs import actions

    actions.link_meeting(SYSTEM, prepared["app"], prepared["meeting"])
    prepared["data"] = {"action": "recommend", "on": COMMITTEE.isoformat(), "note": "同意推荐"}
    return prepared


def _signed(f: Fixtures) -> dict[str, Any]:
    from jiceng.core.actor import SYSTEM
    from jiceng.programs import actions

    prepared = _file("approved")(f)
    actions.sign_commitment(SYSTEM, prepared["app"], signed_on=D(2024, 4, 1), today=D(2024, 4, 1))
    return prepared


def _helped(f: Fixtures) -> dict[str, Any]:
    prepared = _file("approved")(f)
    prepared["data"] = {"household": household(f.tree.east1, "李伯").pk, "since": "2024-04-02", "help": "种苗"}
    return prepared


def _exists(model: Any, **lookup: Any) -> Any:
    def check(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
        assert model.objects.filter(application=prepared["app"], **lookup).count() == 1

    return check


def _state(expected: str) -> Any:
    def check(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
        assert Application.objects.get(pk=prepared["app"].pk).state == expected

    return check


def _program_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = Program.objects.get()
    assert (row.name, row.bank, row.loan_min, row.loan_max, str(row.subsidy_share)) == (
        "农村党员创业示范工程",
        "县农信社",
        3_000_000,
        5_000_000,
        "100.00",
    )


def _applied(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = Application.objects.get()
    assert (row.person.name, row.industry, row.state, row.criteria["coop"]) == ("黄志强", "fruit", "applied", True)


def _linked_check(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    from jiceng.core import engine

    assert engine.links(prepared["app"], "applied") == [f"meetings.meeting:{prepared['meeting'].pk}"]


def _loan_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = Loan.objects.get()
    assert (row.amount, row.term_months, str(row.rate), row.application.state) == (5_000_000, 24, "5.310", "loaned")


def _subsidy_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Subsidy.objects.values_list("period", "interest", "amount")) == [(1, 66_375, 66_375)]


PROGRAM_DATA = {
    "name": "农村党员创业示范工程",
    "started_on": "2024-01-02",
    "leading_group": "县委副书记任组长",
    "fund_account": "县扶贫办专帐",
    "bank": "县农信社",
    "loan_min": "30000",
    "loan_max": "50000",
    "subsidy_share": "100",
}
APPLY = {
    "project": "三华李种植",
    "industry": "fruit",
    "applied_on": "2024-03-04",
    "ability": "on",
    "credit": "on",
    "example": "on",
    "coop": "on",
}
LOAN = {
    "amount": "50000",
    "lent_on": "2024-04-10",
    "term_months": "24",
    "rate": "5.31",
    "periods_per_year": "4",
    "method": "interest_only",
}


def _apply_setup(f: Fixtures) -> dict[str, Any]:
    prepared = _prog(f)
    return {**prepared, "data": {**APPLY, "person": applicant(f.tree.east1).pk}}


CASES = [
    UrlCase("programs:index", allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "programs:create",
        method="post",
        allowed=COUNTY_ONLY,
        outside_scope=(),
        setup=lambda f: {"data": PROGRAM_DATA},
        expect=_program_made,
    ),
    UrlCase("programs:program", allowed=EVERYONE, outside_scope=(), setup=_prog),
    UrlCase("programs:program_xlsx", allowed=EVERYONE, outside_scope=(), setup=_prog),
    UrlCase("programs:apply", method="post", allowed=EAST1_EDITORS, setup=_apply_setup, expect=_applied),
    UrlCase(
        "programs:base_new", method="post", allowed=COUNTY_ONLY, outside_scope=(), setup=_base_setup, expect=_base_made
    ),
    UrlCase("programs:base_session", method="post", allowed=COUNTY_ONLY, setup=_session_setup, expect=_session_linked),
    UrlCase("programs:detail", allowed=EAST1_EDITORS, setup=_file("loaned")),
    UrlCase("programs:link", method="post", allowed=EAST1_EDITORS, setup=_with_meeting, expect=_linked_check),
    UrlCase("programs:step", method="post", allowed=EAST1_EDITORS, setup=_linked, expect=_state("recommended")),
    UrlCase(
        "programs:step",
        method="post",
        allowed=COUNTY_ONLY,
        note="evaluate",
        setup=_file(
            "recommended",
            {"action": "evaluate", "evaluator": "刘专员", "feasible": "no", "note": "无场地", "on": "2024-03-20"},
        ),
        expect=_state("rejected"),
    ),
    UrlCase("programs:loan", method="post", allowed=COUNTY_ONLY, setup=_file("approved", LOAN), expect=_loan_made),
    UrlCase(
        "programs:commitment",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_file("approved", {"signed_on": "2024-04-01"}),
        expect=_exists(Commitment),
    ),
    UrlCase("programs:commitment_pdf", allowed=EAST1_EDITORS, setup=_signed),
    UrlCase(
        "programs:helped",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_helped,
        expect=_exists(Helped, household__head_name="李伯"),
    ),
    UrlCase(
        "programs:followup",
        method="post",
        allowed=EAST1_EDITORS,
        setup=_file("loaned", {"visited_on": "2024-05-01", "findings": "长势好", "opinions": "群众满意"}),
        expect=_exists(FollowUp, visitor="陈组织委员"),
    ),
    UrlCase(
        "programs:review",
        method="post",
        allowed=COUNTY_ONLY,
        setup=_file(
            "loaned", {"year": "2024", "reviewed_on": "2024-12-28", "decision": "cancel", "reason": "带动作用不够"}
        ),
        expect=_state("cancelled"),
    ),
    UrlCase(
        "programs:subsidy",
        method="post",
        allowed=COUNTY_ONLY,
        setup=_file("loaned", {"period_day": "2024-04-10", "paid_on": "2024-07-10"}, loan=True),
        expect=_subsidy_made,
    ),
    UrlCase(
        "programs:repaid",
        method="post",
        allowed=COUNTY_ONLY,
        setup=_file("loaned", {"on": "2026-04-10"}, loan=True),
        expect=_state("completed"),
    ),
    UrlCase(
        "api-v1:programs_list", api=True, allowed=EVERYONE, outside_scope=(), setup=lambda f: {**_prog(f), "kwargs": {}}
    ),
    UrlCase(
        "api-v1:programs_applications",
        api=True,
        allowed=EVERYONE,
        outside_scope=(),
        setup=lambda f: {**_file("applied")(f), "kwargs": {}, "data": {}},
    ),
    UrlCase(
        "api-v1:programs_loan_schedule",
        api=True,
        allowed=EAST1_EDITORS,
        setup=lambda f: {"kwargs": {"loan_id": _file("loaned", loan=True)(f)["kwargs"]["pk"]}},
    ),
    UrlCase(
        "api-v1:programs_subsidy_create",
        api=True,
        method="post",
        allowed=COUNTY_ONLY,
        setup=lambda f: {
            "kwargs": {"loan_id": _file("loaned", loan=True)(f)["kwargs"]["pk"]},
            "data": {"period_day": "2024-04-10", "paid_on": "2024-07-10"},
        },
        expect=_subsidy_made,
    ),
]

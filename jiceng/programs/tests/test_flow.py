"""A demonstrator from the application to the second annual review (seed 002), on a frozen clock
(`travel`: the app's `timezone.now`): 支委会 linked, site visit, 公示 without objection, loan, the
subsidy per quarter, the 承诺书, the households helped, follow-up visits, two reviews; and one
demonstrator cancelled at the review; the refusals (loan outside range, subsidy before loan)."""

from __future__ import annotations

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent, CaseEvent
from jiceng.notices.models import Notice
from jiceng.notices.tests.factories import object_to, travel
from jiceng.people.rules import Category
from jiceng.programs import actions, queries
from jiceng.programs.models import Application, Loan, Review, Subsidy

from .factories import (
    APPLIED,
    APPROVED,
    COMMITTEE,
    LENT,
    PUBLISHED,
    VISIT,
    D,
    applicant,
    apply,
    committee,
    household,
    notice_end,
    program,
    walk,
)

pytestmark = pytest.mark.django_db


def test_demonstrator_from_application_to_second_annual_review(tree, personas):
    branch, county = personas["village_secretary"], personas["county_officer"]
    prog = program(tree)
    person = applicant(tree.east1)
    with travel(APPLIED):
        app = actions.apply(branch, prog, person, project="兰花种植20亩", industry="orchid", scale="20亩",
                            criteria={"ability": True, "credit": True, "example": True}, applied_on=APPLIED)  # fmt: skip
    assert (app.state, app.criteria) == ("applied", {"ability": True, "credit": True, "example": True, "coop": False})
    with travel(COMMITTEE), pytest.raises(DomainError, match="还没有关联会议记录"):
        actions.recommend(branch, app)
    with travel(COMMITTEE):
        actions.link_meeting(branch, app, committee(tree.east1, COMMITTEE))
        actions.recommend(branch, app, note="支委会研究同意推荐")
    with travel(VISIT):
        with pytest.raises(DomainError, match="您没有权限进行此操作"):
            actions.evaluate(branch, app, evaluator="刘专员", feasible=True)
        actions.evaluate(county, app, evaluator="县扶贫办 刘专员", feasible=True, opinion="兰花大棚已建成")
    with travel(PUBLISHED):
        actions.publish(county, app)
    assert notice_end(app) == D(2024, 3, 29)
    with travel(D(2024, 3, 29)), pytest.raises(DomainError, match="期满后（2024-03-30起）才能办理下一环节"):
        actions.approve(county, app, designated="陈组织委员")
    with travel(APPROVED):
        actions.approve(county, app, designated="陈组织委员")
        actions.sign_commitment(branch, app, signed_on=APPROVED)
    with travel(LENT):
        loan = actions.record_loan(county, app, amount=5_000_000, lent_on=LENT, term_months=24, rate="5.31",
                                   periods_per_year=4)  # fmt: skip
        actions.add_helped(branch, app, household(tree.east1, "李伯"), since=LENT, help="兰花种苗和技术")
    assert app.help_mode(app.helped.count()) == "一对一"
    with travel(D(2024, 7, 10)):
        first = actions.grant_subsidy(county, loan, period_day=LENT)
    # 5 万 at 5.31 % a year, quarterly: 5 000 000 × 5.31 % ÷ 4 = 66 375 fen, fully subsidised
    assert (first.period, first.starts_on, first.ends_on, first.interest, first.amount) == (
        1,
        LENT,
        D(2024, 7, 10),
        66_375,
        66_375,
    )
    with travel(D(2024, 9, 15)):
        actions.add_helped(branch, app, household(tree.east2, "王婶"), since=D(2024, 9, 15), help="销路")
        actions.record_followup(branch, app, visited_on=D(2024, 9, 15), findings="兰花长势好，带动两户",
                                opinions="村民认为他带头致富、热心帮人")  # fmt: skip
    assert app.help_mode(app.helped.count()) == "一对多"
    with travel(D(2024, 12, 28)):
        one = actions.review(county, app, year=2024, decision="continue", reason="发挥作用好，继续支持",
                             reviewed_on=D(2024, 12, 28))  # fmt: skip
    with travel(D(2025, 12, 29)):
        for day in (D(2024, 7, 10), D(2024, 10, 10), D(2025, 1, 10), D(2025, 4, 10), D(2025, 7, 10)):
            actions.grant_subsidy(county, loan, period_day=day, paid_on=D(2025, 12, 29))
        two = actions.review(county, app, year=2025, decision="continue", reason="带动五户种植兰花",
                             reviewed_on=D(2025, 12, 29))  # fmt: skip
    app.refresh_from_db()
    assert app.state == "loaned" and app.designated == "陈组织委员" and app.evaluator == "县扶贫办 刘专员"
    assert [(r.year, r.decision) for r in (one, two)] == [(2024, "continue"), (2025, "continue")]
    assert list(Subsidy.objects.filter(loan=loan).values_list("period", "amount")) == [
        (i, 66_375) for i in range(1, 7)]  # fmt: skip
    labels = list(CaseEvent.objects.filter(case_type="programs.application", case_id=app.pk)
                  .order_by("on", "id").values_list("label", flat=True))  # fmt: skip
    assert labels == ["个人申请", "关联支委会", "支部推荐呈报", "实地考察：项目可行", "发布公示", "发布公示",
                      "经公示无异议，确定为帮扶对象", "签订帮扶承诺书", "发放贷款", "跟踪回访",
                      "2024年度评估：继续予以支持", "2025年度评估：继续予以支持"]  # fmt: skip
    figures = queries.figures(prog)
    assert (figures.demonstrators, figures.loan_total, figures.subsidy_total, figures.by_industry) == (
        1,
        5_000_000,
        6 * 66_375,
        [("兰花种植", 1)],
    )


def test_cancelled_at_review_and_loan_repaid(tree):
    prog = program(tree, subsidy_share="50")
    app = walk(apply(prog, applicant(tree.east1)), "loaned")
    loan = app.loan
    # half the interest: 66 375 × 50 % = 33 187.5 → 33 188 fen (half up)
    row = actions.grant_subsidy(SYSTEM, loan, period_day=D(2024, 5, 1), paid_on=D(2024, 7, 10), today=D(2024, 7, 10))
    assert (row.interest, row.amount) == (66_375, 33_188)
    actions.review(SYSTEM, app, year=2024, decision="cancel", reason="未履行承诺，带动作用不够",
                   reviewed_on=D(2024, 12, 30), today=D(2024, 12, 30))  # fmt: skip
    app.refresh_from_db()
    assert (app.state, app.state_label) == ("cancelled", "取消帮扶资格")
    with pytest.raises(DomainError, match="帮扶中的示范户才进行年度评估"):
        actions.review(SYSTEM, app, year=2025, decision="continue", reason="x", reviewed_on=D(2025, 12, 30),
                       today=D(2025, 12, 30))  # fmt: skip
    actions.mark_repaid(SYSTEM, loan, on=D(2026, 4, 10), today=D(2026, 4, 10))
    assert Loan.objects.get().repaid_on == D(2026, 4, 10)
    assert queries.figures(prog).cancelled == 1


def test_open_objection_holds_the_approval(tree):
    prog = program(tree)
    app = walk(apply(prog, applicant(tree.east1)), "notice")
    app_notice = Notice.objects.get()
    object_to(app_notice, day=PUBLISHED, text="他家的果园是租来的，规模没有那么大。")
    assert app_notice.title == "关于拟确定黄志强同志为农村党员创业示范帮扶对象的公示"
    with pytest.raises(DomainError, match="异议尚有1件未处理完毕"):
        actions.approve(SYSTEM, app, designated="陈组织委员", on=APPROVED, today=APPROVED)
    assert Application.objects.get().state == "notice"


def test_loan_outside_range_refused_nothing_written(tree):
    prog = program(tree)
    app = walk(apply(prog, applicant(tree.east1)), "approved")
    before = (AuditEvent.objects.count(), CaseEvent.objects.count())
    for amount in (2_999_999, 5_000_001):
        with pytest.raises(DomainError, match=r"不在本工程的贷款额度（30,000\.00—50,000\.00元）之内"):
            actions.record_loan(SYSTEM, app, amount=amount, lent_on=LENT, term_months=24, rate="5.31", today=LENT)
    assert not Loan.objects.exists() and Application.objects.get().state == "approved"
    assert (AuditEvent.objects.count(), CaseEvent.objects.count()) == before


def test_subsidy_before_loan_refused_and_once_a_period(tree):
    prog = program(tree)
    loan = walk(apply(prog, applicant(tree.east1)), "loaned").loan
    with pytest.raises(DomainError, match="贴息期间（2024-04-09）早于贷款发放日（2024-04-10），不能贴息"):
        actions.grant_subsidy(SYSTEM, loan, period_day=D(2024, 4, 9), paid_on=D(2024, 8, 1), today=D(2024, 8, 1))
    with pytest.raises(DomainError, match="尚未结束，到2024-07-10后才能贴息"):
        actions.grant_subsidy(SYSTEM, loan, period_day=LENT, paid_on=D(2024, 7, 9), today=D(2024, 7, 9))
    with pytest.raises(DomainError, match="已超出贷款期限（到期日2026-04-10）"):
        actions.grant_subsidy(SYSTEM, loan, period_day=D(2026, 4, 10), paid_on=D(2026, 5, 1), today=D(2026, 5, 1))
    actions.grant_subsidy(SYSTEM, loan, period_day=LENT, paid_on=D(2024, 7, 10), today=D(2024, 7, 10))
    with pytest.raises(DomainError, match="第1期的贴息已经拨付"):
        actions.grant_subsidy(SYSTEM, loan, period_day=D(2024, 6, 1), paid_on=D(2024, 7, 10), today=D(2024, 7, 10))
    assert Subsidy.objects.count() == 1


def test_not_feasible_needs_a_reason(tree):
    app = walk(apply(program(tree), applicant(tree.east1)), "recommended")
    with pytest.raises(DomainError, match="需要填写：不可行的理由"):
        actions.evaluate(SYSTEM, app, evaluator="刘专员", feasible=False, on=VISIT, today=VISIT)
    actions.evaluate(SYSTEM, app, evaluator="刘专员", feasible=False, opinion="无场地，项目不可行", on=VISIT,
                     today=VISIT)  # fmt: skip
    app.refresh_from_db()
    assert (app.state, app.feasible, app.evaluation) == ("rejected", False, "无场地，项目不可行")


def test_applicants_must_be_members_candidates_or_activists_meeting_the_criteria(tree):
    prog = program(tree)
    with pytest.raises(DomainError, match="帮扶对象应为农村党员、建党对象或入党积极分子（现为群众）"):
        apply(prog, applicant(tree.east1, "赵群众", Category.RESIDENT))
    with pytest.raises(DomainError, match="不符合帮扶条件：有良好诚信度"):
        apply(prog, applicant(tree.east1, "钱积极", Category.ACTIVIST), criteria={"ability": True, "example": True})
    made = apply(prog, applicant(tree.east1, "孙对象", Category.CANDIDATE))
    assert made.category == "candidate"
    assert Application.objects.count() == 1 and Review.objects.count() == 0


def test_helped_household_of_another_township_refused(tree):
    app = walk(apply(program(tree), applicant(tree.east1)), "approved")
    with pytest.raises(DomainError, match="农户“刘户”不在本乡镇，不能结对"):
        actions.add_helped(SYSTEM, app, household(tree.west1, "刘户"), since=APPROVED, help="技术", today=APPROVED)


def test_followup_only_by_the_designated_person(tree):
    app = walk(apply(program(tree), applicant(tree.east1)), "loaned")
    with pytest.raises(DomainError, match="应由指定的责任人陈组织委员进行"):
        actions.record_followup(SYSTEM, app, visited_on=D(2024, 5, 1), findings="好", opinions="好", visitor="别人",
                                today=D(2024, 5, 1))  # fmt: skip

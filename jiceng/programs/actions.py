"""Every change to the 党员创业示范工程: permission-checked, atomic, audited; the demonstrator's
file moves only through `core.engine.transition`. A bad input is refused in Chinese and nothing
is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit, engine
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_name
from jiceng.core.errors import DomainError
from jiceng.core.money import yuan
from jiceng.households.models import Household
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind
from jiceng.notices import actions as notice_actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person
from jiceng.training.models import Session

from . import rules
from .models import Application, Commitment, FollowUp, Helped, Loan, Program, Review, Subsidy, TrainingBase
from .rules import Industry, Repayment, ReviewDecision


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{what}")
    if len(value) > limit:
        raise DomainError(f"{what}不能超过{limit}个字")
    return value


def _not_future(day: dt.date, what: str, today: dt.date) -> None:
    if day > today:
        raise DomainError(f"{what}不能晚于今天")


def _percent(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().removesuffix("%"))
    except InvalidOperation as exc:
        raise DomainError(f"{what}“{value}”不是有效的数字") from exc
    if not number.is_finite() or number != number.quantize(Decimal("0.001")):
        raise DomainError(f"{what}最多三位小数")
    return number


# ---------------------------------------------------------------- the program


PROGRAM_FIELDS = ("name", "started_on", "leading_group", "fund_account", "fund_budget", "bank", "loan_min",
                  "loan_max", "subsidy_share")  # fmt: skip


def create_program(actor: Actor, org: Organization, *, name: str, started_on: dt.date, leading_group: str,
                   fund_account: str, bank: str, loan_min: int = 3_000_000, loan_max: int = 5_000_000,
                   subsidy_share: Any = "100", fund_budget: int = 0, note: str = "") -> Program:  # fmt: skip
    """The county's program (seed 002 (二)(五)): a fund in the budget kept in a special account,
    the partner bank, each loan's range (seed: 3–5 万) and the subsidised share of the interest."""
    require(actor.has_perm("programs.add_program_to", org), "只有县委组织部工作人员可以设立党员创业示范工程")
    if org.kind != OrgKind.COUNTY_COMMITTEE:
        raise DomainError("党员创业示范工程由县委设立，请选择县委")
    share = _percent(subsidy_share, "贴息比例")
    problem = rules.rate_problem(Decimal(1), share)
    if problem:
        raise DomainError(problem)
    if not 0 < loan_min <= loan_max:
        raise DomainError("贷款额度下限应大于0且不超过上限")
    if fund_budget < 0:
        raise DomainError("帮扶资金预算不能为负数")
    program = Program(organization=org, org_path=org.path, name=_text(name, "工程名称", 100), started_on=started_on,
                      leading_group=_text(leading_group, "领导小组及成员单位", 1000),
                      fund_account=_text(fund_account, "帮扶资金专帐", 100), bank=_text(bank, "合作银行", 100),
                      loan_min=loan_min, loan_max=loan_max, subsidy_share=share, fund_budget=fund_budget,
                      note=_text(note, "备注", 200, required=False))  # fmt: skip
    with transaction.atomic():
        program.save()
        snap = {
            k: str(v) if isinstance(v, (Decimal, dt.date)) else v
            for k, v in audit.snapshot(program, PROGRAM_FIELDS).items()
        }
        audit.record(actor, "create", program, org=org, changes=snap)
    return program


# ---------------------------------------------------------------- application → approval


def _branch(org: Organization) -> Organization:
    return (org.parent() or org) if org.kind == OrgKind.PARTY_GROUP else org


def apply(actor: Actor, program: Program, person: Person, *, project: str, industry: str, criteria: dict[str, bool],
          applied_on: dt.date, scale: str = "", note: str = "",
          today: dt.date | None = None) -> Application:  # fmt: skip
    """The person's own application (个人申请) with the four criteria checked (seed 002 (一))."""
    branch = _branch(person.organization)
    require(actor.has_perm("programs.apply_in", branch))
    today = today or timezone.localdate()
    _not_future(applied_on, "申请日期", today)
    if applied_on < program.started_on:
        raise DomainError(f"申请日期早于本工程的实施日期（{program.started_on:%Y-%m-%d}）")
    if industry not in Industry.values:
        raise DomainError("请选择产业")
    problem = rules.eligibility_problem(person.category, person.get_category_display())
    problem = problem or rules.criteria_problem(criteria)
    if problem:
        raise DomainError(problem)
    checked = {key: bool(criteria.get(key)) for key, _ in rules.CRITERIA}
    app = Application(program=program, person=person, organization=branch, org_path=branch.path,
                      category=person.category, project=_text(project, "创业项目", 200), industry=industry,
                      scale=_text(scale, "种养规模", 100, required=False), criteria=checked,
                      applied_on=applied_on)  # fmt: skip
    engine.begin(app, applied_on)
    with transaction.atomic():
        try:
            with transaction.atomic():
                app.save()
        except IntegrityError as exc:
            raise DomainError(f"{person.name}在本工程中已有正在办理的申请") from exc
        engine.started(actor, app, applied_on, label="个人申请", note=note.strip()[:500])
        audit.record(actor, "create", app, org=branch, changes={"申请人": person.name, "创业项目": app.project,
                                                                "产业": app.get_industry_display()})  # fmt: skip
    return app


def link_meeting(actor: Actor, app: Application, meeting: Meeting) -> Application:
    """The 支委会 that decided to recommend (a meeting of the branch recorded in the meetings app:
    linked, not entered again)."""
    require(actor.has_perm("programs.change_application", app))
    if app.state != "applied":
        raise DomainError("只有待支部推荐的申请需要关联支委会")
    if meeting.organization_id != app.organization_id or meeting.kind != Kind.COMMITTEE:
        raise DomainError(f"应关联{app.organization.name}召开的支委会")
    with transaction.atomic():
        engine.link(app, "applied", meeting)
        engine.record_event(actor, app, "link", "关联支委会", meeting.held_on or app.applied_on, note=str(meeting))
        audit.record(actor, "update", app, org=app.organization, changes={"关联支委会": str(meeting)})
    return app


def _move(actor: Actor, app: Application, target: str, on: dt.date | None, today: dt.date | None, *,
          given: dict[str, Any] | None = None, updates: dict[str, Any] | None = None,
          note: str = "") -> None:  # fmt: skip
    engine.transition(actor, app, target, on=on, today=today, given=given or {"note": note}, updates=updates,
                      note=note)  # fmt: skip


def recommend(actor: Actor, app: Application, *, on: dt.date | None = None, note: str = "",
              today: dt.date | None = None) -> Application:  # fmt: skip
    """支部推荐呈报: the linked 支委会 must have been held (the engine's "meeting" step check)."""
    require(actor.has_perm("programs.change_application", app))
    _move(actor, app, "recommended", on, today, note=_text(note, "推荐意见", 500, required=False))
    return app


def decline(actor: Actor, app: Application, *, note: str, on: dt.date | None = None,
            today: dt.date | None = None) -> Application:  # fmt: skip
    """支部不予推荐, or after the 公示 an objection upheld (不予确定): the reason is required."""
    target = "rejected"
    perm = "programs.change_application" if app.state == "applied" else "programs.decide_application"
    require(actor.has_perm(perm, app))
    _move(actor, app, target, on, today, note=_text(note, "理由", 500))
    return app


def evaluate(actor: Actor, app: Application, *, evaluator: str, feasible: bool, opinion: str = "",
             on: dt.date | None = None, today: dt.date | None = None) -> Application:  # fmt: skip
    """县领导小组专员实地考察和项目评估 by a named officer: feasible, or not with the reason."""
    require(actor.has_perm("programs.decide_application", app))
    on = on or today or timezone.localdate()
    evaluator = _text(evaluator, "考察评估专员", 50, required=False)
    opinion = _text(opinion, "考察评估意见", 500, required=False)
    target = "feasible" if feasible else "rejected"
    updates = {"evaluator": evaluator, "evaluated_on": on, "feasible": feasible, "evaluation": opinion}
    given = {"evaluator": evaluator, "reason": opinion, "note": opinion}
    engine.transition(actor, app, target, on=on, today=today, given=given, updates=updates,
                      note=f"考察评估专员：{evaluator}；{opinion}".rstrip("；"))  # fmt: skip
    return app


def publish(actor: Actor, app: Application, *, days: int | None = None, text: str = "",
            today: dt.date | None = None) -> Application:  # fmt: skip
    """The 公示 (notices app): while it runs, or an objection is open, the file waits."""
    require(actor.has_perm("programs.decide_application", app))
    today = today or timezone.localdate()
    name = app.person.name
    body = text.strip() or (
        f"经{app.organization.name}支部委员会推荐、县农村党员创业示范工程领导小组实地考察和项目评估，"
        f"拟确定{name}同志（{app.project}）为农村党员创业示范帮扶对象，现予公示。"
        "公示期间，党员和群众可以通过来信、来电、来访等方式反映情况。"
    )
    with transaction.atomic():
        _move(actor, app, "notice", today, today)
        notice_actions.publish_notice(actor, subject=app, step="notice", organization=app.organization,
                                      title=f"关于拟确定{name}同志为农村党员创业示范帮扶对象的公示", text=body,
                                      days=days, today=today)  # fmt: skip
    return app


def approve(actor: Actor, app: Application, *, designated: str, on: dt.date | None = None,
            today: dt.date | None = None) -> Application:  # fmt: skip
    """经公示无异议，确定为帮扶对象; the person designated to follow it up is named (seed 002 (五))."""
    require(actor.has_perm("programs.decide_application", app))
    designated = _text(designated, "跟踪落实责任人", 50)
    _move(actor, app, "approved", on, today, updates={"designated": designated}, note="经公示无异议")
    return app


# ---------------------------------------------------------------- loan and subsidy


def record_loan(actor: Actor, app: Application, *, amount: int, lent_on: dt.date, term_months: int, rate: Any,
                periods_per_year: int = 4, method: str = Repayment.INTEREST_ONLY, bank: str = "",
                today: dt.date | None = None) -> Loan:  # fmt: skip
    """The bank's 贴息贷款 (seed 002 (二)): an amount outside the program's range is refused."""
    require(actor.has_perm("programs.decide_application", app))
    today = today or timezone.localdate()
    program = app.program
    problem = rules.loan_problem(amount, program.loan_min, program.loan_max)
    if problem:
        raise DomainError(problem)
    if method not in Repayment.values:
        raise DomainError("请选择还款方式")
    rate_value = _percent(rate, "年利率")
    problem = rules.term_problem(term_months, periods_per_year) or rules.rate_problem(rate_value, program.subsidy_share)
    if problem:
        raise DomainError(problem)
    _not_future(lent_on, "贷款发放日期", today)
    bank = _text(bank or program.bank, "贷款银行", 100)
    loan = Loan(application=app, org_path=app.org_path, amount=amount, bank=bank,
                lent_on=lent_on, term_months=term_months, rate=rate_value, periods_per_year=periods_per_year,
                method=method, subsidy_share=program.subsidy_share)  # fmt: skip
    with transaction.atomic():
        _move(actor, app, "loaned", lent_on, today, given={"loan": True},
              note=f"{loan.bank}发放贷款{yuan(amount)}元，期限{term_months}个月，年利率{rate_value}%")  # fmt: skip
        loan.save()
        audit.record(actor, "create", loan, org=app.organization,
                     changes={"金额": yuan(amount), "银行": loan.bank, "发放日期": lent_on.isoformat(),
                              "期限（月）": term_months, "年利率（%）": str(rate_value)})  # fmt: skip
    return loan


def grant_subsidy(actor: Actor, loan: Loan, *, period_day: dt.date, paid_on: dt.date | None = None,
                  today: dt.date | None = None) -> Subsidy:  # fmt: skip
    """The interest subsidy of the period containing `period_day`, as `rules.schedule` computes
    it; a period before the loan (or past its term, or not yet ended) is refused; once a period."""
    app = loan.application
    require(actor.has_perm("programs.decide_application", app))
    today = today or timezone.localdate()
    paid_on = paid_on or today
    _not_future(paid_on, "拨付日期", today)
    period = rules.period_on(loan.schedule(), period_day, loan.lent_on)
    if paid_on < period.ends_on:
        raise DomainError(
            f"第{period.number}期（{period.starts_on:%Y-%m-%d}起）尚未结束，到{period.ends_on:%Y-%m-%d}后才能贴息"
        )
    row = Subsidy(loan=loan, org_path=loan.org_path, period=period.number, starts_on=period.starts_on,
                  ends_on=period.ends_on, interest=period.interest, amount=period.subsidy, paid_on=paid_on)  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:
            raise DomainError(f"第{period.number}期的贴息已经拨付") from exc
        audit.record(
            actor,
            "create",
            row,
            org=app.organization,
            changes={"期次": period.number, "利息": yuan(period.interest), "贴息": yuan(period.subsidy)},
        )
    return row


def mark_repaid(actor: Actor, loan: Loan, *, on: dt.date, today: dt.date | None = None) -> Loan:
    """The loan repaid in full; a file still 帮扶中 ends (还清贷款、帮扶结束)."""
    app = loan.application
    require(actor.has_perm("programs.decide_application", app))
    today = today or timezone.localdate()
    _not_future(on, "还清日期", today)
    if on < loan.lent_on:
        raise DomainError("还清日期不能早于贷款发放日期")
    with transaction.atomic():
        if not Loan.objects.filter(pk=loan.pk, repaid_on__isnull=True).update(repaid_on=on, updated_at=timezone.now()):
            raise DomainError("该贷款已登记还清")
        loan.repaid_on = on
        audit.record(actor, "update", loan, org=app.organization, changes={"还清日期": on.isoformat()})
        if app.state == "loaned":
            _move(actor, app, "completed", on, today, note="贷款已还清")
    return loan


# ---------------------------------------------------------------- commitment, help, visits, review


def sign_commitment(actor: Actor, app: Application, *, signed_on: dt.date, today: dt.date | None = None) -> Commitment:
    """The 《帮扶承诺书》 with its four commitments (seed 002 (四)), signed on `signed_on`."""
    require(actor.has_perm("programs.change_application", app))
    today = today or timezone.localdate()
    _not_future(signed_on, "签订日期", today)
    if app.state not in ("approved", "loaned"):
        raise DomainError("确定为帮扶对象后才能签订帮扶承诺书")
    approved_on = app.reached_on("approved")
    if approved_on and signed_on < approved_on:
        raise DomainError(f"签订日期不能早于确定为帮扶对象的日期（{approved_on:%Y-%m-%d}）")
    row = Commitment(application=app, signed_on=signed_on, commitments=list(rules.COMMITMENTS))
    with transaction.atomic():
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:
            raise DomainError("帮扶承诺书已经签订") from exc
        engine.record_event(actor, app, "commitment", "签订帮扶承诺书", signed_on)
        audit.record(actor, "create", row, org=app.organization, changes={"签订日期": signed_on.isoformat()})
    return row


def _township_path(org: Organization) -> str:
    chain = [org, *org.ancestors()]
    found = next((o for o in chain if o.kind == OrgKind.TOWNSHIP_COMMITTEE), None)
    return (found or org).path


def add_helped(actor: Actor, app: Application, household: Household, *, since: dt.date, help: str,
               today: dt.date | None = None) -> Helped:  # fmt: skip
    """A household the demonstrator helps (一对一、一对多结对帮扶); one of another township is refused."""
    require(actor.has_perm("programs.change_application", app))
    today = today or timezone.localdate()
    _not_future(since, "结对日期", today)
    if app.state not in ("approved", "loaned"):
        raise DomainError("确定为帮扶对象后才能登记结对帮带的农户")
    if not household.org_path.startswith(_township_path(app.organization)):
        raise DomainError(f"农户“{household.head_name}”不在本乡镇，不能结对")
    row = Helped(application=app, household=household, since=since, help=_text(help, "帮带内容", 200))
    with transaction.atomic():
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:
            raise DomainError(f"已与“{household.head_name}”户结对") from exc
        audit.record(actor, "create", row, org=app.organization, changes={"帮带农户": household.head_name})
    return row


def record_followup(actor: Actor, app: Application, *, visited_on: dt.date, findings: str, opinions: str,
                    visitor: str = "", today: dt.date | None = None) -> FollowUp:  # fmt: skip
    """A follow-up visit by the designated person (seed 002 (四)(五)): production, how the
    commitments are kept, the villagers' opinions of the demonstrator."""
    require(actor.has_perm("programs.change_application", app))
    today = today or timezone.localdate()
    _not_future(visited_on, "回访日期", today)
    if app.state != "loaned":
        raise DomainError("帮扶中的示范户才需要跟踪回访")
    visitor = (visitor or app.designated).strip()
    if visitor != app.designated:
        raise DomainError(f"跟踪回访应由指定的责任人{app.designated}进行")
    row = FollowUp(application=app, visited_on=visited_on, visitor=visitor,
                   findings=_text(findings, "生产和带动群众情况", 2000),
                   opinions=_text(opinions, "村民评议和意见", 2000))  # fmt: skip
    with transaction.atomic():
        row.save()
        engine.record_event(actor, app, "followup", "跟踪回访", visited_on, note=row.opinions[:500])
        audit.record(actor, "create", row, org=app.organization, changes={"回访日期": visited_on.isoformat()})
    return row


def review(actor: Actor, app: Application, *, year: int, decision: str, reason: str, reviewed_on: dt.date,
           today: dt.date | None = None) -> Review:  # fmt: skip
    """The year-end evaluation (seed 002 (四)): continue, or 取消帮扶资格 (the file ends)."""
    require(actor.has_perm("programs.decide_application", app))
    today = today or timezone.localdate()
    _not_future(reviewed_on, "评估日期", today)
    if decision not in ReviewDecision.values:
        raise DomainError("请选择评估结论：继续予以支持或取消帮扶资格")
    if app.state != "loaned":
        raise DomainError("帮扶中的示范户才进行年度评估")
    loan = app.loan
    if not loan.lent_on.year <= year <= reviewed_on.year:
        raise DomainError(f"评估年度应在贷款发放年度（{loan.lent_on.year}年）与评估日期所在年度之间")
    row = Review(application=app, year=year, reviewed_on=reviewed_on, decision=decision,
                 reason=_text(reason, "评估意见", 500), reviewer=actor_name(actor))  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:
            raise DomainError(f"{year}年度的评估已经完成") from exc
        label = ReviewDecision(decision).label
        if decision == ReviewDecision.CANCEL:
            _move(actor, app, "cancelled", reviewed_on, today, note=f"{year}年度评估：{row.reason}")
        else:
            engine.record_event(actor, app, "review", f"{year}年度评估：{label}", reviewed_on, note=row.reason)
        audit.record(actor, "create", row, org=app.organization, changes={"年度": year, "结论": label})
    return row


# ---------------------------------------------------------------- training bases


def create_base(actor: Actor, program: Program, org: Organization, *, name: str, industry: str) -> TrainingBase:
    """A 农村党员教育培训基地 in a village (seed 002 (三))."""
    require(actor.has_perm("programs.change_program", program) and actor.has_perm("programs.apply_in", org))
    if industry not in Industry.values:
        raise DomainError("请选择产业")
    if not org.path.startswith(program.org_path):
        raise DomainError("培训基地应在本县")
    row = TrainingBase(program=program, organization=org, org_path=org.path, name=_text(name, "基地名称", 100),
                       industry=industry)  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:
            raise DomainError(f"已有名为“{row.name}”的培训基地") from exc
        audit.record(actor, "create", row, org=org, changes={"基地": row.name})
    return row


def link_session(actor: Actor, base: TrainingBase, session: Session) -> TrainingBase:
    """A class held at the base: a session recorded in the training app (linked, not re-entered)."""
    require(actor.has_perm("programs.change_program", base.program))
    if not session.org_path.startswith(base.program.org_path):
        raise DomainError("培训班应为本县举办的培训")
    with transaction.atomic():
        base.sessions.add(session)
        audit.record(actor, "update", base, org=base.organization, changes={"培训班": session.title})
    return base

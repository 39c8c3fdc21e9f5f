"""党员创业示范工程 pages: the programs with seed 002's figures, a program's files and bases, one
demonstrator's file with the next steps, the 《帮扶承诺书》 (A4 PDF) and the Excel export. Thin views:
parse, call one action, show the refusal in Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.errors import DomainError
from jiceng.core.exports import workbook_response
from jiceng.core.money import parse_yuan, yuan
from jiceng.core.pdf import pdf_response
from jiceng.core.web import run_action
from jiceng.households.models import Household
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind
from jiceng.notices import queries as notice_queries
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.training.models import Session

from . import actions, flow, queries, rules
from .models import Application, Loan, Program, TrainingBase

# ---------------------------------------------------------------- parsing (errors in Chinese)


def _date(data: QueryDict, name: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(data.get(name, "").strip())
    except ValueError as exc:
        raise DomainError(f"请填写{what}（年-月-日）") from exc


def _int(data: QueryDict, name: str, what: str) -> int:
    text = data.get(name, "").strip()
    if not text.isdigit() or len(text) > 9:
        raise DomainError(f"请填写{what}（整数）")
    return int(text)


def _program(request: AuthedRequest, pk: int) -> Program:
    return get_visible_or_404(Program.objects.select_related("organization"), request.user, pk=pk)


def _app(request: AuthedRequest, pk: int) -> Application:
    rows = Application.objects.select_related("person", "organization", "program", "flow")
    return get_visible_or_404(rows, request.user, pk=pk)


def _loan(request: AuthedRequest, pk: int) -> Loan:
    return get_visible_or_404(Loan.objects.select_related("application__program"), request.user, pk=pk)


def _back(request: AuthedRequest, app: Application, action: Callable[[], Any], done: str) -> HttpResponse:
    run_action(request, action, done)
    return redirect("programs:detail", pk=app.pk)


# ---------------------------------------------------------------- programs


def index(request: AuthedRequest) -> HttpResponse:
    rows = [
        (p, queries.figures(p, queries.scope_path(p, request.user))) for p in Program.objects.visible_to(request.user)
    ]
    can_add = request.user.has_perm("programs.add_program_to", request.user.organization)
    return render(request, "programs/index.html", {"rows": rows, "can_add": can_add})


@require_POST
def create(request: AuthedRequest) -> HttpResponse:
    org = user_org(request.user)
    if org is None or not request.user.has_perm("programs.add_program_to", org):
        raise PermissionDenied
    data = request.POST

    def act() -> Program:
        return actions.create_program(
            request.user, org, name=data.get("name", ""), started_on=_date(data, "started_on", "实施日期"),
            leading_group=data.get("leading_group", ""), fund_account=data.get("fund_account", ""),
            bank=data.get("bank", ""), loan_min=parse_yuan(data.get("loan_min", "30000"), what="贷款下限"),
            loan_max=parse_yuan(data.get("loan_max", "50000"), what="贷款上限"),
            subsidy_share=data.get("subsidy_share", "100"),
            fund_budget=parse_yuan(data.get("fund_budget") or "0", what="帮扶资金预算"))  # fmt: skip

    done = run_action(request, act, "已设立党员创业示范工程")
    return redirect("programs:program", pk=done.value.pk) if done else redirect("programs:index")


def program(request: AuthedRequest, pk: int) -> HttpResponse:
    prog = _program(request, pk)
    path = queries.scope_path(prog, request.user)
    files = Application.objects.visible_to(request.user).filter(program=prog)
    can_apply = request.user.has_perm("programs.apply_in", request.user.organization)
    can_change = request.user.has_perm("programs.change_program", prog)
    people = Person.objects.visible_to(request.user).filter(category__in=rules.ELIGIBLE_CATEGORIES)
    context = {"program": prog, "figures": queries.figures(prog, path), "pipeline": queries.pipeline(prog, path),
               "files": files.select_related("person", "organization", "flow").order_by("org_path", "applied_on")[:500],
               "bases": prog.bases.filter(org_path__startswith=path).select_related("organization")
               .prefetch_related("sessions"),
               "can_apply": can_apply, "can_change": can_change,
               "villages": Organization.objects.filter(path__startswith=prog.org_path, is_village_level=True,
                                                       dissolved_on__isnull=True).order_by("path")[:500]
               if can_change else [],
               "sessions": Session.objects.filter(org_path__startswith=prog.org_path).order_by("-starts_on")[:100]
               if can_change else [],
               "industries": rules.Industry.choices, "criteria": rules.CRITERIA,
               "people": people.order_by("org_path", "name")[:300] if can_apply else [],
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "programs/program.html", context)


def program_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The figures as seed 002 reports them, then every file the user may see (editors)."""
    prog = _program(request, pk)
    path = queries.scope_path(prog, request.user)
    found = queries.figures(prog, path)
    files = Application.objects.visible_to(request.user).filter(program=prog)
    files = files.select_related("person", "organization", "flow", "loan").order_by("org_path", "applied_on", "id")
    summary: list[list[Any]] = [["帮扶对象（人）", found.demonstrators]]
    summary += [[f"其中{label}", n] for label, n in found.by_industry]
    summary += [["贷款（笔）", found.loans], ["贷款合计（元）", yuan(found.loan_total, grouping=False)],
                ["政府贴息合计（元）", yuan(found.subsidy_total, grouping=False)],
                ["取消帮扶资格（人）", found.cancelled], ["培训基地（个）", found.bases],
                ["培训班（期）", found.classes], ["培训（人次）", found.trainees]]  # fmt: skip
    rows = [[a.person.name, a.organization.name, a.get_industry_display(), a.project, a.state_label, a.state_on,
             *((yuan(a.loan.amount, grouping=False), a.loan.lent_on) if hasattr(a, "loan") else ("", None))]
            for a in files]  # fmt: skip
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("汇总", ["项目", "数量"], summary),
        ("帮扶档案", ["姓名", "党支部", "产业", "创业项目", "当前环节", "环节日期", "贷款金额（元）", "发放日期"],
         rows),
    ]  # fmt: skip
    return workbook_response(f"党员创业示范工程{timezone.localdate():%Y%m%d}.xlsx", sheets)


@require_POST
def apply(request: AuthedRequest, pk: int) -> HttpResponse:
    prog = _program(request, pk)
    data = request.POST
    pid = data.get("person", "")
    person = Person.objects.visible_to(request.user).filter(pk=int(pid)).first() if pid.isdigit() else None
    if person is None:
        raise Http404

    def act() -> Application:
        return actions.apply(request.user, prog, person, project=data.get("project", ""),
                             industry=data.get("industry", ""), scale=data.get("scale", ""),
                             criteria={k: data.get(k) == "on" for k, _ in rules.CRITERIA},
                             applied_on=_date(data, "applied_on", "申请日期"), note=data.get("note", ""))  # fmt: skip

    done = run_action(request, act, "已登记个人申请")
    return redirect("programs:detail", pk=done.value.pk) if done else redirect("programs:program", pk=prog.pk)


@require_POST
def base_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """A 农村党员教育培训基地 of the program in a village (county officers)."""
    prog = _program(request, pk)
    if not request.user.has_perm("programs.change_program", prog):
        raise PermissionDenied
    oid = request.POST.get("organization", "")
    org = Organization.objects.filter(pk=int(oid), path__startswith=prog.org_path).first() if oid.isdigit() else None
    if org is None:
        raise Http404
    run_action(request, lambda: actions.create_base(request.user, prog, org, name=request.POST.get("name", ""),
                                                    industry=request.POST.get("industry", "")),
               "已登记培训基地")  # fmt: skip
    return redirect("programs:program", pk=prog.pk)


@require_POST
def base_session(request: AuthedRequest, pk: int) -> HttpResponse:
    """A class held at the base: a training session already recorded, linked (not entered again)."""
    base = get_visible_or_404(TrainingBase.objects.select_related("program", "organization"), request.user, pk=pk)
    if not request.user.has_perm("programs.change_program", base.program):
        raise PermissionDenied
    sid = request.POST.get("session", "")
    session = Session.objects.filter(pk=int(sid)).first() if sid.isdigit() else None
    if session is None:
        raise Http404
    run_action(request, lambda: actions.link_session(request.user, base, session), "已关联培训班")
    return redirect("programs:program", pk=base.program_id)


# ---------------------------------------------------------------- one file


def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    today = timezone.localdate()
    loan = getattr(app, "loan", None) if hasattr(app, "loan") else None
    paid = dict(loan.subsidies.values_list("period", "amount")) if loan else {}
    schedule = [(p, paid.get(p.number)) for p in loan.schedule()] if loan else []
    notice = notice_queries.current(app, "notice")
    helped = list(app.helped.select_related("household"))
    context = {"app": app, "loan": loan, "schedule": schedule, "notice": notice, "today": today,
               "step": notice_queries.step_status(app, "notice", today) if app.state == "notice" else None,
               "events": app.events(), "helped": helped, "mode": app.help_mode(len(helped)),
               "followups": app.followups.all(), "reviews": app.reviews.all(),
               "commitment": getattr(app, "commitment", None) if hasattr(app, "commitment") else None,
               "meetings": Meeting.objects.filter(organization=app.organization, kind=Kind.COMMITTEE)
               .order_by("-starts_at")[:10] if app.state == "applied" else [],
               "households": Household.objects.visible_to(request.user).order_by("org_path", "head_name")[:200],
               "branch": request.user.has_perm("programs.change_application", app),
               "county": request.user.has_perm("programs.decide_application", app),
               "overdue": loan.overdue(today) if loan else False, "labels": flow.LABEL_OF,
               "commitments": rules.COMMITMENTS, "decisions": rules.ReviewDecision.choices,
               "methods": rules.Repayment.choices, "periods": rules.PERIODS.items()}  # fmt: skip
    return render(request, "programs/detail.html", context)


@require_POST
def step(request: AuthedRequest, pk: int) -> HttpResponse:
    """One step of the file: action = recommend / decline / evaluate / publish / approve."""
    app = _app(request, pk)
    data, user = request.POST, request.user
    on = lambda: _date(data, "on", "日期") if data.get("on") else None  # noqa: E731
    steps: dict[str, Callable[[], Any]] = {
        "recommend": lambda: actions.recommend(user, app, on=on(), note=data.get("note", "")),
        "decline": lambda: actions.decline(user, app, on=on(), note=data.get("note", "")),
        "evaluate": lambda: actions.evaluate(user, app, evaluator=data.get("evaluator", ""),
                                             feasible=data.get("feasible") == "yes", opinion=data.get("note", ""),
                                             on=on()),
        "publish": lambda: actions.publish(user, app, text=data.get("text", "")),
        "approve": lambda: actions.approve(user, app, designated=data.get("designated", ""), on=on()),
    }  # fmt: skip
    action = steps.get(data.get("action", ""))
    if action is None:
        raise Http404
    return _back(request, app, action, "已办理")


@require_POST
def link(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    mid = request.POST.get("meeting", "")
    meeting = Meeting.objects.visible_to(request.user).filter(pk=int(mid)).first() if mid.isdigit() else None
    if meeting is None:
        raise Http404
    return _back(request, app, lambda: actions.link_meeting(request.user, app, meeting), "已关联支委会")


@require_POST
def loan(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    data = request.POST
    return _back(request, app, lambda: actions.record_loan(
        request.user, app, amount=parse_yuan(data.get("amount", ""), what="贷款金额"),
        lent_on=_date(data, "lent_on", "发放日期"), term_months=_int(data, "term_months", "贷款期限"),
        rate=data.get("rate", ""), periods_per_year=_int(data, "periods_per_year", "还款周期"),
        method=data.get("method", rules.Repayment.INTEREST_ONLY), bank=data.get("bank", "")), "已登记贷款")  # fmt: skip


@require_POST
def subsidy(request: AuthedRequest, pk: int) -> HttpResponse:
    row = _loan(request, pk)
    data = request.POST
    return _back(request, row.application, lambda: actions.grant_subsidy(
        request.user, row, period_day=_date(data, "period_day", "贴息期间"),
        paid_on=_date(data, "paid_on", "拨付日期")), "已登记贴息")  # fmt: skip


@require_POST
def repaid(request: AuthedRequest, pk: int) -> HttpResponse:
    row = _loan(request, pk)
    act = lambda: actions.mark_repaid(request.user, row, on=_date(request.POST, "on", "还清日期"))  # noqa: E731
    return _back(request, row.application, act, "已登记还清")


@require_POST
def commitment(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    return _back(request, app, lambda: actions.sign_commitment(
        request.user, app, signed_on=_date(request.POST, "signed_on", "签订日期")), "已登记帮扶承诺书")  # fmt: skip


def commitment_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    signed = getattr(app, "commitment", None) if hasattr(app, "commitment") else None
    if signed is None:
        raise Http404
    context = {"app": app, "commitment": signed, "program": app.program}
    return pdf_response(request, "programs/pdf/commitment.html", context, f"帮扶承诺书-{app.person.name}.pdf")


@require_POST
def helped(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    data = request.POST
    hid = data.get("household", "")
    house = Household.objects.visible_to(request.user).filter(pk=int(hid)).first() if hid.isdigit() else None
    if house is None:
        raise Http404
    return _back(request, app, lambda: actions.add_helped(
        request.user, app, house, since=_date(data, "since", "结对日期"), help=data.get("help", "")),
        "已登记结对农户")  # fmt: skip


@require_POST
def followup(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    data = request.POST
    return _back(request, app, lambda: actions.record_followup(
        request.user, app, visited_on=_date(data, "visited_on", "回访日期"), findings=data.get("findings", ""),
        opinions=data.get("opinions", ""), visitor=data.get("visitor", "")), "已登记跟踪回访")  # fmt: skip


@require_POST
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    data = request.POST
    return _back(request, app, lambda: actions.review(
        request.user, app, year=_int(data, "year", "年度"), decision=data.get("decision", ""),
        reason=data.get("reason", ""), reviewed_on=_date(data, "reviewed_on", "评估日期")),
        "已登记年度评估")  # fmt: skip

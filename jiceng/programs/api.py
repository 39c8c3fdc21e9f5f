"""党员创业示范工程 API: the programs with their figures, the demonstrators' files (editors of the
subtree), a loan's schedule with the subsidy per period, and granting a period's subsidy. The same
access rules as the pages; refusals go through the API's one error handler (jiceng/api.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.dates import PastDate
from jiceng.core.params import Id
from jiceng.core.schemas import CleanIn

from . import actions, queries
from .models import Application, Loan, Program

router = Router(tags=["党员创业示范工程"])


class Message(Schema):
    detail: str


class ProgramIndustryOut(Schema):
    industry: str
    count: int


class ProgramOut(Schema):
    id: int
    name: str
    organization_id: int
    started_on: dt.date
    bank: str
    fund_account: str
    loan_min: int = Field(description="每人贷款下限（分）")
    loan_max: int = Field(description="每人贷款上限（分）")
    subsidy_share: str = Field(description="贴息比例（%）")
    demonstrators: int
    by_industry: list[ProgramIndustryOut]
    loan_total: int = Field(description="贷款合计（分）")
    subsidy_total: int = Field(description="贴息合计（分）")
    cancelled: int
    bases: int
    classes: int


class ProgramApplicationOut(Schema):
    id: int
    program_id: int
    person: str
    organization: str
    industry: str
    project: str
    state: str
    state_label: str
    state_on: dt.date
    loan_amount: int | None = Field(None, description="贷款金额（分）")


class ProgramPeriodOut(Schema):
    number: int
    starts_on: dt.date
    ends_on: dt.date
    balance: int
    principal: int
    interest: int
    subsidy: int
    paid_on: dt.date | None


class ProgramSubsidyIn(CleanIn):
    period_day: dt.date = Field(description="该期内的任一日期")
    paid_on: PastDate


class ProgramSubsidyOut(Schema):
    id: int
    period: int
    interest: int
    amount: int
    paid_on: dt.date


def _program_out(program: Program, path: str) -> dict[str, Any]:
    found = queries.figures(program, path)
    return {"id": program.pk, "name": program.name, "organization_id": program.organization_id,
            "started_on": program.started_on, "bank": program.bank, "fund_account": program.fund_account,
            "loan_min": program.loan_min, "loan_max": program.loan_max, "subsidy_share": str(program.subsidy_share),
            "demonstrators": found.demonstrators, "loan_total": found.loan_total,
            "subsidy_total": found.subsidy_total, "cancelled": found.cancelled, "bases": found.bases,
            "classes": found.classes,
            "by_industry": [{"industry": label, "count": n} for label, n in found.by_industry]}  # fmt: skip


@router.get("/programs", response={200: list[ProgramOut], 401: Message}, url_name="programs_list",
            summary="党员创业示范工程及其数字（帮扶对象、贷款、贴息）")  # fmt: skip
def list_programs(request: HttpRequest) -> Any:
    return [_program_out(p, queries.scope_path(p, request.user)) for p in Program.objects.visible_to(request.user)]


@router.get("/programs/applications", response={200: list[ProgramApplicationOut], 401: Message},
            url_name="programs_applications", summary="创业示范帮扶档案（本级及下级，编辑人员）")  # fmt: skip
def list_applications(request: HttpRequest) -> Any:
    rows = Application.objects.visible_to(request.user).select_related("person", "organization", "flow", "loan")
    return [{"id": a.pk, "program_id": a.program_id, "person": a.person.name, "organization": a.organization.name,
             "industry": a.get_industry_display(), "project": a.project, "state": a.state,
             "state_label": a.state_label, "state_on": a.state_on,
             "loan_amount": a.loan.amount if hasattr(a, "loan") else None} for a in rows[:1000]]  # fmt: skip


def _loan(request: HttpRequest, loan_id: int) -> Loan:
    return get_visible_or_404(Loan.objects.select_related("application"), request.user, pk=loan_id)


@router.get("/programs/loans/{loan_id}/schedule", response={200: list[ProgramPeriodOut], 401: Message, 404: Message},
            url_name="programs_loan_schedule", summary="贷款还款计划及每期贴息")  # fmt: skip
def loan_schedule(request: HttpRequest, loan_id: Id) -> Any:
    loan = _loan(request, loan_id)
    paid = dict(loan.subsidies.values_list("period", "paid_on"))
    return [{**p.__dict__, "paid_on": paid.get(p.number)} for p in loan.schedule()]


@router.post("/programs/loans/{loan_id}/subsidies",
             response={201: ProgramSubsidyOut, 400: Message, 401: Message, 403: Message, 404: Message},
             url_name="programs_subsidy_create", summary="拨付一期贴息")  # fmt: skip
def grant_subsidy(request: HttpRequest, loan_id: Id, payload: ProgramSubsidyIn) -> Any:
    loan = _loan(request, loan_id)
    return 201, actions.grant_subsidy(actor_of(request), loan, period_day=payload.period_day, paid_on=payload.paid_on)

"""Dues pages: the overview (totals per township and branch), the branch collection sheet of a
month (page, A4 PDF, Excel), a member's dues (base, payments, reasons), the arrears list and
one's own dues. Thin views."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import exports
from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.htmx import render_page
from jiceng.core.money import yuan
from jiceng.core.params import int_param
from jiceng.core.pdf import pdf_response
from jiceng.core.permissions import is_editor
from jiceng.core.web import run_action
from jiceng.core.workbook import WorkbookError
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, queries, rules, sheets
from .forms import BaseForm, ExcuseForm, ImportForm, PaymentForm, RemittanceForm, parse_month
from .models import DuesBase, Excuse, Payment, Remittance

PAGE_SIZE = 30  # the arrears list


def _month(request: AuthedRequest, today: dt.date) -> dt.date:
    return parse_month(request.GET.get("month", "")) or rules.month_start(today)


def _org(request: AuthedRequest, pk: int) -> Organization:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=pk)
    if not request.user.has_perm("dues.manage_org", org):
        raise PermissionDenied
    return org


def _person(request: AuthedRequest, pk: int) -> Person:
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=pk)
    if not request.user.has_perm("dues.change_record", person):
        raise PermissionDenied
    return person


def index(request: AuthedRequest) -> HttpResponse:
    """Editors: the totals of their subtree for a year; members: their own dues."""
    org = user_org(request.user)
    if org is None or not is_editor(request.user):
        return redirect("dues:mine")
    today = timezone.localdate()
    text = request.GET.get("year", "")
    year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else today.year
    year = min(max(year, 2000), today.year + 1)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    totals = queries.totals(org, first, last)
    context = {"totals": totals, "year": year, "month": rules.month_start(today),
               "sum_due": sum(t.due for t in totals), "sum_paid": sum(t.paid for t in totals),
               "sum_remitted": sum(t.remitted for t in totals)}  # fmt: skip
    return render(request, "dues/index.html", context)


def _sheet_context(request: AuthedRequest, pk: int) -> dict[str, Any]:
    org = _org(request, pk)
    today = timezone.localdate()
    month = _month(request, today)
    return {"sheet": queries.sheet(org, month), "org": org, "month": month, "today": today,
            "prev": rules.add_months(month, -1), "next": rules.add_months(month, 1)}  # fmt: skip


def sheet(request: AuthedRequest, pk: int, form: RemittanceForm | None = None) -> HttpResponse:
    context = _sheet_context(request, pk)
    org = context["org"]
    context["remittances"] = list(Remittance.objects.filter(organization=org).order_by("-first_month")[:12])
    context["remit_form"] = form or RemittanceForm(initial={"first_month": f"{context['month']:%Y-%m}",
                                                            "remitted_on": context["today"]})  # fmt: skip
    return render(request, "dues/sheet.html", context, status=400 if form else 200)


def sheet_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    context = _sheet_context(request, pk)
    name = f"{context['org'].name}{context['month']:%Y年%m月}党费收缴表.pdf"
    return pdf_response(request, "dues/pdf/sheet.html", context, name)


def import_bases(request: AuthedRequest, pk: int) -> HttpResponse:
    """The branch's bases from Excel: every row checked first; all saved, or none."""
    org = _org(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"] or rules.month_start(timezone.localdate())
        try:
            rows, errors = sheets.parse(sheets.read_rows(form.cleaned_data["file"]), month)
        except WorkbookError as exc:
            errors = [exc.message]
        if not errors:
            try:
                made = actions.import_bases(request.user, org, rows)
            except actions.ImportRefused as exc:
                errors = exc.errors
            else:
                messages.success(request, f"已导入 {len(made)} 名党员的党费基数")
                return redirect("dues:sheet", pk=org.pk)
    context = {"org": org, "form": form, "errors": errors, "columns": sheets.COLUMNS}
    return render(request, "dues/import.html", context, status=400 if errors else 200)


def bases_template(request: AuthedRequest, pk: int) -> HttpResponse:
    """The sheet to fill: every member of the branch with the category and income on record."""
    org = _org(request, pk)
    month = rules.month_start(timezone.localdate())
    people = list(queries.members_of(org).select_related("organization"))
    bases = queries.bases_by_person([p.pk for p in people], month)
    rows = []
    for person in people:
        base = rules.base_on(bases.get(person.pk, []), month)
        income = yuan(base.income, grouping=False) if base and base.income is not None else ""
        fixed = yuan(base.fixed, grouping=False) if base and base.fixed is not None else ""
        rows.append([person.name, person.organization.name, base.get_kind_display() if base else "", income, fixed,
                     f"{month:%Y-%m}"])  # fmt: skip
    return exports.xlsx_response(f"{org.name}党费基数表.xlsx", "党费基数", sheets.COLUMNS, rows)


SHEET_HEADERS = ["序号", "姓名", "所在党组织", "交纳类别", "基数（元）", "比例", "应交（元）", "实交（元）",
                 "交纳日期", "交纳地点", "收据号"]  # fmt: skip


def sheet_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    context = _sheet_context(request, pk)
    data = context["sheet"]
    rows: list[list[Any]] = []
    for i, line in enumerate(data.lines, 1):
        base, pay = line.base, line.payment
        rows.append([i, line.person.name, line.person.organization.name,
                     base.get_kind_display() if base else "未核定",
                     yuan(base.income) if base and base.income is not None else "",
                     line.due.rate if line.due else "", yuan(line.owed) if base else "",
                     yuan(pay.amount) if pay else "", pay.paid_on if pay else "",
                     (pay.place_name or pay.get_place_display()) if pay else "",
                     pay.receipt if pay else ""])  # fmt: skip
    rows.append(["", "合计", "", "", "", "", yuan(data.due), yuan(data.paid), "", "", ""])
    title = f"{context['month']:%Y年%m月}党费收缴表"
    return exports.xlsx_response(f"{data.org.name}{title}.xlsx", title, SHEET_HEADERS, rows)


@require_POST
def remit(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    form = RemittanceForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        done = run_action(request, lambda: actions.record_remittance(
            request.user, org, d["first_month"], d["months"], d["amount"], d["remitted_on"], d["receiver"],
            d["receipt"]), "已登记上缴", form=form)  # fmt: skip
        if done:
            return redirect(f"{request.path.removesuffix('remit/')}?month={d['first_month']:%Y-%m}")
    return sheet(request, pk, form)


def _person_context(person: Person, today: dt.date) -> dict[str, Any]:
    bases = list(DuesBase.objects.filter(person=person).order_by("-from_month"))
    payments = list(Payment.objects.filter(person=person).order_by("-month")[:36])
    current = rules.base_on([(b.from_month, b) for b in bases], rules.month_start(today))
    return {"person": person, "bases": bases, "payments": payments, "current": current, "today": today,
            "excuses": list(Excuse.objects.filter(person=person).order_by("-first_month"))}  # fmt: skip


def person(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    who = _person(request, pk)
    today = timezone.localdate()
    month = f"{today:%Y-%m}"
    context = {**_person_context(who, today), "base_form": BaseForm(initial={"from_month": month}),
               "pay_form": PaymentForm(initial={"first_month": month, "count": 1, "paid_on": today}),
               "excuse_form": ExcuseForm(), **(forms or {})}  # fmt: skip
    return render(request, "dues/person.html", context, status=400 if forms else 200)


def _person_post(request: AuthedRequest, pk: int, form_class: Any, key: str, act: Any, done: str) -> HttpResponse:
    """A form about one member's dues on their page: `act(person, cleaned_data)`."""
    who = _person(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: act(who, d), done, form=form):
            return redirect("dues:person", pk=pk)
    return person(request, pk, {key: form})


@require_POST
def set_base(request: AuthedRequest, pk: int) -> HttpResponse:
    def act(who: Any, d: dict[str, Any]) -> Any:
        return actions.set_base(
            request.user, who, d["from_month"], d["kind"], income=d["income"], fixed=d["fixed"],
            relief=d["relief"] or "", approved_by=d["approved_by"], approved_on=d["approved_on"], note=d["note"],
            confirmed=d["confirmed"])  # fmt: skip

    return _person_post(request, pk, BaseForm, "base_form", act, "已保存党费基数")


@require_POST
def pay(request: AuthedRequest, pk: int) -> HttpResponse:
    def act(who: Any, d: dict[str, Any]) -> Any:
        return actions.record_payment(
            request.user, who, d["first_month"], paid_on=d["paid_on"], count=d["count"], amount=d["amount"],
            place=d["place"], place_name=d["place_name"], receipt=d["receipt"])  # fmt: skip

    return _person_post(request, pk, PaymentForm, "pay_form", act, "已登记交纳")


@require_POST
def excuse(request: AuthedRequest, pk: int) -> HttpResponse:
    def act(who: Any, d: dict[str, Any]) -> Any:
        return actions.record_excuse(request.user, who, d["first_month"], d["last_month"], d["reason"])

    return _person_post(request, pk, ExcuseForm, "excuse_form", act, "已登记理由")


def _arrears_org(request: AuthedRequest) -> Organization:
    """`?org=` (within the editor's subtree), else the editor's own organization."""
    own = user_org(request.user)
    if own is None or not is_editor(request.user):
        raise PermissionDenied
    org_id = int_param(request.GET.get("org"))
    return _org(request, org_id) if org_id else own


def arrears(request: AuthedRequest) -> HttpResponse:
    """Members six consecutive months in arrears: per child organization the counts (each a link
    to its own list), then the members, a page at a time (htmx loads the next page into the list)."""
    org = _arrears_org(request)
    today = timezone.localdate()
    runs = queries.arrears_runs(org, today)
    children, own = queries.tally_children(org, runs)
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"org": org, "page": page, "rows": queries.arrears_of(page), "count": len(runs), "children": children,
               "own": own, "today": today, "cite": rules.CITES["arrears"]}  # fmt: skip
    return render_page(request, "dues/arrears.html", context, partial="rows")


def mine(request: AuthedRequest) -> HttpResponse:
    """One's own dues: the base in force and the payments (the account's person)."""
    who = getattr(request.user, "person", None)
    today = timezone.localdate()
    context = _person_context(who, today) if who is not None else {"person": None, "today": today}
    return render(request, "dues/mine.html", context)

"""Pairing and fund pages of a township: the pairings with their coverage (seed 004) and each
pair's duties this year, a pair's records, the fund (balance at a date, income, grants), the
Excel exports, and the fund's public summary (counts and totals, no names, no login). Thin views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import exports
from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.money import yuan
from jiceng.core.params import date_param, int_param
from jiceng.core.permissions import is_officer
from jiceng.core.web import run_action
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people import picker
from jiceng.people.models import Person

from . import actions, forms, queries, rules
from .models import Fund, Pairing, PoorMember


def _town(request: AuthedRequest, org_id: int) -> Organization:
    org = get_visible_or_404(Organization.objects.filter(kind=OrgKind.TOWNSHIP_COMMITTEE), request.user, pk=org_id)
    if not request.user.has_perm("assistance.change_org", org):
        raise PermissionDenied
    return org


def _members(town: Organization) -> Any:
    return Person.objects.in_subtree(town).members().select_related("organization").order_by("org_path", "name", "pk")


def _poor(town: Organization) -> forms.Choices:
    rows = PoorMember.objects.filter(township=town, ended_on__isnull=True).select_related("person")
    return [(e.pk, e.person.name) for e in rows.order_by("person__name", "pk")]


def _villages(town: Organization) -> forms.Choices:
    rows = Organization.objects.filter(path__startswith=town.path, is_village_level=True).order_by("path")
    return [(o.pk, o.name) for o in rows]


def _year(request: AuthedRequest) -> int:
    today = timezone.localdate()
    return int_param(request.GET.get("year"), lo=2000, hi=today.year) or today.year


def index(request: AuthedRequest) -> HttpResponse:
    org = user_org(request.user)
    if org is None or not is_officer(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    towns = list(org.subtree().filter(kind=OrgKind.TOWNSHIP_COMMITTEE).order_by("path")[:200])
    if org.kind == OrgKind.TOWNSHIP_COMMITTEE and org not in towns:
        towns.insert(0, org)
    rows = [(t, queries.coverage(t, today)) for t in towns]
    return render(request, "assistance/index.html", {"rows": rows, "today": today})


def township(request: AuthedRequest, org_id: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    town = _town(request, org_id)
    today, year = timezone.localdate(), _year(request)
    shown = {
        "poor_form": forms.PoorForm(people=_members(town), initial={"since": today}),
        "pair_form": forms.PairingForm(helpers=_members(town), poor=_poor(town), villages=_villages(town),
                                       initial={"started_on": today}),
        **(bound or {}),
    }  # fmt: skip
    page = reverse("assistance:township", args=[town.pk])
    for form in (shown["poor_form"], shown["pair_form"]):
        if answer := picker.serve(request, form, page=page):
            return answer
    context = {
        "town": town, "year": year, "today": today, "coverage": queries.coverage(town, today),
        "rows": queries.duty_rows(town, year, today), "unpaired": queries.unpaired_poor(town, today),
        "poor": list(PoorMember.objects.filter(township=town).select_related("person").order_by("person__name")),
        **shown,
    }  # fmt: skip
    return render(request, "assistance/township.html", context, status=400 if bound else 200)


@require_POST
def poor_new(request: AuthedRequest, org_id: int) -> HttpResponse:
    town = _town(request, org_id)
    form = forms.PoorForm(request.POST, people=_members(town))
    if form.is_valid():
        d = form.cleaned_data
        person = d["person"]
        if run_action(request, lambda: actions.add_poor_member(request.user, town, person, since=d["since"],
                                                               situation=d["situation"]),
                      "已登记贫困党员台账", form=form):  # fmt: skip
            return redirect("assistance:township", org_id=org_id)
    return township(request, org_id, {"poor_form": form})


@require_POST
def pairing_new(request: AuthedRequest, org_id: int) -> HttpResponse:
    town = _town(request, org_id)
    form = forms.PairingForm(request.POST, helpers=_members(town), poor=_poor(town), villages=_villages(town))
    if form.is_valid():
        d = form.cleaned_data
        helper = d["helper"]
        poor = PoorMember.objects.filter(pk=d["poor"]).first() if d["poor"] else None
        village = Organization.objects.filter(pk=d["village"]).first() if d["village"] else None
        if run_action(request, lambda: actions.create_pairing(request.user, town, kind=d["kind"], helper=helper,
                                                              started_on=d["started_on"], poor=poor,
                                                              affair=d["affair"], village=village, name=d["name"]),
                      "已登记结对", form=form):  # fmt: skip
            return redirect("assistance:township", org_id=org_id)
    return township(request, org_id, {"pair_form": form})


def _pair(request: AuthedRequest, pk: int) -> Pairing:
    rows = Pairing.objects.select_related("township", "helper", "poor__person", "person", "household", "village")
    pair = get_visible_or_404(rows, request.user, pk=pk)
    if not request.user.has_perm("assistance.change_org", pair.township):
        raise PermissionDenied
    return pair


def pairing(request: AuthedRequest, pk: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    pair = _pair(request, pk)
    today, year = timezone.localdate(), _year(request)
    contacts = list(pair.contacts.all())
    duties = rules.duties(pair.kind, pair.started_on, pair.ended_on, [(c.on, c.kind) for c in contacts],
                                  year, today)  # fmt: skip
    context = {"pair": pair, "contacts": contacts, "duties": duties, "year": year,
               "contact_form": forms.ContactForm(initial={"on": today}),
               "end_form": forms.EndForm(initial={"ended_on": today}), **(bound or {})}  # fmt: skip
    return render(request, "assistance/pairing.html", context, status=400 if bound else 200)


@require_POST
def contact_new(request: AuthedRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.record_contact(request.user, pair, kind=d["kind"], on=d["on"],
                                                              content=d["content"]),
                      "已登记帮扶记录", form=form):  # fmt: skip
            return redirect("assistance:pairing", pk=pk)
    return pairing(request, pk, {"contact_form": form})


@require_POST
def pairing_end(request: AuthedRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    form = forms.EndForm(request.POST)
    if form.is_valid() and run_action(request, lambda: actions.end_pairing(request.user, pair,
                                                                           form.cleaned_data["ended_on"]),
                                      "结对已结束", form=form):  # fmt: skip
        return redirect("assistance:pairing", pk=pk)
    return pairing(request, pk, {"end_form": form})


def pairings_xlsx(request: AuthedRequest, org_id: int) -> HttpResponse:
    town = _town(request, org_id)
    today, year = timezone.localdate(), _year(request)
    marks = {"done": "已走访", "missed": "未走访", "due": "本季度待走访", "": ""}

    def yes(v: bool | None) -> str:
        return "" if v is None else ("已完成" if v else "未完成")

    rows = [[r.pair.get_kind_display(), r.pair.helper.name, r.pair.helped, r.pair.started_on, r.pair.ended_on,
             *(marks[m] for m in r.duties.quarters), yes(r.duties.warmth), yes(r.duties.deed), r.contacts]
            for r in queries.duty_rows(town, year, today)]  # fmt: skip
    c = queries.coverage(town, today)
    rows += [[], ["机关党员参与帮扶", f"{c.organ_helping}/{c.organ_members}", f"{c.organ_percent}%"],
             ["贫困党员有结对", f"{c.poor_paired}/{c.poor}", f"{c.poor_percent}%"],
             ["双联双定双带党员", c.shuanglian_members, f"联系村务 {c.affair_members} 名（{c.affair_kinds} 类）",
              f"联系困难群众 {c.hardship_members} 名（{c.hardship_people} 人）"]]  # fmt: skip
    headers = ["帮扶类型", "帮扶人", "帮扶对象", "结对日期", "结束日期", "一季度", "二季度", "三季度", "四季度",
               "送温暖", "办实事", "帮扶记录数"]  # fmt: skip
    return exports.xlsx_response(f"{town.name}结对帮扶{year}.xlsx", "结对帮扶", headers, rows)


# ---------------------------------------------------------------- the fund


def fund(request: AuthedRequest, org_id: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    town = _town(request, org_id)
    today = timezone.localdate()
    on = date_param(request.GET.get("on")) or today
    f = Fund.objects.filter(township=town).first()
    context = {
        "town": town, "on": on, "balance": yuan(actions.balance(f, on)) if f else yuan(0),
        "incomes": list(f.incomes.all()[:500]) if f else [],
        "grants": list(f.grants.select_related("person")[:500]) if f else [],
        "summary": queries.summary(town, on),
        "income_form": forms.IncomeForm(initial={"received_on": today}),
        "grant_form": forms.GrantForm(people=_members(town), initial={"approved_on": today, "paid_on": today}),
        **(bound or {}),
    }  # fmt: skip
    if answer := picker.serve(request, context["grant_form"], page=reverse("assistance:fund", args=[town.pk])):
        return answer
    return render(request, "assistance/fund.html", context, status=400 if bound else 200)


@require_POST
def income_new(request: AuthedRequest, org_id: int) -> HttpResponse:
    town = _town(request, org_id)
    form = forms.IncomeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.add_income(request.user, town, kind=d["kind"],
                                                          received_on=d["received_on"], amount=d["amount"],
                                                          source=d["source"]),
                      "已登记基金收入", form=form):  # fmt: skip
            return redirect("assistance:fund", org_id=org_id)
    return fund(request, org_id, {"income_form": form})


@require_POST
def grant_new(request: AuthedRequest, org_id: int) -> HttpResponse:
    town = _town(request, org_id)
    form = forms.GrantForm(request.POST, people=_members(town))
    if form.is_valid():
        d = form.cleaned_data
        person = d["person"]
        if run_action(request, lambda: actions.grant(request.user, town, person, reason=d["reason"], amount=d["amount"],
                                                     approved_by=d["approved_by"], approved_on=d["approved_on"],
                                                     paid_on=d["paid_on"], note=d["note"]),
                      "已登记补助发放", form=form):  # fmt: skip
            return redirect("assistance:fund", org_id=org_id)
    return fund(request, org_id, {"grant_form": form})


def fund_xlsx(request: AuthedRequest, org_id: int) -> HttpResponse:
    town = _town(request, org_id)
    f = Fund.objects.filter(township=town).first()
    incomes = [[i.received_on, i.get_kind_display(), i.source, yuan(i.amount, grouping=False)]
               for i in (f.incomes.order_by("received_on", "pk") if f else [])]  # fmt: skip
    paid = f.grants.select_related("person").order_by("paid_on", "pk") if f else []
    grants = [[g.paid_on, g.person.name, g.get_reason_display(), yuan(g.amount, grouping=False), g.approved_by,
               g.approved_on, g.note] for g in paid]  # fmt: skip
    return exports.workbook_response(f"{town.name}困难党员帮扶基金.xlsx", [
        ("收入", ["到账日期", "来源类别", "来源", "金额（元）"], incomes),
        ("补助", ["发放日期", "补助对象", "补助原因", "金额（元）", "批准人", "批准日期", "说明"], grants),
    ])  # fmt: skip


@login_not_required
def fund_summary(request: AuthedRequest, org_id: int) -> HttpResponse:
    """Public: counts and totals only, no names (anyone, no login)."""
    town = get_object_or_404(Organization, pk=org_id, kind=OrgKind.TOWNSHIP_COMMITTEE)
    on = date_param(request.GET.get("on")) or timezone.localdate()
    return render(request, "assistance/summary.html", {"town": town, "summary": queries.summary(town, on)})

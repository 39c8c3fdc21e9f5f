"""Mobile member pages: the township list with its figures and filters, the Excel export, the
outflow form, one record with its card, contacts, reports, 失联, cadre and return. Thin views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.exports import xlsx_response
from jiceng.core.params import int_param
from jiceng.core.web import run_action
from jiceng.organizations.models import Organization
from jiceng.people import picker
from jiceng.people.models import Person

from . import actions, queries, rules
from .forms import CardForm, ContactForm, DayForm, KeeperForm, OutflowForm, ReceivingFields, ReportForm
from .models import Outflow


def _org(request: AuthedRequest) -> Organization:
    """The organization shown: `?org=` within the user's subtree, else the user's own."""
    org_id = int_param(request.GET.get("org") or request.POST.get("org")) or getattr(request.user.organization,
                                                                                    "pk", None)  # fmt: skip
    return get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)


def _listed(request: AuthedRequest) -> tuple[Organization, str, str, list[queries.Row], queries.Figures]:
    org = _org(request)
    which = request.GET.get("status", "")
    which = which if which in queries.FILTERS else ""
    destination = request.GET.get("destination", "").strip()[:100]
    outflows = queries.open_outflows(org).filter(pk__in=Outflow.objects.visible_to(request.user).values("pk"))
    found = queries.rows(outflows, timezone.localdate())
    figures = queries.figures(found)
    shown = queries.filtered(found, which)
    if destination:
        shown = [r for r in shown if destination in r.outflow.destination]
    return org, which, destination, shown, figures


def index(request: AuthedRequest) -> HttpResponse:
    org, which, destination, shown, figures = _listed(request)
    context = {"org": org, "which": which, "destination": destination, "rows": shown, "figures": figures,
               "filters": queries.FILTERS, "can_add": request.user.has_perm("mobile.add_outflow_to", org),
               "children": list(org.children_qs().order_by("path")), "cites": rules.CITES}  # fmt: skip
    return render(request, "mobile/index.html", context)


def export(request: AuthedRequest) -> HttpResponse:
    org, _which, _destination, shown, _figures = _listed(request)
    headers = ["所在党组织", "姓名", "流入地", "务工经商单位", "在外联系方式", "外出日期", "预计返回日期", "外出原因",
               "流入地党组织", "活动证编号", "活动证有效期至", "最近联系", "应联系日期", "思想汇报（份）", "联系干部",
               "联系情况", "提示"]  # fmt: skip
    out = ([r.outflow.person.organization.name, r.outflow.person.name, r.outflow.destination, r.outflow.workplace,
            r.outflow.contact, r.outflow.left_on, r.outflow.expected_return_on, r.outflow.get_reason_display(),
            r.outflow.receiving_label, r.outflow.card_number, r.outflow.card_valid_until, r.last_contact, r.due,
            r.reports, r.keeper, r.status, r.advice_label] for r in shown)  # fmt: skip
    return xlsx_response(f"{org.name}流动党员名单.xlsx", "流动党员", headers, out)


def new(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    if not request.user.has_perm("mobile.add_outflow_to", org):
        raise PermissionDenied
    away = Outflow.objects.open().values("person_id")
    people = Person.objects.visible_to(request.user).in_subtree(org).members().exclude(pk__in=away)
    people = people.select_related("organization").order_by("org_path", "name", "pk")
    form = OutflowForm(request.POST or None, people=people)
    if found := picker.serve(request, form):
        return found
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        act = lambda: actions.record_outflow(request.user, person, **data)  # noqa: E731
        done = run_action(request, act, "已登记外出", form=form)
        if done:
            return redirect("mobile:detail", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "mobile/new.html", {"form": form, "org": org}, status=status)


def _outflow(request: AuthedRequest, pk: int) -> Outflow:
    rows = Outflow.objects.select_related("person__organization", "receiving_org", "created_by")
    return get_visible_or_404(rows, request.user, pk=pk)


def _cadres(request: AuthedRequest, outflow: Outflow) -> Any:
    people = Person.objects.visible_to(request.user).members().exclude(pk=outflow.person_id)
    return people.select_related("organization").order_by("org_path", "name", "pk")


def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    outflow = _outflow(request, pk)
    row = queries.rows(Outflow.objects.filter(pk=outflow.pk), timezone.localdate())[0]
    can_edit = request.user.has_perm("mobile.change_outflow", outflow) and outflow.returned_on is None
    context = {
        "o": outflow, "row": row, "can_edit": can_edit, "cites": rules.CITES,
        "contacts": list(outflow.contacts.all()), "reports": list(outflow.reports.all()),
        "keepers": list(outflow.keepers.select_related("cadre__organization")),
    }  # fmt: skip
    if can_edit:
        keeper_form = KeeperForm(people=_cadres(request, outflow))
        if found := picker.serve(request, keeper_form):
            return found
        context.update(card_form=CardForm(), contact_form=ContactForm(), report_form=ReportForm(),
                       day_form=DayForm(), keeper_form=keeper_form,
                       receiving_form=ReceivingFields(initial={"receiving_org": outflow.receiving_org_id,
                                                               "receiving_name": outflow.receiving_name}))  # fmt: skip
    return render(request, "mobile/detail.html", context)


def _post(request: AuthedRequest, pk: int, form_class: Any, act: Callable[[Outflow, dict[str, Any]], Any],
          done: str, **form_kwargs: Any) -> HttpResponse:  # fmt: skip
    """Parse one small form of the record page and run its action; errors are shown on the page."""
    outflow = _outflow(request, pk)
    if not request.user.has_perm("mobile.change_outflow", outflow):
        raise PermissionDenied
    extra = {key: make(request, outflow) for key, make in form_kwargs.items()}
    form = form_class(request.POST, **extra)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        run_action(request, lambda: act(outflow, form.cleaned_data), done)
    return redirect("mobile:detail", pk=outflow.pk)


@require_POST
def card(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, CardForm, lambda o, d: actions.issue_card(request.user, o, **d), "已登记活动证")


@require_POST
def receiving(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, ReceivingFields, lambda o, d: actions.set_receiving(request.user, o, **d),
                 "已更新流入地党组织")  # fmt: skip


@require_POST
def contact(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, ContactForm, lambda o, d: actions.record_contact(request.user, o, **d), "已登记联系")


@require_POST
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, ReportForm, lambda o, d: actions.record_report(request.user, o, **d), "已登记思想汇报")


@require_POST
def lost(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, DayForm, lambda o, d: actions.mark_lost(request.user, o, lost_on=d["day"]), "已登记失联")


@require_POST
def keeper(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, KeeperForm,
                 lambda o, d: actions.assign_keeper(request.user, o, d["cadre"], since=d["since"]),
                 "已指定联系干部", people=_cadres)  # fmt: skip


@require_POST
def returned(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, DayForm, lambda o, d: actions.record_return(request.user, o, returned_on=d["day"]),
                 "已登记返回，外出登记结束")  # fmt: skip

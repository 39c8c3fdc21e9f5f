"""Duty pages: choosing a village, a village's rota with this month's log and gaps, setting a
weekday's names, the printable 值班牌 (A4 PDF) and the log form. Thin views."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.exports import workbook_response
from jiceng.core.params import int_param
from jiceng.core.pdf import pdf_response
from jiceng.core.web import run_action
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, queries, rules
from .forms import EntryForm

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _org(request: AuthedRequest, org_id: Any) -> Organization:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    if not request.user.has_perm("duty.view_duty", org):
        raise PermissionDenied
    return org


def _editor(request: AuthedRequest, org: Organization) -> None:
    if not request.user.has_perm("duty.manage_duty", org):
        raise PermissionDenied


def index(request: AuthedRequest) -> HttpResponse:
    own = request.user.organization
    if own is not None and own.is_village_level:
        return redirect("duty:village", org_id=own.pk)
    villages = Organization.objects.filter(path__startswith=own.path if own else "-", is_village_level=True,
                                           dissolved_on__isnull=True).order_by("path")  # fmt: skip
    return render(request, "duty/choose.html", {"villages": villages, "own": own})


def _month(request: AuthedRequest) -> tuple[int, int]:
    today = timezone.localdate()
    found = MONTH.fullmatch(request.GET.get("month", ""))
    if found and 2000 <= int(found[1]) <= 2100 and 1 <= int(found[2]) <= 12:
        return int(found[1]), int(found[2])
    return today.year, today.month


def village(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    today = timezone.localdate()
    year, number = _month(request)
    entries, gaps = queries.month(org, year, number, today)
    editor = request.user.has_perm("duty.manage_duty", org)
    previous = f"{year - (number == 1)}-{(number - 2) % 12 + 1:02d}"
    following = f"{year + (number == 12)}-{number % 12 + 1:02d}"
    context = {"org": org, "rota": queries.rota(org), "entries": entries, "gaps": gaps, "year": year, "number": number,
               "editor": editor, "cadres": queries.cadres(org, today) if editor else [], "previous": previous,
               "following": following}  # fmt: skip
    return render(request, "duty/village.html", context)


@require_POST
def rota(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    _editor(request, org)
    weekday = int_param(request.POST.get("weekday"), lo=0, hi=6)
    people = request.POST.getlist("people")
    run_action(request, lambda: actions.set_day(request.user, org, -1 if weekday is None else weekday, people),
               "已保存值班安排")  # fmt: skip
    return redirect("duty:village", org_id=org.pk)


def board(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    context = {"org": org, "rota": queries.rota(org), "today": timezone.localdate()}
    return pdf_response(request, "duty/pdf/board.html", context, f"{org.name}值班牌.pdf")


def log_xlsx(request: AuthedRequest, org_id: int) -> HttpResponse:
    """The month's duty log as a workbook: the entries (duty date and entry date, 补录 marked) and
    the working days on the rota without a log."""
    org = _org(request, org_id)
    year, number = _month(request)
    entries, gaps = queries.month(org, year, number, timezone.localdate())
    log: list[tuple[Any, ...]] = [
        (e.on, rules.WEEKDAYS[e.on.weekday()], e.person.name, e.callers, e.handled, e.referred, e.ledger_ref or "",
         timezone.localdate(e.created_at), e.entered_by, "补录" if e.late else "")
        for e in entries
    ]  # fmt: skip
    headers = ("值班日期", "星期", "值班干部", "来访来电群众及事项", "办理情况", "转交事项", "台账事项编号",
               "录入日期", "录入人", "补录")  # fmt: skip
    missing: list[tuple[Any, ...]] = [(d, rules.WEEKDAYS[d.weekday()]) for d in gaps]
    sheets = [("值班日志", headers, log), ("未记日志的值班日", ("日期", "星期"), missing)]
    return workbook_response(f"{org.name}{year}年{number}月值班日志.xlsx", sheets)


def new_entry(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    _editor(request, org)
    ids = [p.pk for p in queries.cadres(org, timezone.localdate())]
    people = Person.objects.filter(posts__organization=org).distinct().order_by("name", "pk")
    form = EntryForm(
        request.POST or None, people=people, initial={"on": timezone.localdate(), "person": ids[0] if ids else None}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        done = run_action(request, lambda: actions.log_entry(request.user, org, **data), "已记值班日志", form=form)
        if done:
            return redirect(f"{reverse('duty:village', args=[org.pk])}?month={data['on']:%Y-%m}")
    status = 400 if request.method == "POST" else 200
    return render(request, "duty/new.html", {"form": form, "org": org}, status=status)

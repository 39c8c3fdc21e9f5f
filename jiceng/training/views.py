"""Training pages: sessions of an organization (a county picks the organization first), the
session form, one session, a person's yearly 学时 with each source, the shortfall list and its
Excel export, marking a held meeting "以会代训". Thin views."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import workbook
from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.exports import xlsx_response
from jiceng.core.htmx import render_page
from jiceng.core.params import int_param
from jiceng.core.web import run_action
from jiceng.core.workbook import WorkbookError
from jiceng.meetings.models import Meeting
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people import names, picker
from jiceng.people.models import Person

from . import actions, queries, rules
from .forms import CreditForm, SessionForm
from .models import Session

PAGE_SIZE = 30


def _year(request: AuthedRequest) -> int:
    return int_param(request.GET.get("year"), lo=2000, hi=2100) or timezone.localdate().year


def _org(request: AuthedRequest, org_id: Any) -> Organization:
    return get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)


def _chosen(request: AuthedRequest) -> Organization | None:
    """The organization whose sessions are shown: `?org=`, else the user's own (a county picks first)."""
    if org_id := int_param(request.GET.get("org")):
        return _org(request, org_id)
    own = request.user.organization
    if own is None or own.kind == OrgKind.COUNTY_COMMITTEE:
        return None
    return own


def index(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    own = request.user.organization
    org = _chosen(request)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if org is None:
        choices = list(own.children_qs().order_by("path")) if own is not None else []
        context: dict[str, Any] = {
            "year": year,
            "own": own,
            "choices": [(o, queries.figures(o, start, end)) for o in choices],
        }
        return render(request, "training/choose.html", context)
    sessions = Session.objects.visible_to(request.user).filter(org_path__startswith=org.path,
                                                              starts_on__gte=start, starts_on__lte=end)  # fmt: skip
    sessions = sessions.select_related("organization").order_by("-starts_on", "-pk")
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    editor = request.user.has_perm("training.add_session_to", org)
    context = {
        "org": org, "year": year, "page": page, "figures": queries.figures(org, start, end), "can_add": editor,
        "meetings": queries.uncredited_meetings(org) if editor else [], "credit_form": CreditForm(),
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
    }  # fmt: skip
    return render_page(request, "training/index.html", context, partial="results")


def _organizer(request: AuthedRequest) -> Organization:
    source = request.POST if request.method == "POST" else request.GET
    org = _org(request, int_param(source.get("org")) or getattr(request.user.organization, "pk", None))
    if not request.user.has_perm("training.add_session_to", org):
        raise PermissionDenied
    return org


def new(request: AuthedRequest) -> HttpResponse:
    """Record a session: the organizer (`?org=`), its data and the participants of its subtree."""
    org = _organizer(request)
    people = (Person.objects.visible_to(request.user).filter(org_path__startswith=org.path)
              .select_related("organization").order_by("org_path", "name", "pk"))  # fmt: skip
    form = SessionForm(request.POST or None, request.FILES or None, people=people,
                       initial={"starts_on": timezone.localdate(), "unit": rules.Unit.DAY, "amount": 1})  # fmt: skip
    if answer := picker.serve(request, form):
        return answer
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["ends_on"] = data["ends_on"] or data["starts_on"]
        chosen = {p.pk for p in data["participants"]}
        if sign_in := data.pop("sign_in"):
            # A sign-in sheet names the participants (entered once, not ticked again): all found, or none saved.
            try:
                found, errors = names.people_of_sheet(workbook.first_sheet(sign_in.read()), people, what="本组织人员")
            except WorkbookError as exc:
                found, errors = [], [exc.message]
            for error in errors:
                form.add_error("sign_in", error)
            chosen |= {p.pk for p in found}
        data["participants"] = sorted(chosen)
        done = None if form.errors else run_action(request, lambda: actions.create_session(request.user, org, **data),
                                                   "已登记培训", form=form)  # fmt: skip
        if done:
            return redirect("training:detail", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "training/new.html", {"form": form, "org": org}, status=status)


def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(Session.objects.select_related("organization", "created_by"), request.user, pk=pk)
    rows = session.participants.select_related("person__organization")
    participants = list(rows.order_by("person__org_path", "person__name"))
    return render(request, "training/detail.html", {"session": session, "participants": participants})


def person_hours(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=pk)
    year = _year(request)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lines = queries.lines_of(person, start, end)
    on = queries.judge_on(year)
    is_cadre = bool(queries.cadre_ids(Person.objects.filter(pk=person.pk), on))
    required = queries.requirement(person, is_cadre, on)
    total = sum((line.hours for line in lines), queries.tenths(0))
    context = {"person": person, "year": year, "lines": lines, "total": total, "required": required,
               "short": rules.shortfall(total, required), "is_cadre": is_cadre, "on": on,
               "cite": rules.rules_on(on).cite("hours"), "source_meeting": queries.MEETING_SOURCE}  # fmt: skip
    return render(request, "training/person.html", context)


def shortfall(request: AuthedRequest, org_id: int) -> HttpResponse:
    """The members short of their 学时: per child organization the counts (each a link to its own
    list), then the members short, a page at a time (htmx loads the next page into the list)."""
    org = _org(request, org_id)
    year = _year(request)
    standings = queries.standings_under(org.path, year, ordered=True)
    short = [s for s in standings if s.short > 0]
    page = Paginator(short, PAGE_SIZE).get_page(request.GET.get("page"))
    children, own = queries.tally_children(org, standings)
    on = queries.judge_on(year)
    context = {"org": org, "year": year, "page": page, "rows": queries.rows_of(page), "members": len(standings),
               "short": len(short), "on": on, "cite": rules.rules_on(on).cite("hours"), "rs": rules.rules_on(on),
               "children": children, "own": own}  # fmt: skip
    return render_page(request, "training/shortfall.html", context, partial="rows")


def shortfall_export(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    year = _year(request)
    rows = ([r.person.organization.name, r.person.name, r.person.get_category_display(), r.role, r.required,
             float(r.hours), float(r.short)] for r in queries.shortfall_rows(org, year))  # fmt: skip
    headers = ["所在党组织", "姓名", "人员类别", "身份", "应达学时", "已完成学时", "尚差学时"]
    return xlsx_response(f"{org.name}{year}年培训学时不足名单.xlsx", "学时不足名单", headers, rows)


@require_POST
def credit(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_visible_or_404(Meeting.objects.select_related("organization"), request.user, pk=pk)
    form = CreditForm(request.POST)
    back = f"{reverse('training:index')}?org={meeting.organization_id}"
    if not form.is_valid():
        messages.error(request, "计入学时应在0.5到12之间")
        return redirect(back)
    run_action(request, lambda: actions.credit_meeting(request.user, meeting, form.cleaned_data["hours"]),
               "已计入培训学时（以会代训）")  # fmt: skip
    return redirect(back)

"""Grid, household and visit pages: thin — parse, authorize, call one action, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.params import int_param
from jiceng.core.permissions import is_editor
from jiceng.core.web import run_action
from jiceng.core.workbook import WorkbookError
from jiceng.organizations.models import Organization

from . import actions, forms, links, sheets
from .models import Grid, Household, Visit


def _require_org(request: AuthedRequest) -> None:
    if user_org(request.user) is None:
        raise Http404


def posted_org(request: HttpRequest) -> None:
    """A form naming an organization outside the user's subtree is a 404, not a form error."""
    value = request.POST.get("organization")
    if request.method == "POST" and value:
        org_id = int_param(value)
        if org_id is None:
            return
        if not Organization.objects.visible_to(request.user).filter(pk=org_id).exists():
            raise Http404


def grids(request: AuthedRequest) -> HttpResponse:
    _require_org(request)
    form = forms.GridForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not is_editor(request.user):
            raise Http404
        posted_org(request)
        if form.is_valid():
            d = dict(form.cleaned_data)
            org = d.pop("organization")
            done = run_action(request, lambda: actions.create_grid(request.user, org, **d), "已新增网格", form=form)
            if done:
                return redirect("households:grid_detail", pk=done.value.pk)
    rows = Grid.objects.visible_to(request.user).select_related("organization")[:1000]
    return render(request, "households/grids.html", {"rows": rows, "form": form, "can_edit": is_editor(request.user)})


def grid_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    grid = get_visible_or_404(Grid.objects.select_related("organization"), request.user, pk=pk)
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST":
        if not is_editor(request.user):
            raise Http404
        if form.is_valid():
            done = run_action(request, lambda: actions.add_household(request.user, grid, **form.cleaned_data),
                              "已添加农户", form=form)  # fmt: skip
            if done:
                return redirect("households:grid_detail", pk=pk)
    households = Household.objects.visible_to(request.user).filter(grid=grid)
    visits = Visit.objects.visible_to(request.user).filter(grid=grid)[:50]
    context = {"grid": grid, "households": households, "visits": visits, "form": form,
               "can_edit": is_editor(request.user)}  # fmt: skip
    return render(request, "households/grid_detail.html", context)


def grid_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Households of a grid from Excel: every row checked first; all saved, or none."""
    grid = get_visible_or_404(Grid.objects.select_related("organization"), request.user, pk=pk)
    if not is_editor(request.user):
        raise Http404
    form = forms.HouseholdImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows, errors = sheets.parse(sheets.read_rows(form.cleaned_data["file"]))
        except WorkbookError as exc:
            errors = [exc.message]
        if not errors:
            done = run_action(request, lambda: actions.import_households(request.user, grid, rows),
                              f"已导入 {len(rows)} 户")  # fmt: skip
            if done:
                return redirect("households:grid_detail", pk=pk)
    context = {"grid": grid, "form": form, "errors": errors, "columns": list(sheets.COLUMNS)}
    return render(request, "households/household_import.html", context)


def visits(request: AuthedRequest) -> HttpResponse:
    _require_org(request)
    rows = Visit.objects.visible_to(request.user).select_related("organization", "visitor")[:200]
    context = {"rows": rows, "can_edit": is_editor(request.user), "visit_page": reverse(links.visit_page())}
    return render(request, "households/visits.html", context)


def visit_create(request: AuthedRequest) -> HttpResponse:
    """Record a 五访五问 visit (the ledgers offer the same page with a ledger item on it)."""
    if not is_editor(request.user):
        raise Http404
    posted_org(request)
    form = forms.VisitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_action(request, lambda: actions.record_visit(request.user, **form.visit_data()), "已记录走访",
                          form=form)  # fmt: skip
        if done:
            return redirect("households:visits")
    context = {"form": form, "title": "记录走访（五访五问）", "cancel": reverse("households:visits")}
    return render(request, "households/form.html", context)

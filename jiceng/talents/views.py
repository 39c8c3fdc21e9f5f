"""Talent pages: the register of an organization's subtree (search by skill, village, category;
figures by category), the entry form, one talent (full contact), editing and the Excel export
(contacts masked). Thin views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.exports import xlsx_response
from jiceng.core.htmx import render_page
from jiceng.core.params import int_param
from jiceng.core.web import run_action
from jiceng.organizations.models import Organization
from jiceng.people import picker
from jiceng.people.models import Person

from . import actions, queries
from .forms import TalentForm
from .models import Talent, TalentQuerySet
from .rules import Category

PAGE_SIZE = 30


def _org(request: AuthedRequest, org_id: Any) -> Organization:
    return get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)


def _scope(request: AuthedRequest) -> Organization:
    """`?org=` (a village or an organization above), else the user's own organization."""
    org_id = int_param(request.GET.get("org")) or getattr(request.user.organization, "pk", None)
    return _org(request, org_id)


def _found(request: AuthedRequest, org: Organization) -> TalentQuerySet:
    talents = Talent.objects.visible_to(request.user).filter(org_path__startswith=org.path)
    category = request.GET.get("category", "")
    if category in Category.values:
        talents = talents.filter(category=category)
    return talents.search(request.GET.get("q", "")[:50]).select_related("organization")


def _villages(org: Organization) -> list[Organization]:
    villages = Organization.objects.filter(path__startswith=org.path, is_village_level=True, dissolved_on__isnull=True)
    return list(villages.order_by("path"))


def index(request: AuthedRequest) -> HttpResponse:
    org = _scope(request)
    rows, text, total = queries.figures(org)
    page = Paginator(_found(request, org), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"org": org, "page": page, "rows": rows, "text": text, "total": total, "q": request.GET.get("q", ""),
               "category": request.GET.get("category", ""), "categories": Category.choices,
               "villages": _villages(org), "own": request.user.organization,
               "can_add": org.is_village_level and request.user.has_perm("talents.add_talent_to", org)}  # fmt: skip
    return render_page(request, "talents/index.html", context, partial="results")


def _people(request: AuthedRequest, org: Organization) -> Any:
    return (Person.objects.visible_to(request.user).filter(org_path__startswith=org.path)
            .select_related("organization").order_by("name", "pk"))  # fmt: skip


def _data(form: TalentForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


def new(request: AuthedRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    org = _org(request, int_param(source.get("org")) or getattr(request.user.organization, "pk", None))
    if not request.user.has_perm("talents.add_talent_to", org):
        raise PermissionDenied
    form = TalentForm(request.POST or None, people=_people(request, org))
    if found := picker.serve(request, form):
        return found
    if request.method == "POST" and form.is_valid():
        done = run_action(request, lambda: actions.create_talent(request.user, org, **_data(form)), "已登记实用人才",
                          form=form)  # fmt: skip
        if done:
            return redirect("talents:detail", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "talents/form.html", {"form": form, "org": org, "title": "登记实用人才"}, status=status)


def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    talent = get_visible_or_404(Talent.objects.select_related("organization", "person", "created_by"), request.user,
                                pk=pk)  # fmt: skip
    can_edit = request.user.has_perm("talents.change_talent", talent)
    return render(request, "talents/detail.html", {"talent": talent, "can_edit": can_edit})


def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    talent = get_visible_or_404(Talent.objects.select_related("organization"), request.user, pk=pk)
    if not request.user.has_perm("talents.change_talent", talent):
        raise PermissionDenied
    initial = {f: getattr(talent, f) for f in actions.FIELDS}
    form = TalentForm(request.POST or None, initial=initial, people=_people(request, talent.organization))
    if found := picker.serve(request, form):
        return found
    update = lambda: actions.update_talent(request.user, talent, **_data(form))  # noqa: E731
    if request.method == "POST" and form.is_valid() and run_action(request, update, "已保存", form=form):
        return redirect("talents:detail", pk=talent.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "org": talent.organization, "title": f"修改 · {talent.name}", "talent": talent}
    return render(request, "talents/form.html", context, status=status)


def export(request: AuthedRequest) -> HttpResponse:
    """The register as searched, contacts masked (脱敏)."""
    org = _scope(request)
    rows = ([t.organization.name, t.name, t.get_category_display(), t.skills, t.contact_masked, "、".join(t.honors),
             "是" if t.person_id else "否"] for t in _found(request, org).iterator())  # fmt: skip
    headers = ["所在村", "姓名", "人才类别", "专长技能", "联系电话", "荣誉", "已关联人员档案"]
    return xlsx_response(f"{org.name}农村实用人才名册.xlsx", "农村实用人才", headers, rows)

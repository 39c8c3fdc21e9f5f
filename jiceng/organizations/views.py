"""Changing the org tree (officers): new child, rename, move, dissolve, details, 片区.

The pages that show an organization — the tree, its dashboard with figures and charts — read
people and statistics, so they live in `reports` (the app above all others); the old addresses
here redirect there, so links and bookmarks keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.web import run_action

from . import actions
from .forms import ChildForm, DetailsForm, DissolveForm, MoveForm, RenameForm
from .models import Organization, Village

# Where an organization is shown (reports.views.dashboard): named, not imported.
ORG_PAGE = "reports:dashboard"


def _org(request: AuthedRequest, org_id: int) -> Organization:
    return get_visible_or_404(Organization.objects.select_related("village"), request.user, pk=org_id)


def tree(request: AuthedRequest) -> HttpResponse:
    return redirect("reports:tree")


def dashboard(request: AuthedRequest, org_id: int) -> HttpResponse:
    return redirect(ORG_PAGE, org_id=_org(request, org_id).pk)


def children(request: AuthedRequest, org_id: int) -> HttpResponse:
    target = redirect("reports:children", org_id=_org(request, org_id).pk)
    if request.GET:
        target["Location"] += "?" + request.GET.urlencode()
    return target


def _manage(request: AuthedRequest, org_id: int, perm: str, form_class: Any,
            run: Callable[[Organization, Any], Any], done: str, **form_kwargs: Any) -> HttpResponse:  # fmt: skip
    org = _org(request, org_id)
    if not request.user.has_perm(perm, org):  # refused before the form is even read
        raise Http404
    form = form_class(request.POST, **{k: (org if v == "org" else v) for k, v in form_kwargs.items()})
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(ORG_PAGE, org_id=org.pk)
    outcome = run_action(request, lambda: run(org, form.cleaned_data), done)
    result = outcome.value
    if not isinstance(result, Organization):
        return redirect(ORG_PAGE, org_id=org.pk)
    if result.is_dissolved:  # its page is gone from the tree: show the parent
        parent = result.parent()
        return redirect(ORG_PAGE, org_id=parent.pk if parent is not None else org.pk)
    return redirect(ORG_PAGE, org_id=result.pk)


@require_POST
def create_child(request: AuthedRequest, org_id: int) -> HttpResponse:
    return _manage(
        request,
        org_id,
        "organizations.add_child",
        ChildForm,
        lambda org, d: actions.create_organization(request.user, parent=org, **d),
        "已新建组织",
        parent="org",
    )


@require_POST
def rename(request: AuthedRequest, org_id: int) -> HttpResponse:
    return _manage(
        request,
        org_id,
        "organizations.change_org",
        RenameForm,
        lambda org, d: actions.rename_organization(request.user, org, d["name"]),
        "已更名",
    )


@require_POST
def details(request: AuthedRequest, org_id: int) -> HttpResponse:
    return _manage(
        request,
        org_id,
        "organizations.change_org",
        DetailsForm,
        lambda org, d: actions.update_organization(request.user, org, **d),
        "已保存",
    )


@require_POST
def move(request: AuthedRequest, org_id: int) -> HttpResponse:
    return _manage(request, org_id, "organizations.move_org", MoveForm,
                   lambda org, d: actions.move_organization(request.user, org, d["parent"]), "已移动",
                   user=request.user, org="org")  # fmt: skip


@require_POST
def dissolve(request: AuthedRequest, org_id: int) -> HttpResponse:
    return _manage(
        request,
        org_id,
        "organizations.dissolve_org",
        DissolveForm,
        lambda org, d: actions.dissolve_organization(request.user, org, d["on"]),
        "已撤销（历史记录保留）",
    )


def areas(request: AuthedRequest, org_id: int) -> HttpResponse:
    """片区 of a township: list, create, and assign villages (officers)."""
    township = _org(request, org_id)
    if township.kind != "township_committee":
        raise Http404
    can_edit = request.user.has_perm("organizations.change_org", township)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        area = township.areas.filter(pk=request.POST.get("area") or 0).first()
        ids = [v for v in request.POST.getlist("villages") if v.isascii() and v.isdigit()]
        chosen = list(Village.objects.filter(pk__in=ids))  # the action refuses other townships' villages
        run_action(request, lambda: actions.save_area(request.user, township, name=request.POST.get("name", ""),
                                                      villages=chosen, area=area), "片区已保存")  # fmt: skip
        return redirect("organizations:areas", org_id=township.pk)
    context = {
        "org": township, "can_edit": can_edit, "villages": township.villages.order_by("name"),
        "areas": township.areas.prefetch_related("villages").order_by("name"),
    }  # fmt: skip
    return render(request, "organizations/areas.html", context)

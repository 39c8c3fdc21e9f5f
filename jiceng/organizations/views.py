"""Org tree navigation, dashboards with charts, and org management for officers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.people.models import Person
from jiceng.people.rules import JUNIOR_HIGH_OR_BELOW, MEMBER_CATEGORIES, Sex
from jiceng.reports.stats import org_stats

from . import actions
from .forms import ChildForm, DissolveForm, MoveForm, RenameForm
from .models import Organization, Village


def _org(request: AuthedRequest, org_id: int) -> Organization:
    return get_visible_or_404(Organization.objects.select_related("village"), request.user, pk=org_id)


def tree(request: AuthedRequest) -> HttpResponse:
    root = request.user.organization
    if root is None:
        raise Http404
    return render(request, "organizations/tree.html", {"root": root, "nodes": _nodes(request, root)})


def children(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    return render(request, "organizations/tree.html#nodes", {"nodes": _nodes(request, org)})


def _nodes(request: AuthedRequest, org: Organization) -> list[Organization]:
    qs = org.children_qs()
    if request.GET.get("dissolved") != "1":
        qs = qs.active()
    members = Q(people__category__in=MEMBER_CATEGORIES)
    return list(qs.annotate(member_count=Count("people", filter=members)).order_by("name"))


def _pyramid(org: Organization, today: Any) -> dict[str, Any]:
    """Members by sex and five-year age band (the age pyramid)."""
    bands = [f"{lo}-{lo + 4}" for lo in range(15, 95, 5)] + ["95+"]
    male, female = [0] * len(bands), [0] * len(bands)
    stats = Person.objects.in_subtree(org).filter(category__in=MEMBER_CATEGORIES).values_list("sex", "birth_date")
    for sex, birth in stats.iterator(chunk_size=5000):
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        index = min(max((age - 15) // 5, 0), len(bands) - 1)
        (male if sex == Sex.MALE else female)[index] += 1
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": ["男", "女"]},
        "grid": {"left": 60, "right": 20, "top": 30, "bottom": 20},
        "xAxis": {"type": "value", "minInterval": 1, "axisLabel": {"formatter": "abs"}},
        "yAxis": {"type": "category", "data": bands},
        "series": [
            {"name": "男", "type": "bar", "stack": "all", "data": [-v for v in male]},
            {"name": "女", "type": "bar", "stack": "all", "data": female},
        ],
    }


def _bar(labels: list[str], values: list[int]) -> dict[str, Any]:
    return {"tooltip": {}, "grid": {"left": 40, "right": 10, "top": 20, "bottom": 60},
            "xAxis": {"type": "category", "data": labels, "axisLabel": {"rotate": 45}},
            "yAxis": {"type": "value"}, "series": [{"type": "bar", "data": values}]}  # fmt: skip


def _pie(items: dict[str, int]) -> dict[str, Any]:
    return {"tooltip": {"trigger": "item"}, "legend": {"bottom": 0, "type": "scroll"},
            "series": [{"type": "pie", "radius": ["35%", "65%"],
                        "data": [{"name": k, "value": v} for k, v in items.items()]}]}  # fmt: skip


PEOPLE_LABELS = {"full": "正式党员", "probationary": "预备党员", "candidate": "发展对象", "activist": "入党积极分子",
                 "applicant": "入党申请人", "resident": "群众"}  # fmt: skip


def dashboard(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    today = timezone.localdate()
    stats = org_stats(org, today)
    members = stats["members"]
    total = members["total"] or 1
    ages = {int(k): v for k, v in members["age"].items()}
    cadres = stats["cadres"]
    low = sum(cadres["education"][label] for label in ("初中", "小学", "未上学"))
    figures = {
        "aged_55": round(100 * sum(v for a, v in ages.items() if a >= 55) / total),
        "aged_35": round(100 * sum(v for a, v in ages.items() if a <= 35) / total),
        "female": round(100 * members["female"] / total),
        "cadre_low_edu": round(100 * low / cadres["total"]) if cadres["total"] else 0,
    }
    charts = {
        "pyramid": json.dumps(_pyramid(org, today), ensure_ascii=False),
        "education": json.dumps(
            _bar(list(members["education"]), list(members["education"].values())), ensure_ascii=False
        ),
        "categories": json.dumps(_pie({PEOPLE_LABELS[k]: v for k, v in stats["people"].items()}), ensure_ascii=False),
    }
    kids = [(child, org_stats(child, today)) for child in org.children_qs().active().order_by("name")[:200]]
    context = {
        "org": org, "stats": stats, "figures": figures, "charts": charts, "children": kids,
        "ancestors": _ancestors(request, org), "can_manage": request.user.has_perm("organizations.change_org", org),
        "child_form": ChildForm(parent=org), "rename_form": RenameForm(initial={"name": org.name}),
        "move_form": MoveForm(user=request.user, org=org), "dissolve_form": DissolveForm(initial={"on": today}),
        "can_move": request.user.has_perm("organizations.move_org", org),
        "junior_high_or_below": JUNIOR_HIGH_OR_BELOW,
    }  # fmt: skip
    return render(request, "organizations/dashboard.html", context)


def _ancestors(request: AuthedRequest, org: Organization) -> list[Organization]:
    own = request.user.organization
    if own is None:
        return []
    return [a for a in org.ancestors().order_by("depth") if a.path.startswith(own.path)]


def _manage(request: AuthedRequest, org_id: int, perm: str, form_class: Any,
            run: Callable[[Organization, Any], Any], done: str, **form_kwargs: Any) -> HttpResponse:  # fmt: skip
    org = _org(request, org_id)
    if not request.user.has_perm(perm, org):  # refused before the form is even read
        raise Http404
    form = form_class(request.POST, **{k: (org if v == "org" else v) for k, v in form_kwargs.items()})
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("organizations:dashboard", org_id=org.pk)
    try:
        result = run(org, form.cleaned_data)
    except AccessDenied as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("organizations:dashboard", org_id=org.pk)
    messages.success(request, done)
    target = result.pk if isinstance(result, Organization) and not result.is_dissolved else org.pk
    if isinstance(result, Organization) and result.is_dissolved:
        parent = result.parent()
        target = parent.pk if parent is not None else org.pk
    return redirect("organizations:dashboard", org_id=target)


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
        ids = [v for v in request.POST.getlist("villages") if v.isdigit()]
        chosen = list(Village.objects.filter(pk__in=ids))  # the action refuses other townships' villages
        try:
            actions.save_area(request.user, township, name=request.POST.get("name", ""), villages=chosen, area=area)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "片区已保存")
        return redirect("organizations:areas", org_id=township.pk)
    context = {
        "org": township, "can_edit": can_edit, "villages": township.villages.order_by("name"),
        "areas": township.areas.prefetch_related("villages").order_by("name"),
    }  # fmt: skip
    return render(request, "organizations/areas.html", context)

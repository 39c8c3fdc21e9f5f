"""户联理事会 pages: the list per village (with the 四联 figures summed), a union (officers,
households for editors, activities, rewards), its forms, and the Excel of the unions. Thin views."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import exports
from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.money import yuan
from jiceng.core.registry import ratings_of
from jiceng.core.web import run_action
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import actions, forms, queries, rules
from .models import Union, UnionHousehold


def _union(request: AuthedRequest, pk: int, perm: str = "unions.view_org") -> Union:
    union = get_visible_or_404(Union.objects.select_related("organization"), request.user, pk=pk)
    if not request.user.has_perm(perm, union.organization):
        raise PermissionDenied
    return union


def _free_households(org: Organization) -> forms.Choices:
    """The village's households in no union yet."""
    taken = UnionHousehold.objects.filter(household__grid__organization=org).values("household_id")
    rows = Household.objects.filter(grid__organization=org).exclude(pk__in=taken).select_related("grid")
    return [(h.pk, f"{h.head_name}（{h.grid.name}{'，' + h.address if h.address else ''}）")
            for h in rows.order_by("grid__name", "head_name", "pk")[:2000]]  # fmt: skip


def _people(union: Union) -> forms.Choices:
    return [(p.pk, p.name) for p in Person.objects.in_subtree(union.organization).order_by("name", "pk")[:1000]]


def _ratings(union: Union) -> forms.Choices:
    return [(r.ref, f"{r.label}：{r.rating or r.grade}（{r.score}分）") for r in ratings_of(union.ref) if r.rating]


def _villages(request: AuthedRequest) -> list[Organization]:
    org = user_org(request.user)
    if org is None:
        raise PermissionDenied
    rows = org.subtree().filter(kind=OrgKind.BRANCH, is_village_level=True, dissolved_on__isnull=True)
    return list(rows.order_by("path")[:500])


def index(request: AuthedRequest) -> HttpResponse:
    villages = _villages(request)
    unions = list(Union.objects.visible_to(request.user).select_related("organization")[:2000])
    sizes = queries.sizes(unions)
    by_village: dict[int, list[tuple[Union, int]]] = {}
    for u in unions:
        by_village.setdefault(u.organization_id, []).append((u, sizes[u.pk]))
    org = user_org(request.user)
    assert org is not None  # _villages refused a user without one
    context = {
        "rows": [(v, by_village.get(v.pk, []), request.user.has_perm("unions.change_org", v)) for v in villages],
        "network": queries.network(org), "by_kind": queries.by_kind(queries.activities_under(org)),
    }  # fmt: skip
    return render(request, "unions/index.html", context)


def union_new(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise Http404
    if not request.user.has_perm("unions.change_org", org):
        raise PermissionDenied
    form = forms.UnionForm(request.POST or None, households=_free_households(org),
                           initial={"founded_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        houses = list(Household.objects.filter(pk__in=d["households"]).select_related("grid"))
        done = run_action(request, lambda: actions.create_union(
            request.user, org, name=d["name"], basis=d["basis"], place=d["place"], founded_on=d["founded_on"],
            households=houses, confirm_size=d["confirm_size"], note=d["note"]),
            "已成立户联理事会", form=form)  # fmt: skip
        if done:
            return redirect("unions:union", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "unions/new.html", {"org": org, "form": form}, status=status)


def union(request: AuthedRequest, pk: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    u = _union(request, pk)
    today = timezone.localdate()
    can_change = request.user.has_perm("unions.change_org", u.organization)
    can_reward = request.user.has_perm("unions.reward_org", u.organization)
    activities = u.activities.all()
    context = {
        "union": u, "can_change": can_change, "can_reward": can_reward,
        "officers": list(u.officers.select_related("person").order_by("role", "name", "pk")),
        "size": u.members.count(), "warning": rules.size_warning(u.members.count()),
        "households": list(u.members.select_related("household__grid")) if can_change else [],
        "activities": list(activities.select_related("entered_by")[:200]),
        "by_kind": queries.by_kind(activities), "totals": queries.totals(activities),
        "rewards": list(u.rewards.all()), "proposals": actions.proposals_of(u),
        "proposal_form": forms.ProposalForm(initial={"started_on": today}) if can_change else None,
        # The forms only for editors (a member's page lists no household and no one of the roster).
        "officer_form": forms.OfficerForm(people=_people(u), initial={"chosen_on": today}) if can_change else None,
        "activity_form": forms.ActivityForm(initial={"held_on": today}),
        "households_form": forms.AddHouseholdsForm(households=_free_households(u.organization),
                                                   initial={"joined_on": today}) if can_change else None,
        "reward_form": forms.RewardForm(ratings=_ratings(u), initial={"allocated_on": today}) if can_reward else None,
        **(bound or {}),
    }  # fmt: skip
    context["money_yuan"] = yuan(context["totals"].money)
    return render(request, "unions/union.html", context, status=400 if bound else 200)


@require_POST
def officer_new(request: AuthedRequest, pk: int) -> HttpResponse:
    u = _union(request, pk, "unions.change_org")
    form = forms.OfficerForm(request.POST, people=_people(u))
    if form.is_valid():
        d = form.cleaned_data
        person = Person.objects.filter(pk=d["person"]).first() if d["person"] else None
        if run_action(request, lambda: actions.choose_officer(request.user, u, role=d["role"], person=person,
                                                              name=d["name"], chosen_on=d["chosen_on"],
                                                              voting=d["voting"], votes=d["votes"]),
                      "已记录推选结果", form=form):  # fmt: skip
            return redirect("unions:union", pk=pk)
    return union(request, pk, {"officer_form": form})


@require_POST
def activity_new(request: AuthedRequest, pk: int) -> HttpResponse:
    u = _union(request, pk, "unions.change_org")
    form = forms.ActivityForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.record_activity(
                request.user, u, kind=d["kind"], held_on=d["held_on"], title=d["title"], households=d["households"],
                labour=d["labour"] or 0, water=d["water"] or 0, road_km=d["road_km"] or Decimal(0), money=d["money"]),
                "已登记四联活动", form=form):  # fmt: skip
            return redirect("unions:union", pk=pk)
    return union(request, pk, {"activity_form": form})


@require_POST
def proposal_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """The union raises a 村民自治 proposal: the village's procedure starts from it."""
    u = _union(request, pk, "unions.change_org")
    form = forms.ProposalForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        done = run_action(request, lambda: actions.raise_proposal(request.user, u, d["title"], d["started_on"]),
                          "已提出村民自治议案，按村民自治事项程序办理", form=form)  # fmt: skip
        if done:
            return redirect("openness:procedure", pk=done.value.pk)
    return union(request, pk, {"proposal_form": form})


@require_POST
def households_add(request: AuthedRequest, pk: int) -> HttpResponse:
    u = _union(request, pk, "unions.change_org")
    form = forms.AddHouseholdsForm(request.POST, households=_free_households(u.organization))
    if form.is_valid():
        d = form.cleaned_data
        houses = list(Household.objects.filter(pk__in=d["households"]).select_related("grid"))
        if run_action(request, lambda: actions.add_households(request.user, u, houses, joined_on=d["joined_on"],
                                                              confirm_size=d["confirm_size"]),
                      "已加入农户", form=form):  # fmt: skip
            return redirect("unions:union", pk=pk)
    return union(request, pk, {"households_form": form})


@require_POST
def reward_new(request: AuthedRequest, pk: int) -> HttpResponse:
    u = _union(request, pk, "unions.reward_org")
    form = forms.RewardForm(request.POST, ratings=_ratings(u))
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.allocate_reward(request.user, u, rating_ref=d["rating_ref"],
                                                               project=d["project"], amount=d["amount"],
                                                               allocated_on=d["allocated_on"], note=d["note"]),
                      "已安排以奖代补惠农项目", form=form):  # fmt: skip
            return redirect("unions:union", pk=pk)
    return union(request, pk, {"reward_form": form})


def export(request: AuthedRequest) -> HttpResponse:
    """One row per union of the subtree: households, officers, 四联 records and sums, rewards (no households' names)."""
    org = user_org(request.user)
    if org is None:
        raise PermissionDenied
    unions = list(Union.objects.visible_to(request.user).select_related("organization")[:5000])
    sizes = queries.sizes(unions)
    sums = queries.per_union(unions)
    officers = queries.officer_names(unions)
    rows = []
    for u in unions:
        n, t, rewarded = sums[u.pk]
        rows.append([u.organization.name, u.name, u.get_basis_display(), u.place, u.founded_on, sizes[u.pk],
                     officers[u.pk][0], officers[u.pk][1], n, t.labour, t.water, t.road_km, yuan(t.money),
                     yuan(rewarded)])  # fmt: skip
    headers = ["村", "户联理事会", "组建单元", "屋场院子或自然村落", "成立日期", "农户（户）", "理事长", "理事",
               "四联活动（次）", "互换劳力（人次）", "整修堰塘水渠（人次）", "修路（公里）", "集资（元）",
               "以奖代补（元）"]  # fmt: skip
    return exports.xlsx_response(f"{org.name}户联理事会.xlsx", "户联理事会", headers, rows)

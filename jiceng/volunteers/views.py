"""Volunteer and youth league pages: the overview, a village's teams, a team (members, service
records, Excel), the village's 团支部 (counts at a date, 团员, 团费, 推优, Excel). Thin views."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import exports
from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.money import yuan
from jiceng.core.web import run_action
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import actions, queries, rules
from .forms import BranchForm, DuesForm, LeagueMemberForm, LeaveForm, MembersForm, RecommendForm, ServiceForm, TeamForm
from .models import LeagueDues, LeagueMember, Service, Team


def _village(request: AuthedRequest, pk: int, perm: str = "volunteers.view_org") -> Organization:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=pk)
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise Http404
    if not request.user.has_perm(perm, org):
        raise PermissionDenied
    return org


def _team(request: AuthedRequest, pk: int, perm: str = "volunteers.view_org") -> Team:
    team = get_visible_or_404(Team.objects.select_related("organization", "leader"), request.user, pk=pk)
    if not request.user.has_perm(perm, team.organization):
        raise PermissionDenied
    return team


def _active_members(org: Organization) -> list[tuple[int, str]]:
    rows = LeagueMember.objects.filter(branch__organization=org, left_on__isnull=True).order_by("person__name", "pk")
    return list(rows.values_list("pk", "person__name"))


def _villagers(org: Organization) -> list[tuple[int, str]]:
    return list(Person.objects.in_subtree(org).order_by("name", "pk").values_list("pk", "name"))


def _year(request: AuthedRequest) -> int:
    text = request.GET.get("year", "")
    today = timezone.localdate()
    year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else today.year
    return min(max(year, 2000), today.year)


def index(request: AuthedRequest) -> HttpResponse:
    org = user_org(request.user)
    if org is None:
        raise PermissionDenied
    year = _year(request)
    teams = list(Team.objects.visible_to(request.user).select_related("organization").order_by("org_path", "kind"))
    figures = queries.team_figures([t.pk for t in teams], year)
    villages = list(org.subtree().filter(kind=OrgKind.BRANCH, is_village_level=True).order_by("path")[:500])
    context = {"year": year, "teams": [(t, figures.get(t.pk)) for t in teams], "villages": villages}
    return render(request, "volunteers/index.html", context)


def village(request: AuthedRequest, pk: int, form: TeamForm | None = None) -> HttpResponse:
    org = _village(request, pk)
    year = _year(request)
    teams = list(Team.objects.filter(organization=org).select_related("leader").order_by("kind", "name"))
    figures = queries.team_figures([t.pk for t in teams], year)
    context = {"org": org, "year": year, "teams": [(t, figures.get(t.pk)) for t in teams],
               "can_change": request.user.has_perm("volunteers.change_org", org),
               "form": form or TeamForm(people=_villagers(org))}  # fmt: skip
    return render(request, "volunteers/village.html", context, status=400 if form else 200)


@require_POST
def team_new(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _village(request, pk, "volunteers.change_org")
    form = TeamForm(request.POST, people=_villagers(org))
    if form.is_valid():
        d = form.cleaned_data
        leader = Person.objects.filter(pk=d["leader"]).first() if d["leader"] else None
        done = run_action(request, lambda: actions.create_team(request.user, org, d["name"], d["kind"],
                                                               founded_on=d["founded_on"], leader=leader,
                                                               note=d["note"]),
                          "已建立志愿服务队", form=form)  # fmt: skip
        if done:
            return redirect("volunteers:team", pk=done.value.pk)
    return village(request, pk, form)


def _team_forms(team: Team, today: dt.date) -> dict[str, Any]:
    members = [(p.pk, p.name) for p in team.members.order_by("name", "pk")]
    return {"members_form": MembersForm(people=_villagers(team.organization), members=members),
            "service_form": ServiceForm(members=members, initial={"held_on": today, "hours": "2"})}  # fmt: skip


def team(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    t = _team(request, pk)
    today = timezone.localdate()
    services = list(Service.objects.filter(team=t).prefetch_related("participants").order_by("-held_on", "-id")[:100])
    context = {"team": t, "members": list(t.members.order_by("name", "pk")), "services": services, "today": today,
               "can_change": request.user.has_perm("volunteers.change_org", t.organization),
               **_team_forms(t, today), **(forms or {})}  # fmt: skip
    return render(request, "volunteers/team.html", context, status=400 if forms else 200)


@require_POST
def team_members(request: AuthedRequest, pk: int) -> HttpResponse:
    t = _team(request, pk, "volunteers.change_org")
    members = [(p.pk, p.name) for p in t.members.order_by("name", "pk")]
    form = MembersForm(request.POST, people=_villagers(t.organization), members=members)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.change_members(request.user, t, add=d["add"], remove=d["remove"]),
                      "已更新队员", form=form):  # fmt: skip
            return redirect("volunteers:team", pk=pk)
    return team(request, pk, {"members_form": form})


@require_POST
def service_new(request: AuthedRequest, pk: int) -> HttpResponse:
    t = _team(request, pk, "volunteers.change_org")
    form = ServiceForm(request.POST, members=[(p.pk, p.name) for p in t.members.order_by("name", "pk")])
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.record_service(
                request.user, t, d["held_on"], d["kind"], d["title"], d["participants"], d["hours"],
                others=d["others"] or 0, place=d["place"]), "已登记服务记录", form=form):  # fmt: skip
            return redirect("volunteers:team", pk=pk)
    return team(request, pk, {"service_form": form})


SERVICE_HEADERS = ["序号", "服务日期", "类别", "服务内容", "地点", "参加人员", "其他参加人数", "人次",
                   "每人时长（小时）", "合计时长（小时）", "登记日期", "补录"]  # fmt: skip


def team_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    t = _team(request, pk)
    year = _year(request)
    rows: list[list[Any]] = []
    for i, s in enumerate(Service.objects.filter(team=t, held_on__year=year).prefetch_related("participants")
                          .order_by("held_on", "id"), 1):  # fmt: skip
        names = [p.name for p in s.participants.all()]
        times = len(names) + s.others
        rows.append([i, s.held_on, s.get_kind_display(), s.title, s.place, "、".join(names), s.others, times,
                     float(s.hours), float(s.hours) * times, timezone.localtime(s.entered_at).date(),
                     "是" if s.late else ""])  # fmt: skip
    title = f"{year}年志愿服务记录"
    return exports.xlsx_response(f"{t.name}{title}.xlsx", title, SERVICE_HEADERS, rows)


def _on(request: AuthedRequest, today: dt.date) -> dt.date:
    try:
        on = dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return today
    return on if dt.date(1950, 1, 1) <= on <= today else today


def league(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    org = _village(request, pk, "volunteers.change_org")
    today = timezone.localdate()
    on = _on(request, today)
    branch = queries.branch_of(org)
    members = list(LeagueMember.objects.filter(branch=branch).select_related("person")
                   .prefetch_related("recommendations")) if branch else []  # fmt: skip
    year = on.year
    paid: dict[int, list[int]] = {}
    for d in LeagueDues.objects.filter(member__in=members, month__year=year):
        paid.setdefault(d.member_id, []).append(d.month.month)
    villagers = _villagers(org)
    taken = {m.person_id for m in members if m.left_on is None}
    eligible = [(p.pk, p.name) for p in Person.objects.in_subtree(org).order_by("name", "pk")
                if p.pk not in taken and rules.in_ages(p.birth_date, today, rules.LEAGUE_AGES)]  # fmt: skip
    context = {"org": org, "branch": branch, "on": on, "today": today, "year": year,
               "counts": queries.league_counts(org, on), "cites": rules.CITES,
               "members": [(m, sorted(paid.get(m.pk, [])), rules.age_on(m.person.birth_date, on)) for m in members],
               "branch_form": BranchForm(people=villagers, initial={
                   "name": branch.name if branch else f"{org.village.name if org.village else org.name}团支部",
                   "secretary": branch.secretary_id if branch else None,
                   "founded_on": branch.founded_on if branch else None}),
               "member_form": LeagueMemberForm(people=eligible, initial={"joined_on": today}),
               "dues_form": DuesForm(members=_active_members(org),
                                     initial={"first_month": f"{today:%Y-%m}", "count": 1, "paid_on": today}),
               "recommend_form": RecommendForm(members=_active_members(org), initial={"recommended_on": today}),
               "leave_form": LeaveForm(members=_active_members(org), initial={"left_on": today, "reason": "over_age"}),
               **(forms or {})}  # fmt: skip
    return render(request, "volunteers/league.html", context, status=400 if forms else 200)


@require_POST
def league_save(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _village(request, pk, "volunteers.change_org")
    form = BranchForm(request.POST, people=_villagers(org))
    if form.is_valid():
        d = form.cleaned_data
        secretary = Person.objects.filter(pk=d["secretary"]).first() if d["secretary"] else None
        if run_action(request, lambda: actions.save_league_branch(request.user, org, d["name"], secretary=secretary,
                                                                  founded_on=d["founded_on"]), "已保存团支部",
                      form=form):  # fmt: skip
            return redirect("volunteers:league", pk=pk)
    return league(request, pk, {"branch_form": form})


@require_POST
def league_member(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _village(request, pk, "volunteers.change_org")
    form = LeagueMemberForm(request.POST, people=_villagers(org))
    if form.is_valid():
        d = form.cleaned_data
        branch = queries.branch_of(org)
        if branch is None:
            form.add_error(None, "请先登记团支部")
        else:
            person = Person.objects.get(pk=d["person"])
            if run_action(request, lambda: actions.add_league_member(request.user, branch, person, d["joined_on"]),
                          "已登记团员", form=form):  # fmt: skip
                return redirect("volunteers:league", pk=pk)
    return league(request, pk, {"member_form": form})


def _member_post(request: AuthedRequest, pk: int, form_class: Any, key: str, act: Any, done: str) -> HttpResponse:
    """A form about one active league member of the village: `act(member, cleaned_data)`."""
    org = _village(request, pk, "volunteers.change_org")
    form = form_class(request.POST, members=_active_members(org))
    if form.is_valid():
        d = form.cleaned_data
        member = LeagueMember.objects.select_related("branch__organization", "person").get(pk=d["member"])
        if run_action(request, lambda: act(member, d), done, form=form):
            return redirect("volunteers:league", pk=pk)
    return league(request, pk, {key: form})


@require_POST
def league_dues(request: AuthedRequest, pk: int) -> HttpResponse:
    def act(member: LeagueMember, d: dict[str, Any]) -> Any:
        return actions.record_league_dues(request.user, member, d["first_month"], paid_on=d["paid_on"],
                                          count=d["count"], amount=d["amount"])  # fmt: skip

    return _member_post(request, pk, DuesForm, "dues_form", act, "已登记团费")


@require_POST
def league_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    def act(member: LeagueMember, d: dict[str, Any]) -> Any:
        return actions.end_league_membership(request.user, member, d["left_on"], d["reason"])

    return _member_post(request, pk, LeaveForm, "leave_form", act, "已登记离团")


@require_POST
def recommend(request: AuthedRequest, pk: int) -> HttpResponse:
    def act(member: LeagueMember, d: dict[str, Any]) -> Any:
        return actions.recommend(request.user, member, d["recommended_on"], applied_on=d["applied_on"], note=d["note"])

    return _member_post(request, pk, RecommendForm, "recommend_form", act, "已登记推优，入党申请人档案已建立")


LEAGUE_HEADERS = ["序号", "姓名", "性别", "年龄", "入团日期", "离团日期", "本年已交团费（月）", "本年团费（元）",
                  "推优日期"]  # fmt: skip


def league_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _village(request, pk, "volunteers.change_org")
    today = timezone.localdate()
    branch = queries.branch_of(org)
    rows: list[list[Any]] = []
    if branch is not None:
        members = (
            LeagueMember.objects.filter(branch=branch)
            .select_related("person")
            .prefetch_related("dues", "recommendations")
        )
        for i, m in enumerate(members, 1):
            dues = [d for d in m.dues.all() if d.month.year == today.year]
            recs = [r.recommended_on for r in m.recommendations.all()]
            rows.append([i, m.person.name, m.person.get_sex_display(), rules.age_on(m.person.birth_date, today),
                         m.joined_on, m.left_on or "", len(dues), yuan(sum(d.amount for d in dues)),
                         max(recs) if recs else ""])  # fmt: skip
    title = f"{today.year}年团员名册"
    return exports.xlsx_response(f"{org.name}{title}.xlsx", title, LEAGUE_HEADERS, rows)

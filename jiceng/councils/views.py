"""Care council pages: the overview (this month's coverage), a council (posts and their 党小组,
理事, account), its care targets (特殊人员 only for those who may see them), a target's records,
the month's visits (coverage, what is left, a problem → ledger item) and its Excel. Thin views."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import exports
from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.calendar import add_months
from jiceng.core.money import yuan
from jiceng.core.permissions import is_editor
from jiceng.core.registry import dashboard_sections
from jiceng.core.web import run_action
from jiceng.households.models import Household
from jiceng.ledgers.models import LedgerType
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person, Post
from jiceng.people.rules import PartyTitle, PostBody

from . import actions, forms, queries
from .models import CareTarget, Council, Councillor, CouncilPost, CouncilVisit, sees_restricted
from .rules import CouncillorStatus, EntryKind


def _council(request: AuthedRequest, pk: int, perm: str = "councils.view_org") -> Council:
    council = get_visible_or_404(Council.objects.select_related("organization", "chair", "executive"), request.user,
                                 pk=pk)  # fmt: skip
    if not request.user.has_perm(perm, council.organization):
        raise PermissionDenied
    return council


def _editor(request: AuthedRequest, pk: int) -> Council:
    return _council(request, pk, "councils.change_org")


def _confirmed(council: Council) -> forms.Choices:
    rows = council.councillors.filter(status=CouncillorStatus.CONFIRMED).order_by("name", "pk")
    return [(c.pk, f"{c.name}（{c.post.name}）") for c in rows.select_related("post")]


def _households(council: Council) -> forms.Choices:
    rows = Household.objects.filter(grid__organization_id=council.organization_id).order_by("head_name", "pk")
    return [(h.pk, f"{h.head_name}（{h.address}）" if h.address else h.head_name) for h in rows]


def _committee(org: Organization) -> forms.Choices:
    posts = Post.objects.current_on(timezone.localdate()).filter(
        organization=org, body=PostBody.PARTY, title__in=(PartyTitle.DEPUTY_SECRETARY, PartyTitle.MEMBER)
    )
    return [(p.person_id, p.person.name) for p in posts.select_related("person").order_by("person__name")]  # fmt: skip


def index(request: AuthedRequest) -> HttpResponse:
    org = user_org(request.user)
    if org is None:
        raise PermissionDenied
    today = timezone.localdate()
    month = forms.parse_month(request.GET.get("month", ""), today)
    councils = list(Council.objects.visible_to(request.user).select_related("organization", "chair")[:500])
    figures = queries.coverage(councils, month)
    founded = {c.organization_id for c in councils}
    villages = [v for v in org.subtree().filter(kind=OrgKind.BRANCH, is_village_level=True).order_by("path")[:500]
                if v.pk not in founded and request.user.has_perm("councils.change_org", v)]  # fmt: skip
    context = {"month": month, "rows": [(c, figures[c.pk]) for c in councils], "villages": villages,
               "editor": is_editor(request.user)}  # fmt: skip
    return render(request, "councils/index.html", context)


def dashboard(request: AuthedRequest) -> HttpResponse:
    """The township's (county's) view of its councils: the network as seed 002 counts it, six months
    of coverage per council, and the care targets nobody saw in two months."""
    org = user_org(request.user)
    if org is None or not is_editor(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    month = today.replace(day=1)
    months = [add_months(month, -n) for n in range(5, -1, -1)]
    councils = list(Council.objects.visible_to(request.user).select_related("organization")[:500])
    cover = queries.months_of(councils, months)
    rows = [(c, [cover[c.pk, m] for m in months]) for c in councils]
    targets = CareTarget.objects.visible_to(request.user)
    context = {"org": org, "network": queries.network(org.path), "months": months, "rows": rows,
               "neglected": queries.neglected(targets, today)[:200], "today": today,
               "sections": dashboard_sections("councils", request.user, org, today)}  # fmt: skip
    return render(request, "councils/dashboard.html", context)


def council_new(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    if org.kind != OrgKind.BRANCH or not org.is_village_level:
        raise Http404
    if not request.user.has_perm("councils.change_org", org):
        raise PermissionDenied
    form = forms.CouncilForm(request.POST or None, committee=_committee(org))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        executive = Person.objects.filter(pk=d["executive"]).first() if d["executive"] else None
        done = run_action(request, lambda: actions.create_council(request.user, org, founded_on=d["founded_on"],
                                                                  executive=executive, posts=d["posts"]),
                          "已成立关怀理事会", form=form)  # fmt: skip
        if done:
            return redirect("councils:council", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "councils/new.html", {"org": org, "form": form}, status=status)


def council(request: AuthedRequest, pk: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    c = _council(request, pk)
    today = timezone.localdate()
    posts = list(c.posts.select_related("group", "leader").order_by("pk"))
    councillors = list(c.councillors.select_related("post", "person").order_by("post_id", "name", "pk"))
    people = [(p.pk, p.name) for p in Person.objects.in_subtree(c.organization).order_by("name", "pk")[:1000]]
    post_choices = [(p.pk, p.name) for p in posts]
    context = {
        "council": c,
        "pending": [m for m in councillors if m.status == CouncillorStatus.PENDING],
        "entries": list(c.entries.all()[:100]), "balance": yuan(actions.balance(c)),
        "coverage": queries.coverage([c], today)[c.pk], "month": today.replace(day=1),
        "can_change": request.user.has_perm("councils.change_org", c.organization),
        "is_councillor": bool(_own_councillors(request, c)),
        "post_form": forms.PostForm(), "confirm_form": forms.ConfirmForm(initial={"confirmed_on": today}),
        "volunteer_form": forms.VolunteerForm(posts=post_choices, people=people, initial={"applied_on": today}),
        "income_form": forms.IncomeForm(initial={"received_on": today, "kind": EntryKind.COUNTY_GRANT}),
        "elect_forms": {p.pk: forms.ElectForm(candidates=_members_of(p), prefix=f"p{p.pk}") for p in posts},
        **(bound or {}),
    }  # fmt: skip
    elect = context["elect_forms"]
    context["posts"] = [(p, [m for m in councillors if m.post_id == p.pk], elect[p.pk]) for p in posts]
    return render(request, "councils/council.html", context, status=400 if bound else 200)


def _members_of(post: CouncilPost) -> forms.Choices:
    rows = post.councillors.filter(status=CouncillorStatus.CONFIRMED).select_related("person")
    return [(m.pk, m.name) for m in rows if m.is_member]


@require_POST
def post_new(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _editor(request, pk)
    form = forms.PostForm(request.POST)
    if form.is_valid() and run_action(request, lambda: actions.add_post(request.user, c, form.cleaned_data["name"]),
                                      "已增设理事岗位及党小组", form=form):  # fmt: skip
        return redirect("councils:council", pk=pk)
    return council(request, pk, {"post_form": form})


@require_POST
def volunteer(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _editor(request, pk)
    posts = [(p.pk, p.name) for p in c.posts.order_by("pk")]
    people = [(p.pk, p.name) for p in Person.objects.in_subtree(c.organization).order_by("name", "pk")[:1000]]
    form = forms.VolunteerForm(request.POST, posts=posts, people=people)
    if form.is_valid():
        d = form.cleaned_data
        post = c.posts.get(pk=d["post"])
        person = Person.objects.filter(pk=d["person"]).first() if d["person"] else None
        if run_action(request, lambda: actions.volunteer(request.user, c, post, kind=d["kind"], person=person,
                                                         name=d["name"], specialty=d["specialty"],
                                                         applied_on=d["applied_on"]),
                      "已登记申报，待支部确认", form=form):  # fmt: skip
            return redirect("councils:council", pk=pk)
    return council(request, pk, {"volunteer_form": form})


@require_POST
def confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(Councillor.objects.select_related("council__organization"), request.user, pk=pk)
    if not request.user.has_perm("councils.change_org", member.council.organization):
        raise PermissionDenied
    form = forms.ConfirmForm(request.POST)
    if form.is_valid() and run_action(
        request,
        lambda: actions.confirm(request.user, member, form.cleaned_data["confirmed_on"]),
        "已确认理事",
        form=form,
    ):
        return redirect("councils:council", pk=member.council_id)
    return council(request, member.council_id, {"confirm_form": form})


@require_POST
def elect(request: AuthedRequest, pk: int) -> HttpResponse:
    post = get_visible_or_404(CouncilPost.objects.select_related("council__organization"), request.user, pk=pk)
    c = post.council
    if not request.user.has_perm("councils.change_org", c.organization):
        raise PermissionDenied
    form = forms.ElectForm(request.POST, candidates=_members_of(post), prefix=f"p{post.pk}")
    if form.is_valid():
        d = form.cleaned_data
        leader = post.councillors.get(pk=d["leader"])
        if run_action(request, lambda: actions.elect_leader(request.user, post, leader, elected_on=d["elected_on"],
                                                            voters=d["voters"], votes=d["votes"]),
                      "已记录组长推选结果", form=form):  # fmt: skip
            return redirect("councils:council", pk=c.pk)
    elect_forms = {p.pk: forms.ElectForm(candidates=_members_of(p), prefix=f"p{p.pk}") for p in c.posts.all()}
    return council(request, c.pk, {"elect_forms": {**elect_forms, post.pk: form}})


@require_POST
def income(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _editor(request, pk)
    form = forms.IncomeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.add_income(request.user, c, kind=d["kind"], received_on=d["received_on"],
                                                          performances=d["performances"] or 0, amount=d["amount"],
                                                          note=d["note"]),
                      "已登记经费收入", form=form):  # fmt: skip
            return redirect("councils:council", pk=pk)
    return council(request, pk, {"income_form": form})


# ---------------------------------------------------------------- care targets


def targets(request: AuthedRequest, pk: int, form: forms.TargetForm | None = None) -> HttpResponse:
    c = _editor(request, pk)
    restricted = sees_restricted(request.user, c)
    rows = CareTarget.objects.visible_to(request.user).filter(council=c).select_related("councillor", "household")
    form = form or forms.TargetForm(councillors=_confirmed(c), households=_households(c), restricted=restricted,
                                    initial={"since": timezone.localdate()})  # fmt: skip
    context = {"council": c, "targets": list(rows), "form": form, "restricted": restricted}
    return render(request, "councils/targets.html", context, status=400 if form.is_bound else 200)


@require_POST
def target_new(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _editor(request, pk)
    form = forms.TargetForm(request.POST, councillors=_confirmed(c), households=_households(c),
                            restricted=sees_restricted(request.user, c))  # fmt: skip
    if form.is_valid():
        d = form.cleaned_data
        member = c.councillors.get(pk=d["councillor"])
        house = Household.objects.filter(pk=d["household"]).select_related("grid").first() if d["household"] else None
        if run_action(request, lambda: actions.add_target(request.user, c, kind=d["kind"], detail=d["detail"],
                                                          name=d["name"], councillor=member, since=d["since"],
                                                          household=house, note=d["note"]),
                      "已登记关怀对象", form=form):  # fmt: skip
            return redirect("councils:targets", pk=pk)
    return targets(request, pk, form)


def _target(request: AuthedRequest, pk: int) -> CareTarget:
    target = get_visible_or_404(CareTarget.objects.select_related("council__organization", "councillor", "household"),
                                request.user, pk=pk)  # fmt: skip
    if not request.user.has_perm("councils.change_org", target.council.organization):
        raise PermissionDenied
    return target


def target(request: AuthedRequest, pk: int, form: forms.CareRecordForm | None = None) -> HttpResponse:
    t = _target(request, pk)
    initial = {"cared_on": timezone.localdate(), "councillor": t.councillor_id}
    form = form or forms.CareRecordForm(councillors=_confirmed(t.council), initial=initial)
    records = list(t.records.select_related("councillor"))
    context = {"target": t, "council": t.council, "records": records, "form": form}
    return render(request, "councils/target.html", context, status=400 if form.is_bound else 200)


@require_POST
def care_record(request: AuthedRequest, pk: int) -> HttpResponse:
    t = _target(request, pk)
    form = forms.CareRecordForm(request.POST, councillors=_confirmed(t.council))
    if form.is_valid():
        d = form.cleaned_data
        member = t.council.councillors.get(pk=d["councillor"])
        if run_action(request, lambda: actions.add_care_record(request.user, t, councillor=member,
                                                               cared_on=d["cared_on"], content=d["content"]),
                      "已记录关怀", form=form):  # fmt: skip
            return redirect("councils:target", pk=pk)
    return target(request, pk, form)


# ---------------------------------------------------------------- visits


def _month_visits(c: Council, user: Any, month: dt.date) -> list[CouncilVisit]:
    first, nxt = queries.month_bounds(month)
    rows = CouncilVisit.objects.visible_to(user).filter(council=c, visited_on__gte=first, visited_on__lt=nxt)
    return list(rows.select_related("councillor", "household").order_by("-visited_on", "-id"))


def _own_councillors(request: AuthedRequest, c: Council) -> forms.Choices:
    """The confirmed 理事 of the council the account belongs to (none for others)."""
    person_id = getattr(request.user, "person_id", None)
    rows = c.councillors.filter(status=CouncillorStatus.CONFIRMED, person_id=person_id) if person_id else []
    return [(m.pk, m.name) for m in rows]


def _visitor(request: AuthedRequest, pk: int) -> tuple[Council, forms.Choices, bool]:
    """Editors record for any 理事; a 理事 with an account records their own visits."""
    c = _council(request, pk)
    if request.user.has_perm("councils.change_org", c.organization):
        return c, _confirmed(c), True
    own = _own_councillors(request, c)
    if not own:
        raise PermissionDenied
    return c, own, False


def visits(request: AuthedRequest, pk: int, form: forms.VisitForm | None = None) -> HttpResponse:
    c, councillors, editor = _visitor(request, pk)
    today = timezone.localdate()
    month = forms.parse_month(request.GET.get("month", ""), today)
    form = form or forms.VisitForm(councillors=councillors, households=_households(c), initial={"visited_on": today})
    types = LedgerType.objects.usable_at(c.organization).filter(restricted=False).order_by("name") if editor else []
    context = {"council": c, "month": month, "coverage": queries.coverage([c], month)[c.pk], "editor": editor,
               "visits": _month_visits(c, request.user, month), "left": queries.unvisited(c, month)[:200],
               "form": form, "ledger_types": list(types)}  # fmt: skip
    return render(request, "councils/visits.html", context, status=400 if form.is_bound else 200)


@require_POST
def visit_new(request: AuthedRequest, pk: int) -> HttpResponse:
    c, councillors, _ = _visitor(request, pk)
    form = forms.VisitForm(request.POST, councillors=councillors, households=_households(c))
    if form.is_valid():
        d = form.cleaned_data
        member = c.councillors.get(pk=d["councillor"])
        house = Household.objects.select_related("grid").get(pk=d["household"])
        if run_action(request, lambda: actions.record_visit(request.user, c, councillor=member, household=house,
                                                            visited_on=d["visited_on"], asked=d["asked"],
                                                            done=d["done"], deed=d["deed"], problem=d["problem"]),
                      "已登记走访", form=form):  # fmt: skip
            return redirect(f"{request.path.removesuffix('new/')}?month={d['visited_on']:%Y-%m}")
    return visits(request, pk, form)


@require_POST
def visit_ledger(request: AuthedRequest, pk: int) -> HttpResponse:
    """One step: the problem found on the visit becomes a ledger item of the chosen type."""
    visit = get_visible_or_404(CouncilVisit.objects.select_related("council__organization", "household"),
                               request.user, pk=pk)  # fmt: skip
    if not request.user.has_perm("councils.change_org", visit.council.organization):
        raise PermissionDenied
    types = LedgerType.objects.usable_at(visit.council.organization).filter(restricted=False)
    chosen = str(request.POST.get("ledger_type", ""))
    ltype = types.filter(pk=int(chosen)).first() if chosen.isascii() and chosen.isdigit() else None
    back = redirect(_visits_url(visit))
    if ltype is None:
        messages.error(request, "请选择台账类型")
        return back
    done = run_action(request, lambda: actions.visit_to_ledger(request.user, visit, ltype),
                      "已转入台账，走访记录与台账事项互相关联")  # fmt: skip
    return redirect("ledgers:item_detail", pk=done.value.pk) if done else back


def _visits_url(visit: CouncilVisit) -> str:
    return f"{reverse('councils:visits', args=[visit.council_id])}?month={visit.visited_on:%Y-%m}"


def visits_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The month's visits and coverage (no care targets: nothing restricted leaves in it)."""
    c = _editor(request, pk)
    month = forms.parse_month(request.GET.get("month", ""), timezone.localdate())
    cov = queries.coverage([c], month)[c.pk]
    rows: list[list[Any]] = [
        [v.visited_on, v.household.head_name, v.councillor.name, v.asked, v.done, "是" if v.deed else "", v.problem]
        for v in _month_visits(c, request.user, month)
    ]
    rows.append([])
    rows.append([f"{month:%Y年%m月}覆盖", f"{cov.visited}/{cov.households}", "", "", f"办实事 {cov.deeds} 件", "", ""])
    headers = ["走访日期", "农户", "理事", "群众诉求", "办理情况", "办实事", "发现的问题"]
    return exports.xlsx_response(f"{c.organization.name}关怀理事会走访{month:%Y-%m}.xlsx", "走访", headers, rows)

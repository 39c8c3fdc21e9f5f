"""集体经济 pages: the county/township dashboard (page, Excel), a village's collective economy
(assets, income by source, status, targets), the cooperatives (list with the township figures,
detail with members, share register, income, dividends, principal schedule; the register as A4
PDF and Excel, a dividend's lines as Excel). Thin views: parse, authorize, one action, render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import exports
from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.money import yuan
from jiceng.core.params import int_param
from jiceng.core.pdf import pdf_response
from jiceng.core.permissions import is_editor
from jiceng.core.web import run_action
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import actions, queries, rules
from .forms import (
    AssetForm,
    CollectiveForm,
    CoopForm,
    CoopIncomeForm,
    DividendForm,
    InstallmentForm,
    MemberForm,
    ProfileForm,
    RedeemForm,
    RepayForm,
    RuleForm,
    SubscribeForm,
    TransferForm,
)
from .models import (
    Asset,
    Cooperative,
    Dividend,
    DividendLine,
    EconomyRuleVersion,
    Holding,
    Installment,
    Membership,
    ShareEntry,
)

PAGE_ROWS = 300  # villages listed on the dashboard page


def _root(request: AuthedRequest) -> Organization:
    org = user_org(request.user)
    if org is None:
        raise PermissionDenied
    pk = int_param(request.GET.get("org"), lo=1)
    if pk is not None:
        return get_visible_or_404(Organization.objects.all(), request.user, pk=pk)
    return org


def _year(request: AuthedRequest) -> int:
    this = timezone.localdate().year
    return int_param(request.GET.get("year"), lo=this - 30, hi=this) or this


def index(request: AuthedRequest) -> HttpResponse:
    """The dashboard of the user's subtree (or a township of it): villages, with collective
    income, 空壳村, targets met, net income, by township and by source; ten years' trend."""
    root, year = _root(request), _year(request)
    board = queries.dashboard(root, year)
    sources = [(label, board.by_source.get(code, 0)) for code, label in rules.CollectiveSource.choices
               if board.by_source.get(code)]  # fmt: skip
    # Above a township the list shows the 空壳村 only (what needs doing); a township shows every village.
    county_wide = len(board.towns) > 1
    rows = [r for r in board.rows if r.shell] if county_wide else board.rows
    context = {"board": board, "year": year, "root": root, "sources": sources, "rows": rows[:PAGE_ROWS],
               "more": max(0, len(rows) - PAGE_ROWS), "county_wide": county_wide,
               "figures": queries.coop_figures(root)}  # fmt: skip
    return render(request, "economy/index.html", context)


DASH_HEADERS = ["乡镇", "村级党组织", "集体收入（元）", "支出（元）", "纯收入（元）", "高效经济林（亩）",
                "高效丰产林（亩）",
                "空壳村", "空壳村原因", "“155”目标全部达到", "标准"]  # fmt: skip


def index_xlsx(request: AuthedRequest) -> HttpResponse:
    root, year = _root(request), _year(request)
    board = queries.dashboard(root, year)
    out: list[list[Any]] = []
    for r in board.rows:
        out.append([r.township, r.name, yuan(r.facts.income), yuan(r.facts.expense), yuan(r.facts.net),
                    queries.mu(r.facts.economic_forest_mu), queries.mu(r.facts.yield_forest_mu),
                    "是" if r.shell else "否", "；".join(r.shell_reasons), "是" if r.targets.all else "否",
                    r.rule.label])  # fmt: skip
    out.append(["合计", f"{board.villages}个村", yuan(board.income), "", yuan(board.net), "", "", f"{board.shell}个",
                "", f"{board.targets}个", ""])  # fmt: skip
    title = f"{year}年村级集体经济"
    return exports.xlsx_response(f"{root.name}{title}.xlsx", title, DASH_HEADERS, out)


# ----------------------------------------------------------------------------- a village


def _village(request: AuthedRequest, pk: int) -> Organization:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=pk)
    if not org.is_village_level:
        raise Http404
    return org


def village(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    org = _village(request, pk)
    year = _year(request)
    can_edit = request.user.has_perm("economy.manage_village", org)
    today = timezone.localdate()
    context = {"org": org, "year": year, "years": queries.village_years(org, year), "can_edit": can_edit,
               "income_form": CollectiveForm(initial={"year": today.year, "on": today}),
               "profile_form": ProfileForm(initial={"year": today.year}), **(forms or {})}  # fmt: skip
    return render(request, "economy/village.html", context, status=400 if forms else 200)


def _managed_village(request: AuthedRequest, pk: int) -> Organization:
    org = _village(request, pk)
    if not request.user.has_perm("economy.manage_village", org):
        raise PermissionDenied
    return org


@require_POST
def village_income(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _managed_village(request, pk)
    form = CollectiveForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        done = run_action(request, lambda: actions.record_collective(request.user, org, **d), "已登记", form=form)
        if done:
            return redirect(f"{reverse('economy:village', args=[pk])}?year={d['year']}")
    return village(request, pk, {"income_form": form})


@require_POST
def village_profile(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _managed_village(request, pk)
    form = ProfileForm(request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        year = d.pop("year")
        done = run_action(request, lambda: actions.set_profile(request.user, org, year, **d), "已保存", form=form)
        if done:
            return redirect(f"{reverse('economy:village', args=[pk])}?year={year}")
    return village(request, pk, {"profile_form": form})


# ----------------------------------------------------------------------------- cooperatives


def _coop_form(request: AuthedRequest, data: Any = None) -> CoopForm:
    org = user_org(request.user)
    assert org is not None
    subtree = org.subtree().active()
    orgs = [o for o in subtree.filter(kind=OrgKind.TOWNSHIP_COMMITTEE) | subtree.filter(is_village_level=True)]
    branches = list(subtree.filter(kind=OrgKind.COOP_BRANCH))
    return CoopForm(data, orgs=sorted(orgs, key=lambda o: o.path), branches=branches,
                    initial={"share_price": "100.00", "listed": True})  # fmt: skip


def coops(request: AuthedRequest) -> HttpResponse:
    """The cooperatives of the subtree with the township figures (seed 000); editors register one."""
    root = _root(request)
    form = None
    if request.method == "POST":
        if not is_editor(request.user):
            raise PermissionDenied
        chosen = int_param(request.POST.get("organization"), lo=1)
        if chosen is not None:  # outside the subtree: 404, as for every other page
            get_visible_or_404(Organization.objects.all(), request.user, pk=chosen)
        form = _coop_form(request, request.POST)
        if form.is_valid():
            d = dict(form.cleaned_data)
            org = get_visible_or_404(Organization.objects.all(), request.user, pk=d.pop("organization"))
            branch_pk = d.pop("branch")
            branch = get_visible_or_404(Organization.objects.all(), request.user, pk=branch_pk) if branch_pk else None
            done = run_action(request, lambda: actions.create_cooperative(request.user, org, branch=branch, **d),
                              "已登记合作社", form=form)  # fmt: skip
            if done:
                return redirect("economy:coop", pk=done.value.pk)
    rows = list(Cooperative.objects.visible_to(request.user).filter(org_path__startswith=root.path)
                .select_related("organization", "branch"))  # fmt: skip
    totals = queries.coop_totals(rows)
    context = {"rows": [(c, totals[c.pk]) for c in rows], "figures": queries.coop_figures(root), "root": root,
               "form": form or (_coop_form(request) if is_editor(request.user) else None)}  # fmt: skip
    return render(request, "economy/coops.html", context, status=400 if form is not None else 200)


def _coop(request: AuthedRequest, pk: int) -> Cooperative:
    """A cooperative's records name households: editors of its subtree only."""
    coop = get_visible_or_404(Cooperative.objects.select_related("organization", "township", "branch"),
                              request.user, pk=pk)  # fmt: skip
    if not request.user.has_perm("economy.manage_coop", coop):
        raise PermissionDenied
    return coop


def _coop_context(coop: Cooperative) -> dict[str, Any]:
    holdings = list(Holding.objects.filter(cooperative=coop).select_related("household", "cooperative").order_by("id"))
    return {"coop": coop, "holdings": holdings, "total_shares": sum(h.shares for h in holdings),
            "entries": list(ShareEntry.objects.filter(cooperative=coop).select_related("source", "target")
                            .order_by("-seq")[:200]),
            "members": list(Membership.objects.filter(cooperative=coop).select_related("household")),
            "assets": list(Asset.objects.filter(cooperative=coop)), "incomes": list(coop.incomes.all()[:50]),
            "dividends": list(coop.dividends.all()),
            "installments": list(coop.installments.all())}  # fmt: skip


HOUSEHOLD_LIST = 500  # household numbers listed for the forms (the village's, then the township's)


def coop(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    made = _coop(request, pk)
    today = timezone.localdate()
    houses = (Household.objects.visible_to(request.user).filter(org_path__startswith=made.township.path)
              .select_related("grid__organization").order_by("org_path", "grid__name", "head_name", "pk"))  # fmt: skip
    context = {**_coop_context(made), "today": today, "households": list(houses[:HOUSEHOLD_LIST]),
               "member_form": MemberForm(initial={"joined_on": today}),
               "subscribe_form": SubscribeForm(initial={"on": today}),
               "transfer_form": TransferForm(initial={"on": today}), "redeem_form": RedeemForm(initial={"on": today}),
               "income_form": CoopIncomeForm(initial={"year": today.year, "on": today}),
               "dividend_form": DividendForm(initial={"year": today.year - 1, "paid_on": today}),
               "asset_form": AssetForm(initial={"bought_on": today}), "installment_form": InstallmentForm(),
               "repay_form": RepayForm(initial={"paid_on": today}),
               **(forms or {})}  # fmt: skip
    return render(request, "economy/coop.html", context, status=400 if forms else 200)


def _household(request: AuthedRequest, pk: int, form: Any) -> Household | None:
    found = Household.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        form.add_error(None, f"没有编号为{pk}的农户（或不在您的管辖范围内）")
    return found


def _post(request: AuthedRequest, pk: int, form_class: type, key: str, call: Any, done: str) -> HttpResponse:
    """One form of the cooperative page: parse, look the households up, run the action."""
    made = _coop(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        for name in ("household", "source", "target"):
            if name in d:
                d[name] = _household(request, d[name], form)
        if not form.errors and run_action(request, lambda: call(made, d), done, form=form):
            return redirect("economy:coop", pk=pk)
    return coop(request, pk, {key: form})


@require_POST
def coop_member(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, MemberForm, "member_form",
                 lambda c, d: actions.add_member(request.user, c, d["household"], d["joined_on"]),
                 "已登记社员户")  # fmt: skip


@require_POST
def coop_subscribe(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, SubscribeForm, "subscribe_form",
                 lambda c, d: actions.subscribe(request.user, c, [(d["household"], d["shares"])], d["on"],
                                                note=d["note"]), "已登记认购")  # fmt: skip


@require_POST
def coop_transfer(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, TransferForm, "transfer_form",
                 lambda c, d: actions.transfer(request.user, c, d["source"], d["target"], d["shares"], d["on"],
                                               price=d["price"] or 0, note=d["note"]), "已登记转让")  # fmt: skip


@require_POST
def coop_redeem(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, RedeemForm, "redeem_form",
                 lambda c, d: actions.redeem(request.user, c, d["household"], d["shares"], d["on"], note=d["note"]),
                 "已登记退股")  # fmt: skip


@require_POST
def coop_asset(request: AuthedRequest, pk: int) -> HttpResponse:
    def add(c: Cooperative, d: dict[str, Any]) -> Any:
        rate = d.pop("rent_rate")
        return actions.add_asset(request.user, c, **d, rent_rate_bp=int(rate * 100) if rate else None)

    return _post(request, pk, AssetForm, "asset_form", add, "已登记资产")


@require_POST
def coop_income(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, CoopIncomeForm, "income_form",
                 lambda c, d: actions.record_coop_income(request.user, c, **d), "已登记收入")  # fmt: skip


@require_POST
def coop_dividend(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, DividendForm, "dividend_form",
                 lambda c, d: actions.declare_dividend(request.user, c, **d), "已登记分红")  # fmt: skip


@require_POST
def coop_installment(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(request, pk, InstallmentForm, "installment_form",
                 lambda c, d: actions.add_installment(request.user, c, d["due_on"], d["percent"]),
                 "已添加还本计划")  # fmt: skip


@require_POST
def coop_repay(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Installment.objects.select_related("cooperative"), request.user, pk=pk)
    return _post(request, item.cooperative_id, RepayForm, "repay_form",
                 lambda c, d: actions.pay_installment(request.user, item, d["paid_on"]), "已登记还本")  # fmt: skip


def coop_register_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The A4 share register: each holder's shares and capital, then every numbered entry."""
    made = _coop(request, pk)
    entries = list(ShareEntry.objects.filter(cooperative=made).select_related("source", "target"))
    context = {**_coop_context(made), "today": timezone.localdate(), "entries": entries}
    return pdf_response(request, "economy/pdf/register.html", context, f"{made.name}股权登记簿.pdf")


def holding_certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    """The A4 股权证 of one household: its shares, capital and every register line naming it."""
    holding = get_visible_or_404(Holding.objects.select_related("household", "cooperative"), request.user, pk=pk)
    made = _coop(request, holding.cooperative_id)
    house = holding.household
    entries = ShareEntry.objects.filter(cooperative=made).filter(Q(source=house) | Q(target=house)).order_by("seq")
    paid = DividendLine.objects.filter(dividend__cooperative=made, household=house).select_related("dividend")
    context = {"coop": made, "holding": holding, "entries": list(entries.select_related("source", "target")),
               "dividends": list(paid.order_by("dividend__year")), "today": timezone.localdate()}  # fmt: skip
    return pdf_response(request, "economy/pdf/certificate.html", context, f"{made.name}股权证{house.head_name}.pdf")


REGISTER_HEADERS = [
    "登记号",
    "日期",
    "变动类型",
    "转出户",
    "转入户",
    "股数",
    "金额（元）",
    "说明",
    "登记人",
    "登记时间",
]


def coop_register_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    made = _coop(request, pk)
    entries = ShareEntry.objects.filter(cooperative=made).select_related("source", "target").order_by("seq")
    out = [[e.seq, e.on, e.get_kind_display(), e.source.head_name if e.source else "",
            e.target.head_name if e.target else "", e.shares, yuan(e.amount), e.note, e.entered_by,
            timezone.localtime(e.entered_at).strftime("%Y-%m-%d %H:%M")] for e in entries]  # fmt: skip
    return exports.xlsx_response(f"{made.name}股权登记簿.xlsx", "股权登记簿", REGISTER_HEADERS, out)


def dividend_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    dividend = get_visible_or_404(Dividend.objects.select_related("cooperative"), request.user, pk=pk)
    made = _coop(request, dividend.cooperative_id)
    lines = DividendLine.objects.filter(dividend=dividend).select_related("household").order_by("id")
    out: list[list[Any]] = [[i, line.household.head_name, line.household.address, line.shares, yuan(line.amount)]
                            for i, line in enumerate(lines, 1)]  # fmt: skip
    out.append(["", "合计", "", dividend.shares, yuan(dividend.total)])
    title = f"{dividend.year}年分红明细"
    return exports.xlsx_response(f"{made.name}{title}.xlsx", title, ["序号", "户主", "住址", "股数", "分红（元）"], out)


# ----------------------------------------------------------------------------- targets and 空壳村 test


def rule_versions(request: AuthedRequest, form: RuleForm | None = None) -> HttpResponse:
    """The targets and 空壳村 tests in force for the user's organization (its own, its township's,
    its county's, else the default); officers add a version for their own organization."""
    org = user_org(request.user)
    if org is None:
        raise PermissionDenied
    paths = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    versions = list(EconomyRuleVersion.objects.filter(org_path__in=paths).select_related("organization"))
    can_set = request.user.has_perm("economy.set_rule", org)
    blank = RuleForm(initial={"valid_from": timezone.localdate()}) if can_set else None
    context = {"org": org, "versions": versions, "defaults": rules.DEFAULT_RULES, "presets": [rules.QINGPU],
               "in_force": queries.RuleBook(org).rule(org.path, timezone.localdate().year), "can_set": can_set,
               "form": form or blank}  # fmt: skip
    return render(request, "economy/rules.html", context, status=400 if form else 200)


@require_POST
def rule_create(request: AuthedRequest) -> HttpResponse:
    org = user_org(request.user)
    if org is None or not request.user.has_perm("economy.set_rule", org):
        raise PermissionDenied
    form = RuleForm(request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        d["cite"] = d["cite"].strip()
        if run_action(request, lambda: actions.set_rule(request.user, org, **d), "已保存标准", form=form):
            return redirect("economy:rules")
    return rule_versions(request, form)

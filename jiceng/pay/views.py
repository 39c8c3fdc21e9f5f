"""Pay pages: the overview (townships' schemes, villages), a township's schemes, a village's
yearly pay sheet (page, A4 PDF, Excel) with the score, awards, payments and special account.
Thin views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import exports
from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.money import yuan
from jiceng.core.pdf import pdf_response
from jiceng.core.permissions import is_editor
from jiceng.core.web import run_action
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import actions, queries, rules
from .forms import AccountForm, AwardForm, PaymentForm, SchemeForm, ScoreForm, with_people
from .models import Scheme


def _year(request: AuthedRequest) -> int:
    today = timezone.localdate()
    text = request.GET.get("year", "")
    year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else today.year
    return min(max(year, 2000), today.year + 1)


def _org(request: AuthedRequest, pk: int, kind: str, perm: str = "pay.view_org") -> Organization:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=pk)
    if org.kind != kind or (kind == OrgKind.BRANCH and not org.is_village_level):
        raise Http404
    if not request.user.has_perm(perm, org):
        raise PermissionDenied
    return org


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404


def index(request: AuthedRequest) -> HttpResponse:
    org = user_org(request.user)
    if org is None or not is_editor(request.user):
        raise PermissionDenied
    year = _year(request)
    towns = queries.townships(org)
    schemes: dict[int, list[Scheme]] = {}
    for s in Scheme.objects.filter(organization__in=towns).order_by("-year"):
        schemes.setdefault(s.organization_id, []).append(s)
    villages = queries.villages(org)
    paid = queries.year_totals(villages, year)
    context = {"year": year, "towns": [(t, schemes.get(t.pk, [])) for t in towns],
               "villages": [(v, paid.get(v.pk, {}).get("paid")) for v in villages]}  # fmt: skip
    return render(request, "pay/index.html", context)


def township(request: AuthedRequest, pk: int, form: SchemeForm | None = None) -> HttpResponse:
    town = _org(request, pk, OrgKind.TOWNSHIP_COMMITTEE)
    year = _year(request)
    schemes = list(Scheme.objects.filter(organization=town).order_by("-year"))
    can_manage = request.user.has_perm("pay.manage_org", town)
    if form is None:
        latest = schemes[0] if schemes else None
        initial: dict[str, Any] = {"year": year}
        if latest is not None:
            initial.update({p: rules.percent_text(int(v)).removesuffix("%") for p, v in latest.shares.items()},
                           secretary_base=yuan(latest.secretary_base, grouping=False),
                           combined_rule=latest.combined_rule, bands=rules.bands_text(latest.bands),
                           combined_share=rules.percent_text(latest.combined_share).removesuffix("%"),
                           note=latest.note)  # fmt: skip
        form = SchemeForm(initial=initial)
    context = {"town": town, "year": year, "schemes": schemes, "form": form, "can_manage": can_manage,
               "villages": queries.villages(town), "posts": rules.PayPost.choices}  # fmt: skip
    return render(request, "pay/township.html", context, status=400 if form.is_bound else 200)


@require_POST
def save_scheme(request: AuthedRequest, pk: int) -> HttpResponse:
    town = _org(request, pk, OrgKind.TOWNSHIP_COMMITTEE, "pay.manage_org")
    form = SchemeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data

        def save() -> Scheme:
            return actions.save_scheme(request.user, town, d["year"], secretary_base=d["secretary_base"],
                                       shares=form.shares(), combined_rule=d["combined_rule"],
                                       combined_share=d["combined_share"] or 0,
                                       bands=rules.parse_bands(d["bands"]), title=d["title"],
                                       note=d["note"])  # fmt: skip

        if run_action(request, save, "已保存报酬方案", form=form):
            return redirect(f"{request.path.removesuffix('scheme/')}?year={d['year']}")
    return township(request, pk, form)


def _people(data: queries.Sheet) -> list[tuple[int, str]]:
    return [(line.person_id, f"{line.name}（{line.label}）") for line in data.lines]


def sheet(request: AuthedRequest, pk: int, year: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    org = _org(request, pk, OrgKind.BRANCH)
    _check_year(year)
    data = queries.sheet(org, year)
    today = timezone.localdate()
    people = _people(data)
    account = data.account
    context = {"org": org, "year": year, "sheet": data, "today": today,
               "can_manage": request.user.has_perm("pay.manage_org", org),
               "score_form": ScoreForm(initial={
                   "score": data.score, "source": data.score_source,
                   "secretary_base": yuan(data.village_year.secretary_base, grouping=False)
                   if data.village_year and data.village_year.secretary_base else ""}),
               "award_form": with_people(AwardForm(initial={"awarded_on": today}), people),
               "payment_form": with_people(PaymentForm(initial={"paid_on": today}), people),
               "account_form": AccountForm(initial={"name": account.name, "bank": account.bank,
                                                    "number": account.number, "managed_by": account.managed_by,
                                                    "opened_on": account.opened_on} if account else
                                           {"name": f"{org.village.name if org.village else org.name}村干部报酬专户"}),
               **(forms or {})}  # fmt: skip
    return render(request, "pay/sheet.html", context, status=400 if forms else 200)


def sheet_pdf(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    org = _org(request, pk, OrgKind.BRANCH)
    _check_year(year)
    context = {"org": org, "year": year, "sheet": queries.sheet(org, year), "today": timezone.localdate()}
    return pdf_response(request, "pay/pdf/sheet.html", context, f"{org.name}{year}年村干部报酬发放表.pdf")


SHEET_HEADERS = ["序号", "姓名", "职务", "在任月数", "比例", "考核系数", "报酬（元）", "奖励（元）", "应发（元）",
                 "已发（元）", "未发（元）"]  # fmt: skip


def sheet_xlsx(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    org = _org(request, pk, OrgKind.BRANCH)
    _check_year(year)
    data = queries.sheet(org, year)
    coefficient = rules.coefficient_text(data.coefficient) if data.coefficient is not None else "待定"
    rows: list[list[Any]] = []
    for i, line in enumerate(data.lines, 1):
        share = rules.percent_text(line.share) if line.share is not None else "一肩挑"
        rows.append([i, line.name, line.label, line.months, share, coefficient, yuan(line.pay), yuan(line.awards),
                     yuan(line.due), yuan(line.paid), yuan(line.balance)])  # fmt: skip
    rows.append(["", "合计", "", "", "", "", "", "", yuan(data.due), yuan(data.paid), yuan(data.balance)])
    title = f"{year}年村干部报酬发放表"
    return exports.xlsx_response(f"{org.name}{title}.xlsx", title, SHEET_HEADERS, rows)


def _post(request: AuthedRequest, pk: int, year: int) -> Organization:
    org = _org(request, pk, OrgKind.BRANCH, "pay.manage_org")
    _check_year(year)
    return org


@require_POST
def score(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    org = _post(request, pk, year)
    form = ScoreForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.enter_score(request.user, org, year, d["score"], d["source"],
                                                           secretary_base=d["secretary_base"]),
                      "已保存考核得分", form=form):  # fmt: skip
            return redirect("pay:sheet", pk=pk, year=year)
    return sheet(request, pk, year, {"score_form": form})


@require_POST
def award(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    org = _post(request, pk, year)
    form = with_people(AwardForm(request.POST), _people(queries.sheet(org, year)))
    if form.is_valid():
        d = form.cleaned_data
        who = Person.objects.get(pk=d["person"])
        if run_action(request, lambda: actions.add_award(request.user, org, year, who, d["title"], d["amount"],
                                                         d["awarded_on"]), "已登记奖励", form=form):  # fmt: skip
            return redirect("pay:sheet", pk=pk, year=year)
    return sheet(request, pk, year, {"award_form": form})


@require_POST
def payment(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    org = _post(request, pk, year)
    form = with_people(PaymentForm(request.POST), _people(queries.sheet(org, year)))
    if form.is_valid():
        d = form.cleaned_data
        who = Person.objects.get(pk=d["person"])
        if run_action(request, lambda: actions.record_payment(request.user, org, year, who, d["amount"],
                                                              d["paid_on"], d["voucher"]),
                      "已登记发放", form=form):  # fmt: skip
            return redirect("pay:sheet", pk=pk, year=year)
    return sheet(request, pk, year, {"payment_form": form})


@require_POST
def account(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _org(request, pk, OrgKind.BRANCH, "pay.manage_org")
    form = AccountForm(request.POST)
    year = _year(request)
    if form.is_valid():
        d = form.cleaned_data
        if run_action(request, lambda: actions.save_account(request.user, org, **d), "已保存专户", form=form):
            return redirect("pay:sheet", pk=pk, year=year)
    return sheet(request, pk, year, {"account_form": form})

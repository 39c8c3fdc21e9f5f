"""公开 pages: officers' list, form and detail of publications, the township's compliance dashboard
and spot checks, the county's rules, the decision procedures; and the public pages (no login):
the board of a village or township (as it stands and by month), one publication, the A4 QR
poster and the printable board. Thin: parse, authorize, call one action, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from jiceng.core import engine
from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.errors import DomainError
from jiceng.core.params import int_param
from jiceng.core.pdf import pdf_response
from jiceng.core.registry import board_sections
from jiceng.core.web import run_action
from jiceng.meetings.models import Meeting
from jiceng.organizations.models import Organization

from . import actions, flow, queries, rules
from .forms import (
    AttachmentForm,
    CheckDoneForm,
    LinkForm,
    MoveForm,
    ProcedureForm,
    PublicationForm,
    PublishForm,
    RuleForm,
    SpotCheckForm,
    StepPublicationForm,
    WithdrawForm,
)
from .models import CountyRule, Procedure, Publication, SpotCheck, Status
from .rules import Line, Mark, Section


def _org(request: AuthedRequest) -> Organization:
    org = request.user.organization
    if org is None:
        raise Http404
    return org


def _pub(request: AuthedRequest, pk: int) -> Publication:
    rows = Publication.objects.select_related("organization").prefetch_related("lines", "attachments")
    return get_visible_or_404(rows, request.user, pk=pk)


# ---------------------------------------------------------------- publications (officers)


def index(request: AuthedRequest) -> HttpResponse:
    rows = Publication.objects.visible_to(request.user).select_related("organization")
    section = request.GET.get("section", "")
    if section in Section.values:
        rows = rows.filter(section=section)
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    org = _org(request)
    board_org = _board_org_or_none(org)  # none above a township: `new` needs ?org= there
    context = {"page": page, "section": section, "status": status, "sections": Section.choices,
               "statuses": Status.choices, "org": org,
               "can_add": board_org is not None and request.user.has_perm("openness.add_publication_to", board_org),
               "board_org": board_org,
               "villages": _villages(request) if request.user.is_officer else []}  # fmt: skip
    return render(request, "openness/index.html", context)


def _board_org_or_none(org: Organization) -> Organization | None:
    try:
        return actions.board_org_of(org)
    except DomainError:
        return None


def _lines(request: AuthedRequest, form: PublicationForm) -> tuple[list[Line], int | None, int | None]:
    """Lines typed in the form, or imported from the uploaded .xlsx (then its totals, if any)."""
    income, expense = form.money("income_total"), form.money("expense_total")
    upload = form.cleaned_data.get("statement")
    if upload:
        lines, sheet_income, sheet_expense = actions.read_statement(upload.read())
        if sheet_income is not None and income is not None and sheet_income != income:
            raise DomainError("表格中的收入合计与填写的收入合计不一致")
        if sheet_expense is not None and expense is not None and sheet_expense != expense:
            raise DomainError("表格中的支出合计与填写的支出合计不一致")
        return lines, income if income is not None else sheet_income, expense if expense is not None else sheet_expense
    return actions.parse_lines(form.cleaned_data.get("lines", "")), income, expense


def new(request: AuthedRequest) -> HttpResponse:
    # An officer may publish for one of the villages of the subtree (?org=); else for the own board.
    chosen = _org(request)
    if (wanted := int_param(request.GET.get("org") or request.POST.get("org"), lo=1)) is not None:
        chosen = get_visible_or_404(Organization.objects.all(), request.user, pk=wanted)
    target = _board_org_or_none(chosen)
    if target is None or not request.user.has_perm("openness.add_publication_to", target):
        raise PermissionDenied
    form = PublicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> Publication:
            section, category = form.section_category()
            lines, income, expense = _lines(request, form)
            return actions.create_publication(
                request.user, target, section=section, category=category, title=data["title"],
                period_start=data["period_start"], period_end=data["period_end"], body=data["body"],
                days=data["days"], income_total=income, expense_total=expense, lines=lines,
                concerned=data["concerned"],
            )  # fmt: skip

        done = run_action(request, create, "已保存草稿，核对后即可公开", form=form)
        if done:
            return redirect("openness:detail", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "openness/form.html", {"form": form, "target": target}, status=status)


def detail(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    pub = _pub(request, pk)
    can_change = request.user.has_perm("openness.change_publication", pub)
    context = {"pub": pub, "can_change": can_change, "today": timezone.localdate(),
               "publish_form": PublishForm(initial={"on": timezone.localdate()}), "withdraw_form": WithdrawForm(),
               "attachment_form": AttachmentForm(),
               "public_url": request.build_absolute_uri(reverse("openness:publication", args=[pub.pk])),
               **(forms or {})}  # fmt: skip
    return render(request, "openness/detail.html", context, status=400 if forms else 200)


@require_POST
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    pub = _pub(request, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    on = form.cleaned_data.get("on") if form.is_valid() else None
    if run_action(request, lambda: actions.publish(request.user, pub, on=on), "已公开", form=form):
        return redirect("openness:detail", pk=pk)
    return detail(request, pk, {"publish_form": form})


@require_POST
def withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    pub = _pub(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    if run_action(request, lambda: actions.withdraw(request.user, pub, reason), "已撤回", form=form):
        return redirect("openness:detail", pk=pk)
    return detail(request, pk, {"withdraw_form": form})


@require_POST
def attach(request: AuthedRequest, pk: int) -> HttpResponse:
    pub = _pub(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return detail(request, pk, {"attachment_form": form})
    data = form.cleaned_data
    if run_action(request, lambda: actions.add_attachment(request.user, pub, data["file"], data["caption"]),
                  "已上传附件", form=form):  # fmt: skip
        return redirect("openness:detail", pk=pk)
    return detail(request, pk, {"attachment_form": form})


# ---------------------------------------------------------------- compliance, spot checks, rules


def dashboard(request: AuthedRequest) -> HttpResponse:
    """Which village is late on what, for the year (组织法 Art. 30; the county's rules)."""
    org = _org(request)
    if (wanted := int_param(request.GET.get("org"), lo=1)) is not None:
        org = get_visible_or_404(Organization.objects.all(), request.user, pk=wanted)
    if not request.user.has_perm("openness.view_compliance", org):
        raise PermissionDenied
    today = timezone.localdate()
    year = int_param(request.GET.get("year"), lo=2000, hi=today.year) or today.year
    rows = queries.compliance(org, year, today)
    found = actions.county_rules(org)
    ruleset = rules.rules_on(dt.date(year, 12, 31), found)
    context = {"org": org, "year": year, "rows": rows, "sections": Section.choices, "ruleset": ruleset,
               "cites": [ruleset.cite(s) for s in Section.values], "years": range(today.year, today.year - 5, -1),
               "behind_count": sum(len(r.behind) for r in rows), "areas": queries.by_area(org, rows),
               "mark_kinds": Mark.choices}  # fmt: skip
    return render(request, "openness/dashboard.html", context)


def _villages(request: AuthedRequest) -> list[Organization]:
    org = _org(request)
    return list(Organization.objects.filter(path__startswith=org.path, is_village_level=True,
                                            dissolved_on__isnull=True).order_by("path"))  # fmt: skip


def checks(request: AuthedRequest) -> HttpResponse:
    """The township's spot checks of the villages' boards (seed 004), and the form to record one."""
    org = _org(request)
    if not request.user.has_perm("openness.add_spotcheck_to", org):
        raise PermissionDenied
    villages = _villages(request)
    if request.method == "POST" and int_param(request.POST.get("village"), lo=1) not in {v.pk for v in villages}:
        raise Http404  # a village outside the officer's subtree: not found
    form = SpotCheckForm(request.POST or None)
    form.fields["village"].choices = [  # type: ignore[attr-defined]
        (v.pk, v.name) for v in villages
    ]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = next(v for v in villages if v.pk == data["village"])
        done = run_action(request, lambda: actions.record_spot_check(
            request.user, village, checked_on=data["checked_on"], checker=data["checker"], findings=data["findings"],
            checker_names=data["checker_names"], deadline=data["deadline"]), "已登记抽查情况", form=form)  # fmt: skip
        if done:
            return redirect("openness:checks")
    rows = SpotCheck.objects.visible_to(request.user).select_related("organization").order_by("-checked_on", "-id")
    context = {"form": form, "rows": rows[:300], "today": timezone.localdate(), "done_form": CheckDoneForm()}
    return render(request, "openness/checks.html", context, status=400 if request.method == "POST" else 200)


@require_POST
def check_done(request: AuthedRequest, pk: int) -> HttpResponse:
    check = get_visible_or_404(SpotCheck.objects.select_related("organization"), request.user, pk=pk)
    form = CheckDoneForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run_action(request, lambda: actions.finish_spot_check(request.user, check, data["done_on"], data["note"]),
                   "已记录整改完成")  # fmt: skip
    else:
        messages.error(request, "请填写整改完成日期和整改情况")
    return redirect("openness:checks")


def rules_page(request: AuthedRequest) -> HttpResponse:
    """The county's cadence of the three sections, versioned by date (county officers only)."""
    if not request.user.has_perm("openness.change_rules"):
        raise Http404
    county = _org(request)
    form = RuleForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_action(request, lambda: actions.save_county_rule(request.user, county, **data), "已保存", form=form):
            return redirect("openness:rules")
    rows = CountyRule.objects.filter(county=county).order_by("-valid_from")
    context = {"form": form, "rows": rows, "built_in": rules.BUILT_IN, "county": county,
               "cites": [rules.BUILT_IN.cite(s) for s in Section.values]}  # fmt: skip
    return render(request, "openness/rules.html", context, status=400 if request.method == "POST" else 200)


# ---------------------------------------------------------------- procedures


def _proc(request: AuthedRequest, pk: int) -> Procedure:
    return get_visible_or_404(Procedure.objects.select_related("organization", "flow"), request.user, pk=pk)


def procedures(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    villages = _villages(request) if request.user.is_officer else []
    if (wanted := int_param(request.POST.get("org"), lo=1)) is not None:  # an officer, for a village
        org = get_visible_or_404(Organization.objects.all(), request.user, pk=wanted)
    can_add = request.user.has_perm("openness.add_procedure_to", org) and (org.is_village_level or bool(villages))
    form = ProcedureForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            done = run_action(request, lambda: actions.start_procedure(
                request.user, org, data["kind"], data["title"], data["started_on"], data["note"]), "已登记",
                form=form)  # fmt: skip
            if done:
                return redirect("openness:procedure", pk=done.value.pk)
    rows = Procedure.objects.visible_to(request.user).select_related("organization", "flow")[:300]
    context = {"rows": rows, "form": form, "can_add": can_add, "kinds": rules.ProcedureKind.choices,
               "villages": villages}  # fmt: skip
    return render(request, "openness/procedures.html", context, status=400 if request.method == "POST" else 200)


def procedure(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    proc = _proc(request, pk)
    state = proc.state_obj
    definition = proc.definition
    refs = engine.links(proc, proc.step)
    linked = [int(r.split(":")[1]) for r in refs if r.startswith("meetings.meeting:")]
    pubs = [int(r.split(":")[1]) for r in refs if r.startswith(actions.PUBLICATION_REF)]
    wanted = flow.step_target(proc.kind, proc.step) if state.step == "meeting" else ""
    candidates = Meeting.objects.filter(org_path__startswith=proc.org_path).order_by("-starts_at")
    if wanted:
        candidates = candidates.filter(kind=wanted)
    context = {
        "proc": proc, "state": state, "definition": definition, "events": list(proc.events()),
        "moves": proc.moves_for(request.user), "linked": Meeting.objects.filter(pk__in=linked),
        "publications": Publication.objects.filter(pk__in=pubs), "candidates": candidates[:30],
        "can_change": request.user.has_perm("openness.change_procedure", proc),
        "vote_problem": actions.vote_problem(proc, timezone.localdate()) if state.step == "meeting" else "",
        "move_form": MoveForm(initial={"on": timezone.localdate()}), "link_form": LinkForm(),
        "step_form": StepPublicationForm(initial={"title": f"{proc.title}（{state.label}）"}),
        "steps": [(s.key, s.label, s.key == proc.step) for s in definition.states if not s.final],
        "today": timezone.localdate(),
        **(forms or {}),
    }  # fmt: skip
    context["errors"] = [
        e for name in ("move_form", "link_form", "step_form") for e in context[name].non_field_errors()
    ]
    return render(request, "openness/procedure.html", context, status=400 if forms else 200)


@require_POST
def procedure_move(request: AuthedRequest, pk: int) -> HttpResponse:
    proc = _proc(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return procedure(request, pk, {"move_form": form})
    data = form.cleaned_data
    if run_action(request, lambda: actions.move_procedure(request.user, proc, data["target"], on=data["on"],
                  note=data["note"]), "已办理", form=form):  # fmt: skip
        return redirect("openness:procedure", pk=pk)
    return procedure(request, pk, {"move_form": form})


@require_POST
def procedure_link(request: AuthedRequest, pk: int) -> HttpResponse:
    proc = _proc(request, pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return procedure(request, pk, {"link_form": form})
    meeting = get_visible_or_404(Meeting.objects.select_related("organization"), request.user,
                                 pk=form.cleaned_data["meeting"])  # fmt: skip
    if run_action(request, lambda: actions.link_meeting(request.user, proc, meeting), "已关联会议", form=form):
        return redirect("openness:procedure", pk=pk)
    return procedure(request, pk, {"link_form": form})


@require_POST
def procedure_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    proc = _proc(request, pk)
    form = StepPublicationForm(request.POST)
    if not form.is_valid():
        return procedure(request, pk, {"step_form": form})
    data = form.cleaned_data
    if run_action(request, lambda: actions.publish_step(request.user, proc, title=data["title"], body=data["body"],
                  on=data["on"], concerned=data["concerned"]), "已在公开栏公开", form=form):  # fmt: skip
        return redirect("openness:procedure", pk=pk)
    return procedure(request, pk, {"step_form": form})


# ---------------------------------------------------------------- public pages (no login)


def _board(org_id: int) -> Organization:
    org = queries.board_org(org_id)
    if org is None:
        raise Http404
    return org


def _month(text: str) -> dt.date:
    try:
        month = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError as exc:
        raise Http404 from exc
    if month > timezone.localdate() or month.year < 2000:
        raise Http404
    return month


def board_parts(request: HttpRequest, org: Organization, month: dt.date | None) -> list[SafeString]:
    """The registered sections (core.registry.register_board_section) rendered in order."""
    out = []
    for entry in board_sections():
        context = entry.context(org, month)
        if context is not None:
            out.append(SafeString(render_to_string(entry.template, context, request=request)))
    return out


def _board_context(request: HttpRequest, org: Organization, month: dt.date | None) -> dict[str, Any]:
    villages = []
    if queries.is_township(org):
        villages = list(Organization.objects.filter(path__startswith=org.path, is_village_level=True,
                                                    dissolved_on__isnull=True).order_by("path"))  # fmt: skip
    return {"org": org, "month": month, "parts": board_parts(request, org, month), "villages": villages,
            "today": timezone.localdate(), "name": org.village.name if org.village else org.name}  # fmt: skip


@login_not_required
def board(request: HttpRequest, org_id: int) -> HttpResponse:
    """The one public page of a village (or township): no login, readable on a phone."""
    org = _board(org_id)
    return render(request, "openness/board.html", _board_context(request, org, None))


@login_not_required
def board_month(request: HttpRequest, org_id: int, month: str) -> HttpResponse:
    org = _board(org_id)
    return render(request, "openness/board.html", _board_context(request, org, _month(month)))


@login_not_required
def archive(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _board(org_id)
    months = queries.archive_months(org)
    name = org.village.name if org.village else org.name
    return render(request, "openness/archive.html", {"org": org, "months": months, "name": name})


@login_not_required
def public_publication(request: HttpRequest, pk: int) -> HttpResponse:
    pub = (
        Publication.objects.published().filter(pk=pk, published_on__lte=timezone.localdate())
        .select_related("organization").prefetch_related("lines", "attachments").first()
    )  # fmt: skip
    if pub is None:
        raise Http404
    return render(request, "openness/public_publication.html", {"pub": pub})


def _qr(url: str) -> str:
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=6, border=1))


@login_not_required
def poster(request: HttpRequest, org_id: int) -> HttpResponse:
    """The A4 poster for the physical board: the QR code of the village's public page."""
    org = _board(org_id)
    url = request.build_absolute_uri(reverse("openness:board", args=[org.pk]))
    name = org.village.name if org.village else org.name
    context = {"org": org, "name": name, "url": url, "qr": _qr(url)}
    return pdf_response(request, "openness/pdf/poster.html", context, f"{name}公开栏二维码.pdf")


@login_not_required
def board_pdf(request: HttpRequest, org_id: int) -> HttpResponse:
    """The current board as A4 pages, to print and put up."""
    org = _board(org_id)
    today = timezone.localdate()
    items = queries.board_publications(org, None, today)
    url = request.build_absolute_uri(reverse("openness:board", args=[org.pk]))
    name = org.village.name if org.village else org.name
    context = {"org": org, "name": name, "groups": queries.grouped(items), "today": today, "url": url,
               "qr": _qr(url)}  # fmt: skip
    return pdf_response(request, "openness/pdf/board.html", context, f"{name}公开栏{today:%Y-%m-%d}.pdf")

"""公示 pages: officers' list and detail (objections and their handling), the A4 notice for the
physical board, and the public pages (no login): a board's notices, one notice with the
objection form, and the receipt lookup. Thin: parse, authorize, call one action, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiceng.core import engine
from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.pdf import pdf_response
from jiceng.core.web import client_address, run_action
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind

from . import actions, queries, rules
from .forms import DecisionForm, MoveForm, ObjectionForm, ReceiptForm, RecordForm, SettingsForm, WithdrawForm
from .models import Notice, Objection
from .rules import Outcome
from .subjects import describe, step_label

SHOW = {"running": "公示中", "ended": "已结束", "all": "全部"}


def _notice(request: AuthedRequest, pk: int) -> Notice:
    rows = Notice.objects.select_related("organization", "shown_on").prefetch_related("objections")
    return get_visible_or_404(rows, request.user, pk=pk)


# ---------------------------------------------------------------- officers' pages


def index(request: AuthedRequest) -> HttpResponse:
    show = request.GET.get("show", "running")
    show = show if show in SHOW else "running"
    today = timezone.localdate()
    notices = Notice.objects.visible_to(request.user).select_related("organization").prefetch_related("objections")
    if show == "running":
        notices = notices.filter(withdrawn_on__isnull=True, ends_on__gte=today)
    elif show == "ended":
        notices = notices.exclude(withdrawn_on__isnull=True, ends_on__gte=today)
    if q := request.GET.get("q", "").strip()[:50]:
        notices = notices.filter(title__contains=q)
    page = Paginator(notices.order_by("-starts_on", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "notices/index.html", {"page": page, "show": show, "shows": SHOW, "q": q, "today": today})


def detail(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    notice = _notice(request, pk)
    user, today = request.user, timezone.localdate()
    officer = user.has_perm("notices.view_objections", notice)
    objections = list(notice.objections.all()) if officer else []
    histories = engine.history(objections)
    context = {
        "notice": notice, "today": today, "outcome": notice.outcome(today),
        "subject": describe(notice.subject_ref, user),
        "step_label": step_label(notice.subject_ref, notice.step),
        "blocker": rules.step_blocker(notice.fact(), today), "officer": officer,
        "objections": [(o, histories.get(o.pk, []), o.moves_for(user)) for o in objections],
        "open_count": sum(1 for o in notice.objections.all() if o.open),
        "can_withdraw": user.has_perm("notices.withdraw_notice", notice) and notice.outcome(today) in
        (Outcome.UPCOMING, Outcome.RUNNING),
        "can_decide": user.has_perm("notices.decide_notice", notice) and notice.outcome(today) == Outcome.UPHELD,
        "move_form": MoveForm(initial={"on": today}), "decision_form": DecisionForm(initial={"on": today}),
        "withdraw_form": WithdrawForm(), "record_form": RecordForm(initial={"received_on": today}),
        "public_url": request.build_absolute_uri(reverse("notices:public", args=[pk])),
        **(forms or {}),
    }  # fmt: skip
    return render(request, "notices/detail.html", context, status=400 if forms else 200)


def notice_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    import segno

    notice = _notice(request, pk)
    url = request.build_absolute_uri(reverse("notices:public", args=[pk]))
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=1)
    context = {"notice": notice, "url": url, "qr": qr, "today": timezone.localdate()}
    return pdf_response(request, "notices/pdf/notice.html", context, f"{notice.title}.pdf")


@require_POST
def withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    if run_action(request, lambda: actions.withdraw_notice(request.user, notice, reason), "公示已撤回", form=form):
        return redirect("notices:detail", pk=pk)
    return detail(request, pk, {"withdraw_form": form})


@require_POST
def record(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = RecordForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, {"record_form": form})
    data = form.cleaned_data
    done = run_action(request, lambda: actions.record_objection(
        request.user, notice, text=data["text"], channel=data["channel"], received_on=data["received_on"],
        name=data["name"], contact=data["contact"]), form=form)  # fmt: skip
    if not done:
        return detail(request, pk, {"record_form": form})
    messages.success(request, f"已登记异议，回执码 {done.value.code}（可告知提出人，凭码查询办理结果）")
    return redirect("notices:detail", pk=pk)


@require_POST
def decide(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    done = run_action(request, lambda: actions.decide_notice(
        request.user, notice, data.get("decision", ""), data.get("note", ""), on=data.get("on")), "已记录处理决定",
        form=form)  # fmt: skip
    return redirect("notices:detail", pk=pk) if done else detail(request, pk, {"decision_form": form})


@require_POST
def move(request: AuthedRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.select_related("notice__organization"), pk=pk)
    get_visible_or_404(Notice.objects.all(), request.user, pk=objection.notice_id)
    form = MoveForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    done = run_action(request, lambda: actions.move_objection(
        request.user, objection, data.get("target", ""), answer=data.get("answer", ""), note=data.get("note", ""),
        on=data.get("on")), "已办理", form=form)  # fmt: skip
    if done:
        return redirect(f"{reverse('notices:detail', args=[objection.notice_id])}#objection-{pk}")
    return detail(request, objection.notice_id, {"move_form": form, "move_for": pk})


def settings_page(request: AuthedRequest) -> HttpResponse:
    """The county's default period: county officers only (everyone else: not found)."""
    if not request.user.has_perm("notices.change_settings"):
        raise Http404
    org = request.user.organization
    assert org is not None  # a county officer belongs to the county
    found = queries.settings_for(org)
    initial = {"days": found.days if found else rules.DEFAULT_DAYS, "hotline": found.hotline if found else ""}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save = lambda: actions.save_settings(request.user, days=data["days"], hotline=data["hotline"])  # noqa: E731
        if run_action(request, save, "已保存公示设置", form=form):
            return redirect("notices:settings")
    return render(request, "notices/settings.html", {"form": form, "org": org, "inherited": found})


# ---------------------------------------------------------------- public pages (no login)


def _public_notice(pk: int) -> Notice:
    """Started notices only (a scheduled one is not public yet); withdrawn ones say so."""
    notice = Notice.objects.select_related("organization", "shown_on").filter(pk=pk).first()
    if notice is None or notice.starts_on > timezone.localdate():
        raise Http404
    return notice


@login_not_required
def board(request: HttpRequest, org_id: int) -> HttpResponse:
    org = Organization.objects.select_related("village").filter(pk=org_id, dissolved_on__isnull=True).first()
    if org is None:
        raise Http404
    if org.is_village_level or org.kind == OrgKind.TOWNSHIP_COMMITTEE:
        # The one public page of a village or township is its 公开栏 (openness app), 公示 included.
        return redirect("openness:board", org_id=org.pk)
    context = {"org": org, "notices": queries.on_board(org)}
    return render(request, "notices/board.html", context)


@login_not_required
@never_cache
def public(request: HttpRequest, pk: int) -> HttpResponse:
    """The public notice and its objection form (CSRF-protected; works without JavaScript)."""
    notice = _public_notice(pk)
    form = ObjectionForm(request.POST or None)
    context: dict[str, Any] = {"notice": notice, "form": form, "open": notice.in_progress}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = client_address(request) or ""
        fields = {"text": data["text"], "name": data["name"], "contact": data["contact"], "address": address}
        done = run_action(request, lambda: actions.submit_objection(notice, **fields), form=form)
        if done:
            return render(request, "notices/submitted.html", {"notice": notice, "receipt": done.value})
        return render(request, "notices/public.html", context, status=422)
    return render(request, "notices/public.html", context)


@login_not_required
@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """The sender looks up the handling of their objection by its receipt code (POST: the code
    stays out of URLs and logs)."""
    form = ReceiptForm(request.POST or None)
    # The board the sender came from (?board=), for the way back; else the site's first page.
    board_id = request.GET.get("board", "")
    boards = Organization.objects.filter(dissolved_on__isnull=True)
    board = boards.filter(pk=int(board_id)).first() if board_id.isdigit() and len(board_id) < 10 else None
    context: dict[str, Any] = {"form": form, "board": board}
    if request.method == "POST" and form.is_valid():
        context["objection"] = queries.by_receipt(form.cleaned_data["code"])
        context["looked_up"] = True
    return render(request, "notices/receipt.html", context)

"""Ledger pages: thin — parse, authorize, call one action, render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import refs
from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.htmx import render_page
from jiceng.core.params import page_param
from jiceng.core.pdf import pdf_response
from jiceng.core.web import run_action
from jiceng.households.views import posted_org
from jiceng.organizations.models import Organization

from . import actions, exports, forms, publication, rules, stats
from .defaults import standard_workflow
from .filters import PHASES, ItemFilter
from .models import DiaryEntry, LedgerItem, LedgerType, LiaisonAssignment, is_editor, is_officer

PAGE_SIZE = 50
LIST_RELATED = ("ledger_type", "organization", "assignee")


def _org(request: AuthedRequest) -> Organization:
    org = user_org(request.user)
    if org is None:
        raise Http404
    return org


def _filtered(request: AuthedRequest) -> tuple[ItemFilter, Any]:
    flt = ItemFilter.from_query(request.GET, request.user)
    items = flt.apply(LedgerItem.objects.visible_to(request.user), request.user, timezone.localdate())
    return flt, items


# ---------------------------------------------------------------- items


def index(request: AuthedRequest) -> HttpResponse:
    """The item list: filters, newest first; pages without a total count (fast at 500 000 rows)."""
    org = _org(request)
    flt, items = _filtered(request)
    number = page_param(request.GET.get("page"))
    offset = (number - 1) * PAGE_SIZE
    rows = list(
        items.select_related(*LIST_RELATED)
        .prefetch_related("flow")
        .order_by("-collected_on", "-id")[offset : offset + PAGE_SIZE + 1]
    )
    context = {
        "rows": rows[:PAGE_SIZE], "has_next": len(rows) > PAGE_SIZE, "number": number, "flt": flt,
        "types": forms.usable_types(request.user), "orgs": forms.item_orgs(request.user).exclude(pk=org.pk)[:500],
        "phases": PHASES, "today": timezone.localdate(), "can_edit": is_editor(request.user),
        "is_officer": is_officer(request.user),
        "withdrawn": publication.withdrawn_for(request.user) if is_editor(request.user) else [],
    }  # fmt: skip
    return render_page(request, "ledgers/index.html", context, partial="results")


def export_xlsx(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    flt, items = _filtered(request)
    items = items.select_related(*LIST_RELATED).prefetch_related("flow").order_by("collected_on", "id")
    scope = flt.org.name if flt.org else org.name
    title = exports.title_for(flt.ledger_type, scope)
    content = exports.workbook(title, flt.ledger_type, items.iterator(chunk_size=2000))
    return exports.xlsx_response(f"{title}-{timezone.localdate():%Y%m%d}.xlsx", content)


def export_pdf(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    flt, items = _filtered(request)
    rows = list(items.select_related(*LIST_RELATED).prefetch_related("flow").order_by("collected_on", "id")[:2000])
    scope = flt.org.name if flt.org else org.name
    title = exports.title_for(flt.ledger_type, scope)
    noun = flt.ledger_type.noun if flt.ledger_type else "问题"
    sentence = rules.summary_sentence(noun, stats.tally(items, timezone.localdate()))
    context = {"title": title, "rows": rows, "today": timezone.localdate(), "truncated": len(rows) >= 2000,
               "sentence": sentence}  # fmt: skip
    return pdf_response(request, "ledgers/pdf/ledger.html", context, f"{title}.pdf")


def item_create(request: AuthedRequest) -> HttpResponse:
    if not is_editor(request.user):
        raise Http404
    posted_org(request)
    initial = request.GET.dict()  # the form reloaded on a type change (htmx) keeps what was typed
    form = forms.ItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_action(request, lambda: actions.create_item(request.user, **form.item_data()), "已登记", form=form)
        if done:
            return redirect("ledgers:item_detail", pk=done.value.pk)
    return render(request, "ledgers/form.html", {"form": form, "title": "登记台账事项"})


def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(
        LedgerItem.objects.select_related("ledger_type", "organization", "assignee", "grid", "household", "visit",
                                          "flow", "escalated_to"),
        request.user,
        pk=pk,
    )  # fmt: skip
    definition = item.definition
    moves = item.moves_for(request.user)
    context = {
        "item": item, "definition": definition, "moves": moves, "move_form": forms.MoveForm(item=item),
        "events": [(e, definition.label(e.to_state) if e.kind == "move" else "") for e in item.events()],
        "today": timezone.localdate(), "can_publish": is_editor(request.user),
        "publish_form": forms.PublishForm(), "needs": {m.target: sorted(m.requires) for m in moves},
        "extra": [(f["label"], item.extra.get(f["key"], "")) for f in item.ledger_type.fields],
        "can_edit": bool(item.workflow_roles(request.user)),
        "source": refs.read(item.source_ref, request.user) if item.source_ref else None,
    }  # fmt: skip
    return render(request, "ledgers/detail.html", context)


def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct an item's description, category, names, measures and extra fields (not its state)."""
    item = get_visible_or_404(LedgerItem.objects.select_related("ledger_type"), request.user, pk=pk)
    if not item.workflow_roles(request.user):  # a read-only member never edits, even as assignee
        raise Http404
    form = forms.ItemEditForm(request.POST or None, item=item)
    save = lambda: actions.update_item(request.user, item, **form.item_data())  # noqa: E731
    if request.method == "POST" and form.is_valid() and run_action(request, save, "已保存", form=form):
        return redirect("ledgers:item_detail", pk=pk)
    return render(request, "ledgers/form.html", {"form": form, "title": f"修改事项：{item.ledger_type.name}"})


@require_POST
def item_move(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(LedgerItem.objects.select_related("ledger_type"), request.user, pk=pk)
    form = forms.MoveForm(request.POST, item=item)
    if not form.is_valid():
        errors = [str(e) for field in form for e in field.errors]
        messages.error(request, "办理信息不完整：" + "；".join(errors) if errors else "办理信息不完整")
        return redirect("ledgers:item_detail", pk=pk)
    d = form.cleaned_data
    run_action(request, lambda: actions.move_item(request.user, item, d["target"], on=d["on"],
                                                  expected=d["expected"] or None, assignee=d["assignee"],
                                                  resolution=d["resolution"], note=d["note"],
                                                  measures=d["measures"] or None), "已办理")  # fmt: skip
    return redirect("ledgers:item_detail", pk=pk)


@require_POST
def item_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(LedgerItem.objects.select_related("household"), request.user, pk=pk)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: actions.publish_item(request.user, item, form.cleaned_data["summary"]), "已公开")
    else:
        messages.error(request, "请填写公开内容")
    return redirect("ledgers:item_detail", pk=pk)


@require_POST
def item_unpublish(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(LedgerItem.objects.all(), request.user, pk=pk)
    run_action(request, lambda: actions.unpublish_item(request.user, item), "已撤回公开")
    return redirect("ledgers:item_detail", pk=pk)


# ---------------------------------------------------------------- statistics and the public page


def statistics(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    flt, items = _filtered(request)
    today = timezone.localdate()
    scope = flt.org or org
    if flt.phase or flt.q or flt.mine:  # filters the rollup does not keep: count the items
        found = stats.overview(items.filter(org_path__startswith=scope.path), scope, today)
    else:
        found = stats.overview_for(request.user, scope, today, ledger_type_id=flt.ledger_type.pk if flt.ledger_type
                                   else None, period=stats.Period(flt.start, flt.end))  # fmt: skip
    context = {
        "flt": flt, "scope": scope, "total": found.total, "by_type": found.by_type,
        "by_child": found.by_child, "sentences": stats.sentences(found.by_type),
        "types": forms.usable_types(request.user), "orgs": forms.item_orgs(request.user)[:500],
    }  # fmt: skip
    return render(request, "ledgers/stats.html", context)


@login_not_required
def public_board(request: HttpRequest, org_id: int) -> HttpResponse:
    """A village's published items are on its one public page, the 公开栏 (openness app)."""
    org = Organization.objects.filter(pk=org_id, is_village_level=True, dissolved_on__isnull=True).first()
    if org is None:
        raise Http404
    return redirect("openness:board", org_id=org.pk)


# ---------------------------------------------------------------- ledger types and calendar


def types(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    rows = LedgerType.objects.visible_to(request.user).select_related("owner").order_by("owner__path", "pk")
    return render(request, "ledgers/types.html", {"rows": rows, "org": org, "is_officer": is_officer(request.user)})


def type_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ltype = get_visible_or_404(LedgerType.objects.select_related("owner"), request.user, pk=pk)
    can_edit = ltype.owner is not None and is_officer(request.user) and ltype.owner.path.startswith(_org(request).path)
    definition = ltype.definition
    moves = [(definition.label(m.source), definition.label(m.target), m.label, definition.who(m),
              "、".join(definition.requirement(r) for r in sorted(m.requires))) for m in definition.moves]  # fmt: skip
    context = {"ltype": ltype, "definition": definition, "moves": moves, "can_edit": can_edit,
               "clocks": [(c, definition.label(c.start)) for c in definition.clocks], "versions": _versions(ltype),
               "is_officer": is_officer(request.user),
               "workflow_json": json.dumps(ltype.workflow, ensure_ascii=False, indent=1)}  # fmt: skip
    return render(request, "ledgers/type_detail.html", context)


def _versions(ltype: LedgerType) -> list[tuple[Any, int]]:
    """The stored versions of the type's workflow, newest first, each with its number of items."""
    from django.db.models import Count

    from jiceng.core.models import WorkflowDefinition

    counts = dict(ltype.items.order_by().values_list("flow_id").annotate(n=Count("id")))
    rows = WorkflowDefinition.objects.filter(code=ltype.workflow_code).order_by("-version").defer("data")
    return [(row, counts.get(row.pk, 0)) for row in rows]


@require_POST
def type_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    ltype = get_visible_or_404(LedgerType.objects.all(), request.user, pk=pk)
    done = run_action(
        request, lambda: actions.copy_type(request.user, ltype, _org(request)), "已复制为本单位的台账类型"
    )
    return redirect("ledgers:type_detail", pk=done.value.pk if done else pk)


def type_create(request: AuthedRequest) -> HttpResponse:
    if not is_officer(request.user):
        raise Http404
    initial = {"workflow": json.dumps(standard_workflow(), ensure_ascii=False, indent=1), "fields_json": "[]"}
    form = forms.TypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        code, owner = form.cleaned_data["code"], _org(request)
        done = run_action(request, lambda: actions.create_type(request.user, owner, code=code, **form.type_data()),
                          "已新增台账类型", form=form)  # fmt: skip
        if done:
            return redirect("ledgers:type_detail", pk=done.value.pk)
    return render(request, "ledgers/form.html", {"form": form, "title": "新增台账类型"})


def type_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    ltype = get_visible_or_404(LedgerType.objects.select_related("owner"), request.user, pk=pk)
    if ltype.owner is None or not is_officer(request.user) or not ltype.owner.path.startswith(_org(request).path):
        raise Http404
    form = forms.TypeForm(request.POST or None, initial=forms.TypeForm.initial_for(ltype))
    form.fields["code"].disabled = True
    save = lambda: actions.update_type(request.user, ltype, **form.type_data())  # noqa: E731
    if request.method == "POST" and form.is_valid() and run_action(request, save, "已保存", form=form):
        return redirect("ledgers:type_detail", pk=ltype.pk)
    return render(request, "ledgers/form.html", {"form": form, "title": f"修改：{ltype.name}"})


# ---------------------------------------------------------------- visits that find ledger items


def visit_create(request: AuthedRequest) -> HttpResponse:
    """Record a 五访五问 visit on a phone; what was found may become a ledger item at once.

    Choosing the ledger type reloads the form (htmx) with the type's categories and extra fields.
    """
    if not is_editor(request.user):
        raise Http404
    posted_org(request)
    initial = request.GET.dict()  # the form reloaded on a type change keeps what was typed
    form = forms.VisitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        items = form.items()
        done = run_action(request, lambda: actions.record_visit(request.user, **form.visit_data(), items=items),
                          "已记录走访，并登记台账事项" if items else "已记录走访", form=form)  # fmt: skip
        if done:
            _visit, made = done.value
            return redirect("ledgers:item_detail", pk=made[0].pk) if made else redirect("households:visits")
    return render(request, "ledgers/form.html", {"form": form, "title": "记录走访（五访五问）",
                                                 "cancel": reverse("households:visits")})  # fmt: skip


# ---------------------------------------------------------------- liaison and diary


def liaisons(request: AuthedRequest) -> HttpResponse:
    """包村联系 and the compliance view: visits this week/month against each quota."""
    _org(request)
    form = forms.LiaisonForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not is_officer(request.user):
            raise Http404
        posted_org(request)
        if form.is_valid():
            d = form.cleaned_data
            done = run_action(request, lambda: actions.assign_liaison(
                request.user, user=d["user"], organization=d["organization"], kind=d["kind"], level=d["level"],
                start_on=d["start_on"], quota_count=d["quota_count"], quota_period=d["quota_period"] or None,
            ), "已安排包村联系", form=form)  # fmt: skip
            if done:
                return redirect("ledgers:liaisons")
    rows = stats.compliance(LiaisonAssignment.objects.visible_to(request.user), timezone.localdate())
    context = {"rows": rows, "form": form, "is_officer": is_officer(request.user),
               "met": sum(1 for r in rows if r.met), "today": timezone.localdate()}  # fmt: skip
    return render(request, "ledgers/liaisons.html", context)


@require_POST
def liaison_end(request: AuthedRequest, pk: int) -> HttpResponse:
    """End an assignment (调整包村): it drops out of the quota view after the end date."""
    assignment = get_visible_or_404(LiaisonAssignment.objects.select_related("organization"), request.user, pk=pk)
    form = forms.EndLiaisonForm(request.POST)
    if form.is_valid():
        end_on = form.cleaned_data["end_on"]
        run_action(request, lambda: actions.end_liaison(request.user, assignment, end_on), "已结束包村联系")
    else:
        messages.error(request, "请填写结束日期")
    return redirect("ledgers:liaisons")


def diary(request: AuthedRequest, pk: int) -> HttpResponse:
    """村情日记 of one assignment: its liaison writes, officers of the subtree read."""
    assignment = get_visible_or_404(LiaisonAssignment.objects.select_related("user", "organization"), request.user,
                                    pk=pk)  # fmt: skip
    is_author = assignment.user_id == request.user.pk
    entries = DiaryEntry.objects.visible_to(request.user).filter(assignment=assignment)
    if not is_author and not is_officer(request.user):
        raise Http404
    form = forms.DiaryForm(request.POST or None)
    if request.method == "POST":
        if not is_author:
            raise Http404
        if form.is_valid() and run_action(
            request, lambda: actions.write_diary(request.user, assignment, **form.cleaned_data), "已记录", form=form
        ):
            return redirect("ledgers:diary", pk=pk)
    context = {"assignment": assignment, "entries": entries, "form": form, "is_author": is_author}
    return render(request, "ledgers/diary.html", context)


# ---------------------------------------------------------------- records of other apps


def _from_source(request: AuthedRequest, ref: str) -> HttpResponse:
    """Turn a record of another app (read through `core.refs`) into a ledger item: choose the
    ledger type, confirm. Doing it again opens the item made the first time."""
    source = refs.read(ref, request.user)
    if source is None or not is_editor(request.user):
        raise Http404
    existing = LedgerItem.objects.visible_to(request.user).filter(source_ref=ref).first()
    if existing is not None:
        return redirect("ledgers:item_detail", pk=existing.pk)
    types = LedgerType.objects.usable_at(source.organization).filter(restricted=False).order_by("name")
    if request.method == "POST":
        ltype = types.filter(pk=request.POST.get("ledger_type") or 0).first()
        if ltype is None:
            messages.error(request, "请选择台账类型")
        elif done := run_action(request, lambda: actions.item_from_source(request.user, ref, ltype),
                                "已转入台账，来源记录与台账事项互相关联"):  # fmt: skip
            return redirect("ledgers:item_detail", pk=done.value.pk)
    return render(request, "ledgers/from_source.html", {"source": source, "types": types})


def from_meeting_issue(request: AuthedRequest, issue_id: int) -> HttpResponse:
    """An issue raised at a meeting (the meeting page links here) becomes a ledger item."""
    return _from_source(request, refs.ref("meetings.issue", issue_id))


def from_duty_entry(request: AuthedRequest, entry_id: int) -> HttpResponse:
    """A matter referred on duty (the duty log links here) becomes a ledger item."""
    return _from_source(request, refs.ref("duty.dutyentry", entry_id))

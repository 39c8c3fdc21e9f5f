"""Ledger pages: thin — parse, authorize, call one action, render."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.htmx import render_page
from jiceng.core.pdf import pdf_response
from jiceng.organizations.models import Organization

from . import actions, exports, forms, households, rules, stats
from .defaults import standard_workflow
from .filters import PHASES, ItemFilter
from .models import (
    CalendarDay,
    DiaryEntry,
    Grid,
    Household,
    LedgerItem,
    LedgerType,
    LiaisonAssignment,
    Visit,
    is_editor,
    is_officer,
)

PAGE_SIZE = 50


def _run(request: HttpRequest, action: Callable[[], Any], done: str) -> Any:
    """Run one action; a refusal shows its Chinese message (outside the subtree it is a 404)."""
    try:
        result = action()
    except AccessDenied as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, done)
    return result


def _org(request: AuthedRequest) -> Organization:
    org = user_org(request.user)
    if org is None:
        raise Http404
    return org


def _posted_org(request: HttpRequest) -> None:
    """A form naming an organization outside the user's subtree is a 404, not a form error."""
    value = request.POST.get("organization")
    if request.method == "POST" and value:
        try:
            visible = Organization.objects.visible_to(request.user).filter(pk=int(value)).exists()
        except ValueError:
            return
        if not visible:
            raise Http404


def _filtered(request: AuthedRequest) -> tuple[ItemFilter, Any]:
    flt = ItemFilter.from_query(request.GET, request.user)
    items = flt.apply(LedgerItem.objects.visible_to(request.user), request.user, timezone.localdate())
    return flt, items


# ---------------------------------------------------------------- items


def index(request: AuthedRequest) -> HttpResponse:
    """The item list: filters, newest first; pages without a total count (fast at 500 000 rows)."""
    org = _org(request)
    flt, items = _filtered(request)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    offset = (number - 1) * PAGE_SIZE
    rows = list(
        items.select_related("ledger_type", "organization", "assignee").order_by("-collected_on", "-id")[
            offset : offset + PAGE_SIZE + 1
        ]
    )
    context = {
        "rows": rows[:PAGE_SIZE], "has_next": len(rows) > PAGE_SIZE, "number": number, "flt": flt,
        "types": forms.usable_types(request.user), "orgs": forms.item_orgs(request.user).exclude(pk=org.pk)[:500],
        "phases": PHASES, "today": timezone.localdate(), "can_edit": is_editor(request.user),
        "is_officer": is_officer(request.user),
    }  # fmt: skip
    return render_page(request, "ledgers/index.html", context, partial="results")


def export_xlsx(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    flt, items = _filtered(request)
    items = items.select_related("ledger_type", "organization", "assignee").order_by("collected_on", "id")
    scope = flt.org.name if flt.org else org.name
    title = exports.title_for(flt.ledger_type, scope)
    content = exports.workbook(title, flt.ledger_type, items.iterator(chunk_size=2000))
    return exports.xlsx_response(f"{title}-{timezone.localdate():%Y%m%d}.xlsx", content)


def export_pdf(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    flt, items = _filtered(request)
    rows = list(items.select_related("ledger_type", "organization", "assignee").order_by("collected_on", "id")[:2000])
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
    _posted_org(request)
    initial = request.GET.dict()  # the form reloaded on a type change (htmx) keeps what was typed
    form = forms.ItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.item_data()
        try:
            item = actions.create_item(request.user, **data)
        except AccessDenied as exc:
            raise Http404 from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已登记")
            return redirect("ledgers:item_detail", pk=item.pk)
    return render(request, "ledgers/form.html", {"form": form, "title": "登记台账事项"})


def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(
        LedgerItem.objects.select_related("ledger_type", "organization", "assignee", "grid", "household", "visit"),
        request.user,
        pk=pk,
    )
    flow = item.ledger_type.flow
    roles = actions.actor_roles(request.user, item)
    moves = [m for m in flow.moves_from(item.status) if roles & m.roles]
    context = {
        "item": item, "flow": flow, "moves": moves, "move_form": forms.MoveForm(item=item),
        "events": [(e, flow.label(e.to_state) if e.kind == "move" else "") for e in item.events.all()],
        "today": timezone.localdate(), "can_publish": is_editor(request.user),
        "publish_form": forms.PublishForm(), "needs": {m.target: sorted(m.requires) for m in moves},
        "extra": [(f["label"], item.extra.get(f["key"], "")) for f in item.ledger_type.fields],
        "can_edit": bool(roles - {"member"}), "meeting_issue": _meeting_issue(request, item),
    }  # fmt: skip
    return render(request, "ledgers/detail.html", context)


def _meeting_issue(request: AuthedRequest, item: LedgerItem) -> Any:
    """The meeting issue this item came from, when the user may see it (the link back)."""
    prefix, ref = "meetings.issue:", item.source_ref or ""
    if not ref.startswith(prefix) or not ref[len(prefix) :].isdigit():
        return None
    from jiceng.meetings.models import Issue

    issue_id = int(ref[len(prefix) :])
    return Issue.objects.visible_to(request.user).select_related("meeting").filter(pk=issue_id).first()


def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct an item's description, category, names, measures and extra fields (not its state)."""
    item = get_visible_or_404(LedgerItem.objects.select_related("ledger_type"), request.user, pk=pk)
    if not actions.actor_roles(request.user, item) - {"member"}:
        raise Http404
    form = forms.ItemEditForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_item(request.user, item, **form.item_data())
        except AccessDenied as exc:
            raise Http404 from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("ledgers:item_detail", pk=pk)
    return render(request, "ledgers/form.html", {"form": form, "title": f"修改事项：{item.ledger_type.name}"})


@require_POST
def item_move(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(LedgerItem.objects.select_related("ledger_type"), request.user, pk=pk)
    form = forms.MoveForm(request.POST, item=item)
    if not form.is_valid():
        messages.error(request, "办理信息不完整")
        return redirect("ledgers:item_detail", pk=pk)
    d = form.cleaned_data
    _run(request, lambda: actions.move_item(request.user, item, d["target"], assignee=d["assignee"],
                                            resolution=d["resolution"], note=d["note"],
                                            measures=d["measures"] or None), "已办理")  # fmt: skip
    return redirect("ledgers:item_detail", pk=pk)


@require_POST
def item_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(LedgerItem.objects.select_related("household"), request.user, pk=pk)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        _run(request, lambda: actions.publish_item(request.user, item, form.cleaned_data["summary"]), "已公开")
    else:
        messages.error(request, "请填写公开内容")
    return redirect("ledgers:item_detail", pk=pk)


@require_POST
def item_unpublish(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(LedgerItem.objects.all(), request.user, pk=pk)
    _run(request, lambda: actions.unpublish_item(request.user, item), "已撤回公开")
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
    """A village's public page: resolved items chosen for publication, no personal data."""
    org = Organization.objects.filter(pk=org_id, is_village_level=True, dissolved_on__isnull=True).first()
    if org is None:
        raise Http404
    items = (
        LedgerItem.objects.published()
        .filter(organization=org)
        .select_related("ledger_type")
        .only("ledger_type__name", "category", "public_summary", "measures", "resolved_on", "published_on")
        .order_by("-resolved_on", "-id")[:200]
    )
    return render(request, "ledgers/public.html", {"org": org, "items": items})


# ---------------------------------------------------------------- ledger types and calendar


def types(request: AuthedRequest) -> HttpResponse:
    org = _org(request)
    rows = LedgerType.objects.visible_to(request.user).select_related("owner").order_by("owner__path", "pk")
    return render(request, "ledgers/types.html", {"rows": rows, "org": org, "is_officer": is_officer(request.user)})


def type_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ltype = get_visible_or_404(LedgerType.objects.select_related("owner"), request.user, pk=pk)
    can_edit = ltype.owner is not None and is_officer(request.user) and ltype.owner.path.startswith(_org(request).path)
    context = {"ltype": ltype, "flow": ltype.flow, "can_edit": can_edit, "is_officer": is_officer(request.user),
               "workflow_json": json.dumps(ltype.workflow, ensure_ascii=False, indent=1)}  # fmt: skip
    return render(request, "ledgers/type_detail.html", context)


@require_POST
def type_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    ltype = get_visible_or_404(LedgerType.objects.all(), request.user, pk=pk)
    made = _run(request, lambda: actions.copy_type(request.user, ltype, _org(request)), "已复制为本单位的台账类型")
    return redirect("ledgers:type_detail", pk=made.pk if made else pk)


def type_create(request: AuthedRequest) -> HttpResponse:
    if not is_officer(request.user):
        raise Http404
    initial = {"workflow": json.dumps(standard_workflow(), ensure_ascii=False, indent=1), "fields_json": "[]"}
    form = forms.TypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_type(request.user, _org(request), code=form.cleaned_data["code"], **form.type_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已新增台账类型")
            return redirect("ledgers:type_detail", pk=made.pk)
    return render(request, "ledgers/form.html", {"form": form, "title": "新增台账类型"})


def type_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    ltype = get_visible_or_404(LedgerType.objects.select_related("owner"), request.user, pk=pk)
    if ltype.owner is None or not is_officer(request.user) or not ltype.owner.path.startswith(_org(request).path):
        raise Http404
    form = forms.TypeForm(request.POST or None, initial=forms.TypeForm.initial_for(ltype))
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_type(request.user, ltype, **form.type_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("ledgers:type_detail", pk=ltype.pk)
    return render(request, "ledgers/form.html", {"form": form, "title": f"修改：{ltype.name}"})


def calendar(request: AuthedRequest) -> HttpResponse:
    _org(request)
    form = forms.CalendarForm(request.POST or None)
    if request.method == "POST":
        if str(request.user.role) != "county_officer":
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            _run(request, lambda: actions.set_calendar_day(request.user, d["day"], is_workday=d["is_workday"],
                                                           name=d["name"]), "已保存")  # fmt: skip
            return redirect("ledgers:calendar")
    days = CalendarDay.objects.filter(day__year__gte=timezone.localdate().year - 1)
    can_edit = str(request.user.role) == "county_officer"
    return render(request, "ledgers/calendar.html", {"form": form, "days": days, "can_edit": can_edit})


# ---------------------------------------------------------------- grids, households, visits


def grids(request: AuthedRequest) -> HttpResponse:
    _org(request)
    form = forms.GridForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not is_editor(request.user):
            raise Http404
        _posted_org(request)
        if form.is_valid():
            d = dict(form.cleaned_data)
            org = d.pop("organization")
            made = _run(request, lambda: actions.create_grid(request.user, org, **d), "已新增网格")
            if made:
                return redirect("ledgers:grid_detail", pk=made.pk)
    rows = Grid.objects.visible_to(request.user).select_related("organization")[:1000]
    return render(request, "ledgers/grids.html", {"rows": rows, "form": form, "can_edit": is_editor(request.user)})


def grid_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    grid = get_visible_or_404(Grid.objects.select_related("organization"), request.user, pk=pk)
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST":
        if not is_editor(request.user):
            raise Http404
        if form.is_valid():
            _run(request, lambda: actions.add_household(request.user, grid, **form.cleaned_data), "已添加农户")
            return redirect("ledgers:grid_detail", pk=pk)
    households = Household.objects.visible_to(request.user).filter(grid=grid)
    visits = Visit.objects.visible_to(request.user).filter(grid=grid)[:50]
    context = {"grid": grid, "households": households, "visits": visits, "form": form,
               "can_edit": is_editor(request.user)}  # fmt: skip
    return render(request, "ledgers/grid_detail.html", context)


def grid_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Households of a grid from Excel: every row checked first; all saved, or none."""
    grid = get_visible_or_404(Grid.objects.select_related("organization"), request.user, pk=pk)
    if not is_editor(request.user):
        raise Http404
    form = forms.HouseholdImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows, errors = households.parse(households.read_rows(form.cleaned_data["file"]))
        except Exception:  # calamine raises several types for files that are not workbooks
            errors = ["无法读取该文件，请上传 .xlsx 格式的表格"]
        if not errors:
            made = _run(request, lambda: actions.import_households(request.user, grid, rows), f"已导入 {len(rows)} 户")
            if made is not None:
                return redirect("ledgers:grid_detail", pk=pk)
    context = {"grid": grid, "form": form, "errors": errors, "columns": list(households.COLUMNS)}
    return render(request, "ledgers/household_import.html", context)


def visits(request: AuthedRequest) -> HttpResponse:
    _org(request)
    rows = Visit.objects.visible_to(request.user).select_related("organization", "visitor")[:200]
    return render(request, "ledgers/visits.html", {"rows": rows, "can_edit": is_editor(request.user)})


def visit_create(request: AuthedRequest) -> HttpResponse:
    """Record a 五访五问 visit on a phone; what was found may become a ledger item at once."""
    if not is_editor(request.user):
        raise Http404
    _posted_org(request)
    form = forms.VisitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        entries = []
        if d["item_type"]:
            entries = [{"ledger_type": d["item_type"], "description": d["item_description"],
                        "category": d["item_category"]}]  # fmt: skip
        try:
            _visit, made = actions.record_visit(
                request.user, organization=d["organization"], kind=d["kind"], visited_on=d["visited_on"],
                visitee=d["visitee"], findings=d["findings"], household=d["household"], items=entries,
            )  # fmt: skip
        except AccessDenied as exc:
            raise Http404 from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if made:
                messages.success(request, "已记录走访，并登记台账事项")
                return redirect("ledgers:item_detail", pk=made[0].pk)
            messages.success(request, "已记录走访")
            return redirect("ledgers:visits")
    return render(request, "ledgers/form.html", {"form": form, "title": "记录走访（五访五问）"})


# ---------------------------------------------------------------- liaison and diary


def liaisons(request: AuthedRequest) -> HttpResponse:
    """包村联系 and the compliance view: visits this week/month against each quota."""
    _org(request)
    form = forms.LiaisonForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not is_officer(request.user):
            raise Http404
        _posted_org(request)
        if form.is_valid():
            d = form.cleaned_data
            _run(request, lambda: actions.assign_liaison(
                request.user, user=d["user"], organization=d["organization"], kind=d["kind"], level=d["level"],
                start_on=d["start_on"], quota_count=d["quota_count"], quota_period=d["quota_period"] or None,
            ), "已安排包村联系")  # fmt: skip
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
        _run(request, lambda: actions.end_liaison(request.user, assignment, end_on), "已结束包村联系")
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
        if form.is_valid():
            _run(request, lambda: actions.write_diary(request.user, assignment, **form.cleaned_data), "已记录")
            return redirect("ledgers:diary", pk=pk)
    context = {"assignment": assignment, "entries": entries, "form": form, "is_author": is_author}
    return render(request, "ledgers/diary.html", context)


def from_meeting_issue(request: AuthedRequest, issue_id: int) -> HttpResponse:
    """Turn an issue raised at a meeting into a ledger item (choose the ledger type, confirm)."""
    from jiceng.meetings.models import Issue

    issue = get_visible_or_404(Issue.objects.select_related("meeting", "organization"), request.user, pk=issue_id)
    if not is_editor(request.user):
        raise Http404
    if issue.ledger_ref:
        return redirect("ledgers:item_detail", pk=int(issue.ledger_ref))
    org = issue.organization or issue.meeting.organization
    types = LedgerType.objects.usable_at(org).filter(restricted=False).order_by("name")
    if request.method == "POST":
        ltype = types.filter(pk=request.POST.get("ledger_type") or 0).first()
        if ltype is None:
            messages.error(request, "请选择台账类型")
        else:
            try:
                item = actions.item_from_meeting_issue(request.user, issue, ltype)
            except AccessDenied as exc:
                raise Http404 from exc
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已转入台账，会议问题与台账事项互相关联")
                return redirect("ledgers:item_detail", pk=item.pk)
    return render(request, "ledgers/from_meeting_issue.html", {"issue": issue, "org": org, "types": types})

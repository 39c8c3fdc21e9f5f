"""Development pages: the township's list (funnel, what is due), one file with its steps and
the moves allowed next (with the refusals in Chinese), the A4 checklist. Thin views."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import engine
from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.errors import DomainError
from jiceng.core.exports import workbook_response
from jiceng.core.params import int_param, page_param
from jiceng.core.pdf import pdf_response
from jiceng.core.web import run_action
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind
from jiceng.notices import queries as notice_queries
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people import picker
from jiceng.people.models import Person
from jiceng.people.rules import Category

from . import actions, flow, queries, stats
from .forms import LinkForm, MoveForm, OpenForm, ReviewForm, StatsForm, TagsForm, split_tags
from .models import File


def _file(request: AuthedRequest, pk: int) -> File:
    rows = File.objects.select_related("person", "organization", "flow")
    return get_visible_or_404(rows, request.user, pk=pk)


PAGE_SIZE = 50


def index(request: AuthedRequest) -> HttpResponse:
    """The township dashboard: the funnel, what is due or overdue this month over every open file
    of the subtree, and the files a page at a time (`?stage=`, `?due=1` for the due ones only)."""
    today = timezone.localdate()
    files = File.objects.visible_to(request.user).open()
    own = request.user.organization
    by_township = own is not None and own.depth == 1
    if by_township and own is not None:  # a county: by township (its villages are on the township's page)
        stages, villages = queries.funnel_by_child(files, own)
    else:
        stages, villages = queries.funnel(files)
    until = queries.month_end(today)
    due = queries.with_due(files, until)
    stage = request.GET.get("stage", "")
    only_due = request.GET.get("due") == "1"
    shown = due if only_due else files
    shown = shown.filter(stage=stage) if stage in flow.STAGE_OF.values() else shown
    number = page_param(request.GET.get("page"))
    offset = (number - 1) * PAGE_SIZE
    found = list(shown.select_related("person", "organization").only(*LIST_COLUMNS)
                 .order_by("org_path", "applied_on", "id")[offset : offset + PAGE_SIZE + 1])  # fmt: skip
    parsed = queries.definitions({f.flow_id for f in found})  # each version parsed once, not per row
    rows = []
    for f in found[:PAGE_SIZE]:
        definition = parsed.get(f.flow_id) or parsed[None]
        case = (f.step, f.step_on, f.reviewed_on, f.admitted_on, f.extension_months, f.clocks)
        rows.append((f, definition.label(f.step), queries.due_of(definition, case, until)))
    keep = {k: v for k, v in (("stage", stage), ("due", "1" if only_due else "")) if v}
    context = {"stages": stages, "villages": villages, "by_township": by_township, "rows": rows, "stage": stage,
               "today": today,
               "due_count": due.count(), "only_due": only_due, "number": number,
               "has_next": len(found) > PAGE_SIZE, "keep": urlencode(keep),
               "can_add": request.user.has_perm("development.add_file_to", request.user.organization)}  # fmt: skip
    return render(request, "development/index.html", context)


LIST_COLUMNS = ("id", "stage", "step", "step_on", "applied_on", "org_path", "reviewed_on", "admitted_on",
                "extension_months", "clocks", "flow_id", "person__id", "person__name", "organization__id",
                "organization__name")  # fmt: skip


def export(request: AuthedRequest) -> HttpResponse:
    """The funnel as an Excel workbook: counts by village and stage, then every open file with its
    current step and the dates that matter (what the township hands to the county)."""
    today = timezone.localdate()
    files = File.objects.visible_to(request.user).open()
    stages, villages = queries.funnel(files)
    until = queries.month_end(today)
    return workbook_response(f"发展党员{today:%Y%m%d}.xlsx", [
        ("各阶段人数", ["党组织", *[label for _, label, _ in stages], "合计"],
         [*[[name, *counts, sum(counts)] for name, counts in villages],
          ["合计", *[n for _, _, n in stages], sum(n for _, _, n in stages)]]),
        ("档案", ["姓名", "党组织", "阶段", "当前环节", "环节日期", "申请入党日期", "支部大会通过日期", "本月到期事项"],
         [[f.person.name, f.organization.name, f.get_stage_display(), f.state_label, f.step_on, f.applied_on,
           f.admitted_on, "；".join(f"{d.label} {d.due:%Y-%m-%d}" for d in queries.due_items(f, until))]
          for f in files.select_related("person", "organization", "flow").order_by("org_path", "applied_on", "id")]),
    ])  # fmt: skip


def new(request: AuthedRequest) -> HttpResponse:
    """Register a written application: find the person (a 群众 of the subtree), then the date."""
    if not request.user.has_perm("development.add_file_to", request.user.organization):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()[:20]
    people = Person.objects.visible_to(request.user).filter(category__in=actions.OPENABLE)
    found = list(people.filter(name__contains=q).order_by("name", "id")[:20]) if q else []
    pid = request.POST.get("person") or request.GET.get("person")
    chosen = people.filter(pk=int(pid)).first() if pid and str(pid).isdigit() else None
    if pid and chosen is None:
        raise Http404
    form = OpenForm(request.POST or None, initial={"person": chosen.pk if chosen else None,
                                                   "applied_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        if chosen is None:
            form.add_error(None, "请先选择申请人")
        else:
            data = form.cleaned_data
            person = chosen
            done = run_action(request, lambda: actions.open_file(request.user, person, data["applied_on"],
                              data["note"], tags=split_tags(data["tags"])), "已登记入党申请", form=form)  # fmt: skip
            if done:
                return redirect("development:detail", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "development/new.html", {"form": form, "q": q, "found": found, "chosen": chosen},
                  status=status)  # fmt: skip


FIELDS = {"activist": ["contacts"], "candidate": ["opinions"], "introduced": ["introducers"], "vetted": ["vetting"],
          "trained": ["training_days", "training_hours"], "extended": ["extension_months"]}  # fmt: skip


def _fields(target: str) -> list[str]:
    return ["on", *FIELDS.get(target, []), "note"]


def _refusal(request: AuthedRequest, file: File, move: Any, today: dt.date) -> str:
    """Why `move` cannot be taken today (guards, the 公示 or meeting step), or ""."""
    given = dict.fromkeys(move.requires, True)
    try:
        engine.check_move(request.user, file, move.target, on=today, today=today, given=given)
    except DomainError as exc:
        return exc.message
    return ""


def _members(file: File) -> Any:
    return Person.objects.filter(org_path__startswith=file.org_path, category__in=[Category.FULL,
                                 Category.PROBATIONARY]).exclude(pk=file.person_id).order_by("name")  # fmt: skip


def detail(request: AuthedRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    file = _file(request, pk)
    user, today = request.user, timezone.localdate()
    events = list(file.events())
    moves = [(m, _refusal(request, file, m, today), _fields(m.target)) for m in file.moves_for(user)]
    state = file.state_obj
    meetings: list[Meeting] = []
    linked = [r for r in engine.links(file, file.step)] if state.step else []
    if state.step == "meeting" and user.has_perm("development.change_file", file):
        meetings = list(Meeting.objects.filter(organization=file.organization, kind=Kind.PARTY_CONGRESS)
                        .order_by("-starts_at")[:20])  # fmt: skip
    notice = notice_queries.current(file, "notice") if file.reached_on("notice") else None
    move_form = (forms or {}).get("move_form") or MoveForm(members=_members(file), initial={"on": today})
    if found := picker.serve(request, move_form, page=reverse("development:detail", args=[file.pk])):
        return found
    context = {
        "file": file, "today": today, "events": events, "moves": moves, "state": state, "linked": linked,
        "clocks": engine.clock_status(file.definition, file.clocks or {}), "meetings": meetings, "notice": notice,
        "due": queries.due_items(file, queries.month_end(today)) if file.open else [],
        "can_change": user.has_perm("development.change_file", file),
        "move_form": move_form,
        "review_form": ReviewForm(initial={"on": today}), "link_form": LinkForm(),
        "contacts": list(file.contacts.all()), "introducers": list(file.introducers.all()),
        "needs_review": file.step in flow.ACTIVIST_REVIEWS + flow.PROBATION,
        "tags_form": TagsForm(initial={"tags": "、".join(file.tags or [])}),
        **(forms or {}),
    }  # fmt: skip
    return render(request, "development/detail.html", context, status=400 if forms else 200)


@require_POST
def move(request: AuthedRequest, pk: int) -> HttpResponse:
    file = _file(request, pk)
    form = MoveForm(request.POST, members=_members(file))
    if not form.is_valid():
        return detail(request, pk, {"move_form": form})
    data = dict(form.cleaned_data)
    target, on = data.pop("target"), data.pop("on")
    data["contacts"] = [p.pk for p in data["contacts"]]
    data["introducers"] = [p.pk for p in data["introducers"]]
    done = run_action(request, lambda: actions.move(request.user, file, target, on=on, **data), "已办理", form=form)
    return redirect("development:detail", pk=pk) if done else detail(request, pk, {"move_form": form})


@require_POST
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    file = _file(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, {"review_form": form})
    data = form.cleaned_data
    done = run_action(request, lambda: actions.record_review(request.user, file, data["on"], data["text"]),
                      "已记录考察", form=form)  # fmt: skip
    return redirect("development:detail", pk=pk) if done else detail(request, pk, {"review_form": form})


@require_POST
def link(request: AuthedRequest, pk: int) -> HttpResponse:
    file = _file(request, pk)
    form = LinkForm(request.POST)
    meeting = None
    if form.is_valid():
        meeting = Meeting.objects.visible_to(request.user).filter(pk=form.cleaned_data["meeting"]).first()
    if meeting is None:
        form.add_error(None, "请选择本支部召开的党员大会")
        return detail(request, pk, {"link_form": form})
    done = run_action(request, lambda: actions.link_meeting(request.user, file, meeting), "已关联支部大会",
                      form=form)  # fmt: skip
    return redirect("development:detail", pk=pk) if done else detail(request, pk, {"link_form": form})


def checklist_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    file = _file(request, pk)
    events = list(file.events())
    reached = {}
    for event in events:
        if event.to_state:
            reached[event.to_state] = event
    steps = [(key, label, reached.get(key)) for key, label, _ in flow.STEPS if key not in ("revoked", "stopped")
             or key in reached]  # fmt: skip
    context = {"file": file, "steps": steps, "events": events, "today": timezone.localdate(),
               "contacts": list(file.contacts.all()), "introducers": list(file.introducers.all()),
               "url": request.build_absolute_uri(reverse("development:detail", args=[pk]))}  # fmt: skip
    return pdf_response(request, "development/pdf/checklist.html", context, f"{file.person.name}发展党员档案.pdf")


@require_POST
def tags(request: AuthedRequest, pk: int) -> HttpResponse:
    file = _file(request, pk)
    form = TagsForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, {"tags_form": form})
    done = run_action(request, lambda: actions.set_tags(request.user, file, form.tag_list()), "已保存来源标签",
                      form=form)  # fmt: skip
    return redirect("development:detail", pk=pk) if done else detail(request, pk, {"tags_form": form})


def _stats_period(request: AuthedRequest) -> tuple[StatsForm, dt.date, dt.date]:
    today = timezone.localdate()
    form = StatsForm(request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today})
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, today.replace(month=1, day=1), today


# What the statistics page offers to narrow to: townships and village-level organizations.
STATS_KINDS = (OrgKind.TOWNSHIP_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.COOP_BRANCH,
               OrgKind.REMOTE_BRANCH)  # fmt: skip


def stats_page(request: AuthedRequest) -> HttpResponse:
    """Developed in a period (the user's subtree): by age, sex, education, ethnicity, source tag,
    and the median stage durations; `?format=xlsx` downloads the same figures."""
    form, start, end = _stats_period(request)
    files = File.objects.visible_to(request.user)
    org = None
    if request.GET.get("org"):  # one township or village of the user's scope (404 outside it)
        org = get_visible_or_404(Organization.objects.all(), request.user, pk=int_param(request.GET["org"]))
        files = files.filter(org_path__startswith=org.path)
    figures = stats.developed(files, start, end)
    durations = [(label, figures["durations"][key]) for key, label in stats.DURATIONS]
    if request.GET.get("format") == "xlsx" and form.is_bound and form.is_valid():
        tables = [("年龄", figures["age"]), ("性别", figures["sex"]), ("学历", figures["education"]),
                  ("民族", figures["ethnicity"]), ("来源", figures["tags"])]  # fmt: skip
        return workbook_response(f"{org.name if org else ''}发展党员统计{start:%Y%m%d}-{end:%Y%m%d}.xlsx", [
            ("发展党员统计", ["项目", "分类", "人数"],
             [["合计", "", figures["total"]], ["少数民族", "", figures["minority"]],
              *[[title, name, n] for title, rows in tables for name, n in rows.items()]]),
            ("各阶段用时", ["阶段", "中位数（天）"], [[label, days] for label, days in durations]),
        ])  # fmt: skip
    status = 400 if form.is_bound and not form.is_valid() else 200
    orgs = Organization.objects.visible_to(request.user).filter(kind__in=STATS_KINDS).order_by("path")
    context = {"form": form, "start": start, "end": end, "figures": figures, "durations": durations,
               "query": request.GET.urlencode(), "org": org,
               "orgs": list(orgs.only("id", "name", "depth")[:1000])}  # fmt: skip
    return render(request, "development/stats.html", context, status=status)


def _plan_year(request: AuthedRequest) -> int:
    today = timezone.localdate()
    year = int_param(request.GET.get("year") or request.POST.get("year"), lo=2000, hi=today.year + 1)
    return year if year is not None else today.year


def plan(request: AuthedRequest) -> HttpResponse:
    """Each village's yearly development plan against the members developed (seed 004)."""
    own = request.user.organization
    if own is None:
        raise Http404
    year = _plan_year(request)
    rows = stats.plan_rows(own, year, File.objects.visible_to(request.user))
    if request.GET.get("format") == "xlsx":
        return workbook_response(f"{own.name}{year}年发展党员计划.xlsx", [
            ("发展党员计划", ["村党组织", "计划发展人数", "已发展（预备党员）", "尚差", "在册发展对象"],
             [[r.org.name, r.planned, r.developed, r.short, r.candidates] for r in rows]),
        ])  # fmt: skip
    context = {"rows": rows, "year": year, "own": own, "can_set": request.user.has_perm("development.set_plan", own),
               "planned": sum(r.planned or 0 for r in rows), "developed": sum(r.developed for r in rows),
               "without": sum(1 for r in rows if r.planned is None)}  # fmt: skip
    return render(request, "development/plan.html", context)


@require_POST
def set_plan(request: AuthedRequest) -> HttpResponse:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=request.POST.get("org"))
    year = _plan_year(request)
    planned = int_param(request.POST.get("planned"))
    if planned is None:
        messages.error(request, "计划发展人数请填写整数")
    else:
        run_action(request, lambda: actions.set_plan(request.user, org, year, planned), f"已保存{org.name}的计划")
    return redirect(f"{reverse('development:plan')}?year={year}")

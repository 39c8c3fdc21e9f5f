"""Meeting pages: list, new/record, detail with its forms, notices, PDFs, issues, compliance."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from jiceng.accounts.forms import picker_label
from jiceng.accounts.models import User
from jiceng.core.access import AuthedRequest, get_visible_or_404, in_user_subtree
from jiceng.core.calendar import load_calendar
from jiceng.core.errors import DomainError
from jiceng.core.exports import xlsx_response
from jiceng.core.htmx import render_page
from jiceng.core.params import int_param
from jiceng.core.pdf import pdf_response
from jiceng.core.web import run_action
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, exports, rules, services
from .forms import (
    ATTENDANCE_MODES,
    RECORDABLE,
    AttachmentForm,
    DecisionForm,
    EditForm,
    IssueForm,
    LeaveForm,
    MeetingForm,
    ReportForm,
    RequirementForm,
    ResolveForm,
    TownshipRuleForm,
    VoteForm,
    recordable,
)
from .models import Attachment, Attendance, ComplianceRule, Decision, Issue, LeaveRequest, Meeting, Notice, TownshipRule
from .rules import Kind, Presence, Status

PAGE_SIZE = 30


def _meetings(request: AuthedRequest) -> Any:
    return Meeting.objects.visible_to(request.user).select_related("organization")


def _meeting(request: AuthedRequest, pk: int) -> Meeting:
    return get_visible_or_404(_meetings(request), request.user, pk=pk)


def _org(request: AuthedRequest, org_id: int) -> Organization:
    return get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)


def _filtered(request: AuthedRequest) -> tuple[Any, dict[str, str]]:
    qs = _meetings(request)
    flt = {k: request.GET.get(k, "").strip() for k in ("kind", "status", "year", "org")}
    if flt["kind"] in Kind.values:
        qs = qs.filter(kind=flt["kind"])
    if flt["status"] in Status.values:
        qs = qs.filter(status=flt["status"])
    if year := int_param(flt["year"], lo=2000, hi=2100):
        qs = qs.filter(held_on__year=year)
    if org_id := int_param(flt["org"]):
        org = Organization.objects.visible_to(request.user).filter(pk=org_id).first()
        qs = qs.filter(org_path__startswith=org.path) if org else qs.none()
    return qs.order_by("-starts_at", "-pk"), flt


def index(request: AuthedRequest) -> HttpResponse:
    qs, flt = _filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    own = request.user.organization
    context = {
        "page": page, "flt": flt, "kinds": Kind.choices, "statuses": Status.choices, "own": own,
        "can_add": own is not None and request.user.has_perm("meetings.add_meeting_to", own),
        "unread": Notice.objects.for_user(request.user).filter(read_at__isnull=True).count(),
        "overdue": Issue.objects.visible_to(request.user).overdue(timezone.localdate()).count(),
    }  # fmt: skip
    return render_page(request, "meetings/index.html", context, partial="results")


def export(request: AuthedRequest) -> HttpResponse:
    qs, _ = _filtered(request)
    qs = qs.annotate(
        invited=Count("attendances"), came=Count("attendances", filter=Q(attendances__presence__in=rules.ATTENDED))
    )
    rows = ([m.held_on, m.get_kind_display(), m.organization.name, m.theme, m.place, m.get_status_display(),
             m.invited, m.came, m.entry_gap_days] for m in qs[:20000])  # fmt: skip
    headers = ["召开日期", "会议类别", "召集组织", "会议主题", "地点", "状态", "应到", "实到", "录入滞后天数"]
    return xlsx_response(f"会议记录-{timezone.localdate():%Y%m%d}.xlsx", "会议记录", headers, rows)


# --- new / record -------------------------------------------------------------------------------


def _initial_kind(request: AuthedRequest, org: Organization | None) -> str:
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind in Kind.values:
        return kind
    return Kind.REGULAR if org is not None and org.kind == "township_committee" else Kind.COMMITTEE


def new(request: AuthedRequest) -> HttpResponse:
    """Schedule a meeting, or record one already held with everyone's attendance on one screen."""
    own = request.user.organization
    if own is None or not request.user.can_edit_people:
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    raw_org = source.get("organization") or source.get("org") or own.pk
    org_id = int_param(raw_org)
    org = Organization.objects.visible_to(request.user).filter(pk=org_id).first() if org_id else None
    if org is None:
        raise Http404
    kind = _initial_kind(request, org)
    now = timezone.localtime()
    record = source.get("record") in ("1", "on", "true")
    areas = list(org.areas.order_by("name")) if kind == Kind.AREA else []
    raw_area = source.get("area", "")
    area = next((a for a in areas if str(a.pk) == raw_area), areas[0] if areas else None)
    invitees = services.default_invitees(org, kind, now.date(), area)
    rule = services.rule_for(org)
    lead_days = rule.notice_lead_days if rule else rules.NOTICE_LEAD_DAYS
    presences = recordable(kind)
    mode = request.POST.get("attendance_mode", "all_present")
    chosen = _chosen_presences(request, invitees, kind) if request.method == "POST" else {}
    if request.method == "POST":
        form = MeetingForm(request.POST, user=request.user)
        saved = (
            run_action(request, lambda: _save_new(request, form, org, chosen, record, area))
            if form.is_valid()
            else None
        )
        if saved:
            meeting = saved.value
            messages.success(request, "会议已记录" if meeting.is_held else "会议已安排")
            if not record and request.POST.get("notify") == "1" and meeting.attendances.exists():
                messages.info(request, _notify(request, meeting))  # seed 004: scheduling sends the notice
            return redirect("meetings:detail", pk=meeting.pk)
    else:
        calendar = load_calendar(org.path)
        starts = rules.default_start(now, calendar.is_business_day, held=record, lead_days=lead_days)
        theme = rules.default_report_theme(starts.month) if kind in rules.REPORTING_KINDS else ""
        initial = {"organization": org.pk, "kind": kind, "starts_at": starts, "report_theme": theme}
        form = MeetingForm(initial=initial, user=request.user)
    rows = [(p, note, chosen.get(p.pk, Presence.PRESENT if request.method != "POST" else "")) for p, note in invitees]
    exclude_away = rule.exclude_away_default if rule else True
    seats = [rules.Seat(services.seat_defaults(p, kind)["voting"], value or Presence.ABSENT, bool(p.is_mobile))
             for p, _, value in rows]  # fmt: skip
    context = {"form": form, "org": org, "kind": kind, "record": record, "invitees": invitees, "areas": areas,
               "area": area, "rows": rows, "modes": ATTENDANCE_MODES, "mode": mode, "exclude_away": exclude_away,
               "quorum": rules.quorum(seats, exclude_away, kind) if kind in rules.QUORUM_KINDS else None,
               "presences": presences, "rule": rule, "lead_days": lead_days}  # fmt: skip
    return render_page(request, "meetings/form.html", context, partial="invitees")


def _chosen_presences(request: AuthedRequest, invitees: list[Any], kind: str) -> dict[int, str]:
    """Each invitee's presence from the record form: the person's choice, else the mode's
    (全部出席 → present; 全部缺席 and 按名单勾选 → absent: on the list one ticks who came)."""
    valid = {v for v, _ in recordable(kind)}
    mode = request.POST.get("attendance_mode", "all_present")
    fallback = Presence.PRESENT if mode == "all_present" else Presence.ABSENT
    out = {}
    for person, _ in invitees:
        value = request.POST.get(f"p{person.pk}", fallback)
        out[person.pk] = value if value in valid else Presence.ABSENT
    return out


def _save_new(
    request: AuthedRequest, form: MeetingForm, org: Organization, presences: dict[int, str], record: bool, area: Any
) -> Meeting:
    data = {**form.meeting_data(), "area": area}
    if not record:
        return actions.schedule_meeting(request.user, organization=org, **data)
    decisions = form.cleaned_data["decisions"].splitlines()
    return actions.record_meeting(request.user, organization=org, presences=presences,
                                  minutes=form.cleaned_data["minutes"], decisions=decisions, **data)  # fmt: skip


# --- detail ------------------------------------------------------------------------------------


def _villages(meeting: Meeting) -> list[tuple[int, str]]:
    orgs = Organization.objects.filter(path__startswith=meeting.org_path, is_village_level=True).active()
    if meeting.organization.is_village_level:
        orgs = Organization.objects.filter(pk=meeting.organization_id)
    return [(o.pk, o.name) for o in orgs.order_by("name")[:500]]


def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_visible_or_404(_meetings(request).select_related("created_by__person", "area"), request.user, pk=pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def _detail_context(request: AuthedRequest, meeting: Meeting, edit_form: EditForm | None = None,
                    minutes: str | None = None) -> dict[str, Any]:  # fmt: skip
    """The meeting page; after a refused save it keeps what was typed (`edit_form`, `minutes`)."""
    attendances = list(meeting.attendances.select_related(
        "person", "person__organization", "leave", "leave__requested_by__person", "leave__decided_by__person"
    ))  # fmt: skip
    notices = list(meeting.notices.select_related("organization", "person"))
    today = timezone.localdate()
    villages = _villages(meeting) if meeting.has_reports else []
    can_change = request.user.has_perm("meetings.change_meeting", meeting)
    days_left = (meeting.held_on - today).days
    context = {
        "meeting": meeting, "attendances": attendances, "quorum": services.quorum_of(meeting, attendances),
        "decisions": list(meeting.decisions.all()), "reports": list(meeting.reports.select_related("organization")),
        "issues": list(meeting.issues.select_related("organization")), "carried": services.carried_over(meeting),
        "attachments": list(meeting.attachments.all()), "today": today, "can_change": can_change,
        "can_decide": request.user.has_perm("meetings.decide_leave", meeting),
        "approver": services.leave_approver(meeting.organization)
        if any(getattr(a, "leave", None) and a.leave.status == "pending" for a in attendances) else None,
        "editable": can_change and meeting.status != Status.CANCELLED,
        "scheduled": meeting.status == Status.SCHEDULED, "presences": RECORDABLE,
        "counts": _counts(attendances), "days_left": days_left,
        "short_notice": meeting.status == Status.SCHEDULED and meeting.notice_sent_at is None
        and 0 <= days_left < meeting.notice_lead_days,
        "edit_form": edit_form or _edit_form(meeting),
        "hold_minutes": meeting.minutes if minutes is None else minutes,
        "notice_confirm": _notice_confirm(meeting, days_left),
        "decision_form": DecisionForm(), "vote_form": VoteForm(), "resolve_form": ResolveForm(),
        "report_form": ReportForm(villages=villages, initial={"organization": None}),
        "issue_form": IssueForm(villages=villages), "attachment_form": AttachmentForm(),
        "notices": [n for n in notices if not n.person_id],
        "personal_notices": [n for n in notices if n.person_id],
        "events": list(meeting.events()), "entered_by": meeting.entered_by if meeting.created_by_id else "",
        "candidates": _candidates(meeting, attendances) if can_change and meeting.status != Status.CANCELLED else [],
    }  # fmt: skip
    return context


def _edit_form(meeting: Meeting, data: Any = None) -> EditForm:
    initial = {f: getattr(meeting, f) for f in EditForm.base_fields}
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    form = EditForm(data, initial=initial)
    if meeting.status != Status.SCHEDULED:  # a meeting's time is editable until it is held
        del form.fields["starts_at"]
    return form


def _notice_confirm(meeting: Meeting, days_left: int) -> str:
    """The warning asked before sending a notice that is short of the township's lead days (seed 004)."""
    if meeting.status != Status.SCHEDULED or days_left >= meeting.notice_lead_days:
        return ""
    return (f"距开会仅剩 {max(days_left, 0)} 天，不足规定的 {meeting.notice_lead_days} 天，"
            "通知将记为未按时发出。仍要发出吗？")  # fmt: skip


def _candidates(meeting: Meeting, attendances: list[Attendance]) -> list[Person]:
    """People who may be added by hand (村民代表, guests from the organization): not yet invited."""
    scope = actions.invitee_scope(meeting.organization)
    invited = [a.person_id for a in attendances]
    people = Person.objects.in_subtree(scope).exclude(pk__in=invited).select_related("organization")
    return list(people.order_by("org_path", "name", "pk")[:300])


def _counts(attendances: list[Attendance]) -> dict[str, int]:
    out = {p: 0 for p in Presence.values}
    for a in attendances:
        out[a.presence] += 1
    out["total"] = len(attendances)
    out["came"] = sum(out[p] for p in rules.ATTENDED)
    return out


def _post(run: Callable[[AuthedRequest, Meeting], str | None]) -> Callable[[AuthedRequest, int], HttpResponse]:
    """POST on a meeting: visible or 404, allowed to change or 404, refusals shown as messages."""

    @require_POST
    @wraps(run)
    def view(request: AuthedRequest, pk: int) -> HttpResponse:
        meeting = _meeting(request, pk)
        if not request.user.has_perm("meetings.change_meeting", meeting):
            raise Http404
        done = run_action(request, lambda: run(request, meeting))
        if done and done.value:
            messages.success(request, done.value)
        return redirect("meetings:detail", pk=meeting.pk)

    return view


def _invalid(form: Any) -> DomainError:
    return DomainError("；".join(str(e) for errors in form.errors.values() for e in errors))


def _kept(run: Callable[[AuthedRequest, Meeting], Any]) -> Callable[[AuthedRequest, int], HttpResponse]:
    """A POST on a meeting whose refusal shows the meeting page again with what was typed (not a redirect)."""

    @require_POST
    @wraps(run)
    def view(request: AuthedRequest, pk: int) -> HttpResponse:
        meeting = _meeting(request, pk)
        if not request.user.has_perm("meetings.change_meeting", meeting):
            raise Http404
        return run(request, meeting)

    return view


@_kept
def edit(request: AuthedRequest, meeting: Meeting) -> HttpResponse:
    form = _edit_form(meeting, request.POST)

    def save() -> Meeting:
        if not form.is_valid():
            raise _invalid(form)
        data = dict(form.cleaned_data)
        if data.get("starts_at") is None:
            data.pop("starts_at", None)
        return actions.update_meeting(request.user, meeting, **data)

    before = meeting.starts_at
    if run_action(request, save, "已保存"):
        if meeting.notice_sent_at and meeting.starts_at != before:
            messages.warning(request, "会议时间已修改，请重新发出会议通知")
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting, edit_form=form), status=400)


@_post
def notify(request: AuthedRequest, meeting: Meeting) -> str:
    return _notify(request, meeting)


def _notify(request: AuthedRequest, meeting: Meeting) -> str:
    notices = actions.send_notices(request.user, meeting)
    if notices and notices[0].late:
        messages.warning(request, f"通知提前 {notices[0].lead_days} 天发出，不足规定的 {meeting.notice_lead_days} 天")
    return f"已向 {len(notices)} 个组织发出会议通知"


@_post
def attendance(request: AuthedRequest, meeting: Meeting) -> str:
    valid = {*Presence.values} - {Presence.INVITED}
    presences, away = {}, {}
    for row in meeting.attendances.all():
        value = request.POST.get(f"a{row.pk}")
        if value in valid:
            presences[row.pk] = value
        if f"a{row.pk}" in request.POST:
            away[row.pk] = request.POST.get(f"away{row.pk}") == "1"
    actions.record_attendance(request.user, meeting, presences, away)
    return "出席情况已保存"


@_post
def invite(request: AuthedRequest, meeting: Meeting) -> str:
    raw = request.POST.get("person", "")
    person_id = int_param(raw)
    person = Person.objects.visible_to(request.user).filter(pk=person_id).first() if person_id else None
    if person is None:
        raise DomainError("请选择人员")
    actions.add_invitee(request.user, meeting, person)
    return f"已邀请{person.name}"


@_post
def leave(request: AuthedRequest, meeting: Meeting) -> str:
    form = LeaveForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    row = meeting.attendances.filter(pk=form.cleaned_data["attendance"]).first()
    if row is None:
        raise DomainError("参会人员不属于本次会议")
    actions.request_leave(request.user, row, form.cleaned_data["reason"])
    return "请假申请已登记，等待审批"


@require_POST
def leave_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    leave_request = _leave(request, pk)
    meeting = leave_request.attendance.meeting
    if not request.user.has_perm("meetings.decide_leave", meeting):
        raise Http404
    approve = request.POST.get("approve") == "1"
    run_action(request, lambda: actions.decide_leave(request.user, leave_request, approve=approve),
               "已批准请假" if approve else "已记录不批准")  # fmt: skip
    return redirect("meetings:detail", pk=meeting.pk)


def _leave(request: AuthedRequest, pk: int) -> LeaveRequest:
    org = request.user.organization
    if org is None:
        raise Http404
    found = LeaveRequest.objects.select_related("attendance__meeting__organization").filter(
        pk=pk, attendance__meeting__org_path__startswith=org.path
    )
    leave_request = found.first()
    if leave_request is None:
        raise Http404
    return leave_request


@_kept
def hold(request: AuthedRequest, meeting: Meeting) -> HttpResponse:
    minutes = request.POST.get("minutes", "")
    if run_action(request, lambda: actions.hold_meeting(request.user, meeting, minutes=minutes), "会议已记录为召开"):
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting, minutes=minutes), status=400)


@_post
def cancel(request: AuthedRequest, meeting: Meeting) -> str:
    actions.cancel_meeting(request.user, meeting)
    return "会议已取消"


@_post
def decision(request: AuthedRequest, meeting: Meeting) -> str:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    actions.add_decision(request.user, meeting, form.cleaned_data["text"])
    return "决定事项已添加"


@require_POST
def vote(request: AuthedRequest, pk: int) -> HttpResponse:
    org = request.user.organization
    found = Decision.objects.select_related("meeting__organization").filter(
        pk=pk, meeting__org_path__startswith=org.path if org else "\0"
    )
    item = found.first()
    if item is None or not request.user.has_perm("meetings.change_meeting", item.meeting):
        raise Http404
    form = VoteForm(request.POST)
    if run_action(request, lambda: _record_vote(request, item, form)):
        messages.success(request, "表决结果已记录：" + ("通过" if item.passed else "未通过"))
    return redirect("meetings:detail", pk=item.meeting_id)


def _record_vote(request: AuthedRequest, item: Decision, form: VoteForm) -> Decision:
    if not form.is_valid():
        raise _invalid(form)
    d = form.cleaned_data
    return actions.record_vote(request.user, item, d["votes_for"], d["votes_against"], d["votes_abstain"])


@_post
def report(request: AuthedRequest, meeting: Meeting) -> str:
    form = ReportForm(request.POST, villages=_villages(meeting))
    if not form.is_valid():
        raise _invalid(form)
    d = form.cleaned_data
    org = Organization.objects.get(pk=d["organization"])
    actions.save_report(request.user, meeting, org, d["content"], d["reporter"], d["quality"])
    return f"{org.name}的汇报已保存"


@_post
def issue(request: AuthedRequest, meeting: Meeting) -> str:
    form = IssueForm(request.POST, villages=_villages(meeting))
    if not form.is_valid():
        raise _invalid(form)
    d = form.cleaned_data
    org = Organization.objects.get(pk=d["organization"]) if d["organization"] else None
    actions.raise_issue(request.user, meeting, text=d["text"], route=d["route"], owner=d["owner"],
                        deadline=d["deadline"], organization=org)  # fmt: skip
    return "问题已登记"


@require_POST
def resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Issue.objects.select_related("meeting__organization"), request.user, pk=pk)
    if not request.user.has_perm("meetings.change_meeting", item.meeting):
        raise Http404
    form = ResolveForm(request.POST)

    def resolve_it() -> Issue:
        if not form.is_valid():
            raise _invalid(form)
        return actions.resolve_issue(request.user, item, form.cleaned_data["resolution"], form.cleaned_data["on"])

    run_action(request, resolve_it, "问题已办结")
    back = request.POST.get("next", "")
    if back == "issues":
        return redirect("meetings:issues")
    return redirect("meetings:detail", pk=item.meeting_id)


@_post
def attachment(request: AuthedRequest, meeting: Meeting) -> str:
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _invalid(form)
    actions.add_attachment(request.user, meeting, form.cleaned_data["file"], form.cleaned_data["caption"])
    return "附件已上传"


# Shown in the page (photos, scans); anything else is downloaded, never rendered on our origin.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}


def attachment_file(request: AuthedRequest, pk: int) -> FileResponse:
    """An attachment, to those who may see its meeting (never served from /media/ directly)."""
    visible = in_user_subtree(Attachment.objects.select_related("meeting"), request.user, "meeting__org_path")
    item = visible.filter(pk=pk).first()
    if item is None or not item.file:
        raise Http404
    name = (item.file.name or "").rsplit("/", 1)[-1]
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=kind not in INLINE_TYPES, filename=name,
                            content_type=kind if kind in INLINE_TYPES else "application/octet-stream")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    add_never_cache_headers(response)
    return response


# --- printing -----------------------------------------------------------------------------------


def _print_context(meeting: Meeting) -> dict[str, Any]:
    attendances = list(meeting.attendances.select_related("person", "person__organization"))
    return {"meeting": meeting, "attendances": attendances, "quorum": services.quorum_of(meeting, attendances),
            "decisions": list(meeting.decisions.all()), "reports": list(meeting.reports.select_related("organization")),
            "issues": list(meeting.issues.select_related("organization")), "carried": services.carried_over(meeting),
            "counts": _counts(attendances), "printed_on": timezone.localdate()}  # fmt: skip


def minutes_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return pdf_response(request, "meetings/pdf_minutes.html", _print_context(meeting),
                        f"会议记录-{meeting.held_on:%Y%m%d}.pdf")  # fmt: skip


def attendance_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return pdf_response(request, "meetings/pdf_attendance.html", _print_context(meeting),
                        f"签到表-{meeting.held_on:%Y%m%d}.pdf")  # fmt: skip


def notice_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return pdf_response(request, "meetings/pdf_notice.html", _print_context(meeting),
                        f"会议通知-{meeting.held_on:%Y%m%d}.pdf")  # fmt: skip


# --- notices inbox ------------------------------------------------------------------------------


def inbox(request: AuthedRequest) -> HttpResponse:
    """Notices addressed to the logged-in person and to their organization."""
    notices = (Notice.objects.for_user(request.user)
               .select_related("meeting", "meeting__organization", "organization", "person")[:200])  # fmt: skip
    return render(request, "meetings/inbox.html", {"notices": notices, "person": getattr(request.user, "person", None)})


def _notice(request: AuthedRequest, pk: int) -> Notice:
    notices = Notice.objects.for_user(request.user).select_related("meeting", "meeting__organization", "person")
    item = notices.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _notice_invitees(item: Notice) -> Any:
    """Who the notice calls: the person it is addressed to, or the organization's invitees."""
    rows = item.meeting.attendances.select_related("person", "leave")
    return rows.filter(person=item.person) if item.person_id else rows.filter(person__organization=item.organization)


def notice(request: AuthedRequest, pk: int) -> HttpResponse:
    """The notice. Opening it marks it read by a POST the page sends itself (htmx on load): a GET
    never writes, so link previews and prefetching do not mark a notice read that nobody saw."""
    item = _notice(request, pk)
    if request.method == "POST":
        actions.mark_notice_read(request.user, item)
        if getattr(request, "htmx", False):
            return render(request, "meetings/notice.html#read", {"notice": item})
        return redirect("meetings:notice", pk=item.pk)
    invitees = list(_notice_invitees(item))
    can_ask = item.meeting.status == Status.SCHEDULED and request.user.can_edit_people
    context = {"notice": item, "meeting": item.meeting, "invitees": invitees, "can_ask": can_ask}
    return render(request, "meetings/notice.html", context)


@require_POST
def notice_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    """The receiving village asks leave for one of its invitees; the township's approver decides."""
    item = _notice(request, pk)
    form = LeaveForm(request.POST)
    row = _notice_invitees(item).filter(pk=form.cleaned_data["attendance"]).first() if form.is_valid() else None
    if row is None or not request.user.has_perm("meetings.request_leave", row):
        raise Http404
    run_action(request, lambda: actions.request_leave(request.user, row, form.cleaned_data["reason"]),
               f"已为{row.person.name}提交请假申请，等待乡镇审批")  # fmt: skip
    return redirect("meetings:notice", pk=item.pk)


# --- issues ---------------------------------------------------------------------------------------


def issues(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = Issue.objects.visible_to(request.user).select_related("meeting", "organization")
    show = request.GET.get("show", "open")
    if show == "open":
        qs = qs.open()
    elif show == "overdue":
        qs = qs.overdue(today)
    items = list(qs.order_by("resolved_on", "deadline", "pk")[:500])
    if request.GET.get("format") == "xlsx":
        rows = ([i.meeting.held_on, i.organization.name if i.organization else "", i.text, i.get_route_display(),
                 i.owner, i.deadline, i.resolved_on, i.resolution, "是" if i.is_overdue(today) else ""]
                for i in items)  # fmt: skip
        headers = ["提出日期", "反映单位", "问题", "处理方式", "责任人", "办结时限", "办结日期", "办理结果", "逾期"]
        return xlsx_response(f"反映问题-{today:%Y%m%d}.xlsx", "反映问题", headers, rows)
    return render(request, "meetings/issues.html", {"items": items, "show": show, "today": today,
                                                    "resolve_form": ResolveForm()})  # fmt: skip


# --- compliance -----------------------------------------------------------------------------------


def _year(request: AuthedRequest) -> int:
    raw = request.GET.get("year", "")
    this = timezone.localdate().year
    return int_param(raw, lo=2000, hi=this + 1) or this


def compliance(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    year = _year(request)
    rows = services.compliance(org, year)
    behind = [r for r in rows if r.behind]
    # Above a township the page rolls branches up per township (each links to its own page).
    groups = services.summarize(org, rows) if org.kind in ("county_committee", "city_committee",
                                                            "province_committee") else None  # fmt: skip
    context = {"org": org, "year": year, "rows": rows, "behind": behind, "kinds": dict(Kind.choices),
               "ok_count": sum(r.ok for r in rows), "pending_count": sum(r.status == "pending" for r in rows),
               "groups": groups,
               "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
               "can_manage": request.user.has_perm("meetings.manage_rules", org)}  # fmt: skip
    context["counted_elsewhere"] = services.counted_elsewhere()
    return render(request, "meetings/compliance.html", context)


def compliance_export(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    year = _year(request)
    return exports.compliance_workbook(org, year)


def rates(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = _org(request, org_id)
    year = _year(request)
    regular = services.regular_meeting_figures(org, year) if org.kind == "township_committee" else []
    context = {"org": org, "year": year, "rows": services.attendance_rates(org, year), "regular": regular}
    return render(request, "meetings/rates.html", context)


def rules_page(request: AuthedRequest, org_id: int) -> HttpResponse:
    """A township's meeting rules (notice lead, leave approver, quorum choice) and required counts."""
    org = _org(request, org_id)
    if not request.user.has_perm("meetings.manage_rules", org) or org.kind != "township_committee":
        raise Http404
    # By name, never a read-only member account (accounts' picker).
    approvers = [(u.pk, picker_label(u)) for u in User.objects.acting_in(org.path).for_picker()[:200]]
    rule = TownshipRule.objects.filter(township=org).first()
    if request.method == "POST":
        run_action(request, lambda: _save_rules(request, org, approvers), "已保存")
        return redirect("meetings:rules", org_id=org.pk)
    initial = {"notice_lead_days": rule.notice_lead_days if rule else rules.NOTICE_LEAD_DAYS,
               "leave_approver": rule.leave_approver_id if rule else None,
               "leave_approver_title": rule.leave_approver_title if rule else "乡党委主要负责人",
               "exclude_away_default": rule.exclude_away_default if rule else True}  # fmt: skip
    context = {"org": org, "form": TownshipRuleForm(initial=initial, approvers=approvers),
               "approver": services.leave_approver(org),
               "requirement_form": RequirementForm(), "defaults": rules.DEFAULT_REQUIREMENTS,
               "local": ComplianceRule.objects.filter(organization=org).order_by("kind"),
               "kinds": dict(Kind.choices), "periods": dict(rules.Period.choices)}  # fmt: skip
    return render(request, "meetings/rules.html", context)


def _save_rules(request: AuthedRequest, org: Organization, approvers: list[tuple[int, str]]) -> None:
    if request.POST.get("form") == "requirement":
        req = RequirementForm(request.POST)
        if not req.is_valid():
            raise _invalid(req)
        d = req.cleaned_data
        actions.save_requirement(request.user, org, d["kind"], d["period"], d["required"])
        return
    form = TownshipRuleForm(request.POST, approvers=approvers)
    if not form.is_valid():
        raise _invalid(form)
    data = dict(form.cleaned_data)
    data["leave_approver"] = User.objects.get(pk=data["leave_approver"]) if data["leave_approver"] else None
    actions.save_township_rule(request.user, org, **data)

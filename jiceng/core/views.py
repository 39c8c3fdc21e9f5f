from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import actions
from .access import AuthedRequest, user_org
from .actions import FIRST_YEAR, LAST_YEAR
from .audit import ACTION_LABELS
from .calendar import ancestor_paths
from .forms import CalendarForm
from .guide import load_guide
from .models import AuditEvent, CalendarDay
from .params import date_param
from .permissions import is_county_officer
from .web import my_sections, run_action


def home(request: HttpRequest) -> HttpResponse:
    """What to do, for the person logged in: the sections apps register (core.registry)."""
    org = getattr(request.user, "organization", None)
    if org is None:
        return render(request, "core/no_org.html", status=403)
    if getattr(request.user, "role", "") == "member":  # a member's home is their own page
        return redirect("my_page")
    today = timezone.localdate()
    context = {"org": org, "today": today, "sections": my_sections(request, today)}
    return render(request, "core/home.html", context)


@login_not_required
def help_page(request: HttpRequest) -> HttpResponse:
    """The user guide, readable before logging in too (the login page links it)."""
    return render(request, "core/help.html", {"guide": load_guide()})


def audit_log(request: AuthedRequest) -> HttpResponse:
    """The audit trail of the officer's subtree, newest first."""
    if not getattr(request.user, "is_officer", False):
        raise Http404
    events = AuditEvent.objects.visible_to(request.user)
    action = request.GET.get("action", "")
    if action in ACTION_LABELS:
        events = events.filter(action=action)
    if since := date_param(request.GET.get("since")):
        events = events.filter(at__date__gte=since)
    if text := request.GET.get("q", "").strip():
        events = events.filter(object_repr__contains=text)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "actions": ACTION_LABELS, "action": action})


def _year(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def calendar(request: AuthedRequest) -> HttpResponse:
    """The business calendar that applies to the user: the shipped days and the county's own.

    County officers add or override days for their county (its whole subtree); everyone else reads.
    """
    org = user_org(request.user)
    if org is None:
        raise Http404
    can_edit = bool(is_county_officer(request.user))
    form = CalendarForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            save = lambda: actions.set_calendar_day(  # noqa: E731
                request.user, d["day"], is_workday=d["is_workday"], name=d["name"]
            )
            if run_action(request, save, "已保存", form=form):
                return redirect(f"{reverse('calendar')}?year={d['day'].year}")
    year = _year(request.GET.get("year"), timezone.localdate().year)
    context = {"form": form, "can_edit": can_edit, "year": year, "rows": calendar_rows(str(org.path), year),
               "own_scope": str(org.path) if can_edit else None, "years": [year - 1, year, year + 1]}  # fmt: skip
    return render(request, "core/calendar.html", context)


def calendar_rows(path: str, year: int) -> list[dict[str, object]]:
    """The days that apply to `path` in `year`: a county's entry replaces the shipped one."""
    scopes = ["", *ancestor_paths(path)]
    rows = CalendarDay.objects.filter(scope__in=scopes, day__year=year)
    by_day: dict[object, dict[str, object]] = {}
    for entry in sorted(rows, key=lambda e: (e.day, len(e.scope))):
        shipped = by_day.get(entry.day, {}).get("entry") if entry.scope else None
        by_day[entry.day] = {
            "entry": entry,
            "overrides": shipped,
            "weekday": "周" + "一二三四五六日"[entry.day.weekday()],
        }
    return [by_day[day] for day in sorted(by_day)]  # type: ignore[type-var]


@require_POST
def calendar_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    if not is_county_officer(request.user):
        raise Http404
    entry = CalendarDay.objects.filter(pk=pk, scope=actions.calendar_scope(request.user)).first()
    if entry is None:
        raise Http404
    run_action(request, lambda: actions.remove_calendar_day(request.user, entry), "已删除")
    return redirect(f"{reverse('calendar')}?year={entry.day.year}")

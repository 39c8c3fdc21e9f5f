"""Selection pages: the list, a new exercise, one exercise with its steps (posts, candidates,
the recommendation count, talks, 测评, signatures, the moves allowed next with the refusals in
Chinese), the tally workbook and the A4 考察预告. Thin views: every rule is in actions/rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core import engine
from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.errors import DomainError
from jiceng.core.exports import xlsx_response
from jiceng.core.pdf import pdf_response
from jiceng.core.web import run_action
from jiceng.evaluations.models import Round
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind as MeetingKind
from jiceng.notices import queries as notice_queries
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.rules import Category

from . import actions, flow, queries, rules
from .forms import (
    CandidateForm,
    ElectionForm,
    ExerciseForm,
    LinkForm,
    MoveForm,
    PositionForm,
    RoundForm,
    SignForm,
    TalkForm,
    TestForm,
    votes_from,
)
from .models import Candidate, Exercise, Kind, Pool

FORMS = {
    "position_form": PositionForm,
    "candidate_form": CandidateForm,
    "round_form": RoundForm,
    "talk_form": TalkForm,
    "test_form": TestForm,
    "sign_form": SignForm,
    "election_form": ElectionForm,
    "link_form": LinkForm,
}


def _officer(request: AuthedRequest) -> None:
    if not request.user.is_officer:
        raise PermissionDenied


def _exercise(request: AuthedRequest, pk: int) -> Exercise:
    rows = Exercise.objects.select_related("organization", "flow")
    return get_visible_or_404(rows, request.user, pk=pk)


def index(request: AuthedRequest) -> HttpResponse:
    _officer(request)
    rows = list(Exercise.objects.visible_to(request.user).select_related("organization", "flow")[:300])
    can_add = request.user.has_perm("selection.add_exercise_to", request.user.organization)
    return render(request, "selection/index.html", {"rows": rows, "can_add": can_add})


def _orgs(request: AuthedRequest, root: Organization | None = None, *, villages: bool | None = None) -> list[Any]:
    base = root or request.user.organization
    if base is None:
        return []
    rows = Organization.objects.visible_to(request.user).active().filter(path__startswith=base.path)
    if villages is True:
        rows = rows.filter(is_village_level=True)
    return list(rows.order_by("path")[:300])


def new(request: AuthedRequest) -> HttpResponse:
    _officer(request)
    if not request.user.has_perm("selection.add_exercise_to", request.user.organization):
        raise PermissionDenied
    form = ExerciseForm(
        request.POST or None,
        initial={"threshold_percent": rules.RULES_2002.threshold_percent, "started_on": timezone.localdate()},
    )
    orgs = _orgs(request)
    _choices(form, "organization", [(o.pk, o.name) for o in orgs])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = next((o for o in orgs if o.pk == data["organization"]), None)
        if org is None:
            raise Http404
        done = run_action(
            request,
            lambda: actions.create_exercise(
                request.user,
                organization=org,
                title=data["title"],
                kind=data["kind"],
                conditions=data["conditions"],
                threshold_percent=data["threshold_percent"],
                on=data["started_on"],
            ),
            "已开始选拔",
            form=form,
        )
        if done:
            return redirect("selection:detail", pk=done.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "selection/new.html", {"form": form}, status=status)


def _choices(form: Any, name: str, choices: list[tuple[Any, str]], blank: str = "") -> None:
    widget = form.fields[name].widget
    assert isinstance(widget, django_forms.Select)
    widget.choices = ([("", blank)] if blank else []) + choices


def _refusal(request: AuthedRequest, exercise: Exercise, move: Any, today: dt.date) -> str:
    """Why `move` cannot be taken today (the 公示 or meeting step not complete), or ""."""
    given = dict.fromkeys(move.requires, True)
    try:
        engine.check_move(request.user, exercise, move.target, on=today, today=today, given=given)
    except DomainError as exc:
        return exc.message
    return ""


MOVE_FIELDS = {
    "candidate_notice": ["candidates"],
    "inspection": ["method", "team", "discipline", "hotline"],
    "appointment_notice": ["candidates"],
    "election": ["candidates"],
}


def _people(exercise: Exercise, q: str) -> list[Person]:
    rows = Person.objects.filter(org_path__startswith=exercise.org_path)
    if exercise.kind == Kind.VILLAGE:
        rows = rows.filter(category=Category.FULL)
    if q:
        rows = rows.filter(name__contains=q)
    return list(rows.select_related("organization").order_by("name", "id")[:200])


def detail(request: AuthedRequest, pk: int, bound: dict[str, Any] | None = None) -> HttpResponse:
    exercise = _exercise(request, pk)
    user, today = request.user, timezone.localdate()
    state = exercise.state_obj
    positions = list(exercise.positions.select_related("organization"))
    tally = queries.tally(exercise)
    candidates = [row.candidate for row in tally]
    signatures: dict[int, list[Any]] = {}
    for s in exercise.signatures.order_by("signed_on", "id"):
        signatures.setdefault(s.candidate_id, []).append(s)
    moves = [
        (m, _refusal(request, exercise, m, today), ["on", *MOVE_FIELDS.get(m.target, []), "note"])
        for m in exercise.moves_for(user)
    ]
    eligible = {
        "candidate_notice": candidates,
        "appointment_notice": [c for c in candidates if c.inspect],
        "election": [c for c in candidates if c.inspect],
    }
    shown = next((eligible[m.target] for m, _, _ in moves if m.target in eligible), [])
    q = request.GET.get("q", "").strip()[:20]
    forms = {
        name: cls(initial={"held_on": today, "talked_on": today, "signed_on": today}) for name, cls in FORMS.items()
    }
    forms.update(bound or {})
    forms.setdefault("move_form", MoveForm(candidates=shown, initial={"on": today}))
    _choices(
        forms["position_form"],
        "organization",
        [
            (o.pk, o.name)
            for o in _orgs(request, exercise.organization, villages=True if exercise.kind == Kind.VILLAGE else None)
        ],
    )
    _choices(forms["candidate_form"], "position", [(p.pk, str(p)) for p in positions])
    _choices(
        forms["candidate_form"], "person", [(p.pk, f"{p.name}（{p.organization.name}）") for p in _people(exercise, q)]
    )
    round_field = forms["round_form"].fields["pool"]
    assert isinstance(round_field, django_forms.ChoiceField)
    round_field.choices = [(p.value, p.label) for p in exercise.pools]
    meetings = list(
        Meeting.objects.filter(organization__path__startswith=exercise.org_path)
        .select_related("organization")
        .order_by("-starts_at")[:30]
    )
    _choices(forms["round_form"], "meeting", [(m.pk, str(m)) for m in meetings], blank="（不关联）")
    congresses = [
        m
        for m in meetings
        if m.kind == MeetingKind.PARTY_CONGRESS and m.organization_id in {p.organization_id for p in positions}
    ]
    _choices(forms["link_form"], "meeting", [(m.pk, f"{m}（{m.get_status_display()}）") for m in congresses])
    inspected = [c for c in candidates if c.inspect]
    _choices(forms["talk_form"], "candidate", [(c.pk, c.person.name) for c in candidates], blank="（不涉及具体人选）")
    _choices(forms["sign_form"], "candidate", [(c.pk, c.person.name) for c in inspected])
    results = {c.pk: queries.test_results(c, user) for c in inspected} if exercise.state == "inspection" else {}
    notices = [
        (key, exercise.definition.label(key), notice_queries.current(exercise, key))
        for key in flow.NOTICE_STEPS
        if exercise.reached_on(key)
    ]
    context = {
        "exercise": exercise,
        "state": state,
        "today": today,
        "positions": positions,
        "tally": tally,
        "rounds": list(exercise.rounds.select_related("meeting").order_by("held_on")),
        "talks": list(exercise.talks.select_related("candidate__person")),
        "signatures": signatures,
        "moves": moves,
        "events": list(exercise.events()),
        "results": results,
        "notices": notices,
        "q": q,
        "linked": engine.links(exercise, "election") if exercise.kind == Kind.VILLAGE else [],
        "can_change": user.has_perm("selection.change_exercise", exercise) and exercise.open,
        "appointees": [c for c in candidates if c.post_id],
        "inspected": inspected,
        "proposed": [c for c in candidates if c.proposed],
        "rules": rules.by_name(exercise.rules_name),
        **forms,
    }
    return render(request, "selection/detail.html", context, status=400 if bound else 200)


def _post(
    request: AuthedRequest, pk: int, name: str, form: Any, action: Callable[[Exercise, dict[str, Any]], Any], done: str
) -> HttpResponse:
    exercise = _exercise(request, pk)
    if not form.is_valid():
        return detail(request, pk, {name: form})
    data = form.cleaned_data
    outcome = run_action(request, lambda: action(exercise, data), done, form=form)
    return redirect("selection:detail", pk=pk) if outcome else detail(request, pk, {name: form})


def _candidate(exercise: Exercise, pk: Any) -> Candidate:
    found = exercise.candidates.select_related("person", "position", "exercise").filter(pk=pk).first()
    if found is None:
        raise DomainError("请选择本次选拔的人选")
    return found


@require_POST
def add_position(request: AuthedRequest, pk: int) -> HttpResponse:
    form = PositionForm(request.POST)

    def act(ex: Exercise, d: dict[str, Any]) -> Any:
        org = Organization.objects.visible_to(request.user).filter(pk=d["organization"]).first()
        if org is None:
            raise DomainError("请选择任职组织")
        body, title = form.split()
        return actions.add_position(
            request.user,
            ex,
            organization=org,
            body=body,
            title=title,
            appointment_mode=d["appointment_mode"],
            seats=d["seats"],
            term=d["term"],
        )

    return _post(request, pk, "position_form", form, act, "已增加职位")


@require_POST
def add_candidate(request: AuthedRequest, pk: int) -> HttpResponse:
    form = CandidateForm(request.POST)

    def act(ex: Exercise, d: dict[str, Any]) -> Any:
        position = ex.positions.filter(pk=d["position"]).first()
        person = Person.objects.visible_to(request.user).filter(pk=d["person"]).first()
        if position is None or person is None:
            raise DomainError("请选择职位和人选")
        return actions.add_candidate(
            request.user, ex, position, person, source=d["source"], recommended_by=d["recommended_by"]
        )

    return _post(request, pk, "candidate_form", form, act, "已登记推荐人选")


@require_POST
def record_round(request: AuthedRequest, pk: int) -> HttpResponse:
    form = RoundForm(request.POST)

    def act(ex: Exercise, d: dict[str, Any]) -> Any:
        try:
            votes = votes_from(request.POST)
        except django_forms.ValidationError as exc:
            raise DomainError("得票应为整数") from exc
        meeting = Meeting.objects.visible_to(request.user).filter(pk=d["meeting"]).first() if d["meeting"] else None
        return actions.record_round(
            request.user,
            ex,
            pool=d["pool"],
            held_on=d["held_on"],
            issued=d["issued"],
            returned=d["returned"],
            valid=d["valid"],
            votes=votes,
            meeting=meeting,
            note=d["note"],
        )

    return _post(request, pk, "round_form", form, act, "已录入推荐票")


@require_POST
def record_talk(request: AuthedRequest, pk: int) -> HttpResponse:
    form = TalkForm(request.POST)

    def act(ex: Exercise, d: dict[str, Any]) -> Any:
        candidate = _candidate(ex, d["candidate"]) if d["candidate"] else None
        return actions.record_talk(
            request.user,
            ex,
            talked_on=d["talked_on"],
            interviewee=d["interviewee"],
            interviewer=d["interviewer"],
            summary=d["summary"],
            candidate=candidate,
        )

    return _post(request, pk, "talk_form", form, act, "已记录谈话")


@require_POST
def record_test(request: AuthedRequest, pk: int, cid: int) -> HttpResponse:
    form = TestForm(request.POST)

    def act(ex: Exercise, d: dict[str, Any]) -> Any:
        candidate = _candidate(ex, cid)
        round_ = Round.objects.visible_to(request.user).filter(pk=d["round"]).first() if d["round"] else None
        return actions.record_test(
            request.user,
            candidate,
            round_=round_,
            total=d["total"],
            favourable=d["favourable"],
            conclusion=d["conclusion"],
        )

    return _post(request, pk, "test_form", form, act, "已录入考察情况")


@require_POST
def sign(request: AuthedRequest, pk: int) -> HttpResponse:
    form = SignForm(request.POST)

    def act(ex: Exercise, d: dict[str, Any]) -> Any:
        return actions.sign(
            request.user,
            _candidate(ex, d["candidate"]),
            role=d["role"],
            name=d["name"],
            unit=d["unit"],
            signed_on=d["signed_on"],
            statement=d["statement"],
        )

    return _post(request, pk, "sign_form", form, act, "已签名")


@require_POST
def record_election(request: AuthedRequest, pk: int) -> HttpResponse:
    form = ElectionForm(request.POST)

    def act(ex: Exercise, d: dict[str, Any]) -> Any:
        try:
            votes = votes_from(request.POST)
        except django_forms.ValidationError as exc:
            raise DomainError("得票应为整数") from exc
        return actions.record_election(request.user, ex, present=d["present"], votes=votes)

    return _post(request, pk, "election_form", form, act, "已录入选举结果")


@require_POST
def link(request: AuthedRequest, pk: int) -> HttpResponse:
    form = LinkForm(request.POST)

    def act(ex: Exercise, d: dict[str, Any]) -> Any:
        meeting = Meeting.objects.visible_to(request.user).filter(pk=d["meeting"]).first()
        if meeting is None:
            raise DomainError("请选择村党组织召开的党员大会")
        return actions.link_meeting(request.user, ex, meeting)

    return _post(request, pk, "link_form", form, act, "已关联党员大会")


@require_POST
def move(request: AuthedRequest, pk: int) -> HttpResponse:
    exercise = _exercise(request, pk)
    form = MoveForm(request.POST, candidates=exercise.candidates.select_related("person", "position__organization"))
    if not form.is_valid():
        return detail(request, pk, {"move_form": form})
    data = dict(form.cleaned_data)
    target, on = data.pop("target"), data.pop("on")
    done = run_action(request, lambda: actions.move(request.user, exercise, target, on=on, **data), "已办理", form=form)
    return redirect("selection:detail", pk=pk) if done else detail(request, pk, {"move_form": form})


def tally_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The recommendation tally: per candidate, the votes and share of every pool counted."""
    exercise = _exercise(request, pk)
    rounds = {r.pool: r for r in exercise.rounds.all()}
    headers = ["职位", "人选", "推荐方式", "推荐人或推荐单位"]
    for pool in exercise.pools:
        headers += [f"{pool.label}得票", f"{pool.label}得票率"]
    headers += [f"超过{exercise.threshold_percent}%", "考察对象", "拟任人选"]
    rows = []
    for row in queries.tally(exercise):
        c = row.candidate
        line: list[Any] = [str(row.position), c.person.name, c.get_source_display(), c.recommended_by]
        for count in row.counts:
            line += [count.votes if count.votes is not None else "", count.percent]
        line += ["是" if row.passes else "否", "是" if c.inspect else "", "是" if c.proposed else ""]
        rows.append(line)
    rows.append([])
    for pool in exercise.pools:
        r = rounds.get(pool)
        if r is not None:
            rows.append(
                [
                    Pool(pool).label,
                    f"{r.held_on:%Y-%m-%d}",
                    f"发出{r.issued}张",
                    f"收回{r.returned}张",
                    f"有效{r.valid}张",
                ]
            )
    return xlsx_response(f"{exercise.title}推荐票统计.xlsx", "推荐票统计", headers, rows)


def preview_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The A4 考察预告 (对象、方式、考察组、纪律、举报电话), once the inspection began."""
    exercise = _exercise(request, pk)
    on = exercise.reached_on("inspection")
    if on is None:
        raise Http404
    objects = list(exercise.candidates.filter(inspect=True).select_related("person", "position__organization"))
    context = {
        "exercise": exercise,
        "objects": objects,
        "on": on,
        "rules": rules.by_name(exercise.rules_name),
        "url": request.build_absolute_uri(reverse("selection:detail", args=[pk])),
    }
    return pdf_response(request, "selection/pdf/preview.html", context, f"{exercise.title}考察预告.pdf")

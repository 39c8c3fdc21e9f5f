"""Assessment pages: schemes (templates, editor, daily entries, 目标责任书), rounds (reviews, 述职,
计分, 公示, 确定), results drilling down to their records, an organization's history, duty quota
progress with evidence, and the public ratings board (公示牌, no login). Thin views."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiceng.core.access import AuthedRequest, get_visible_or_404, user_org
from jiceng.core.permissions import is_officer
from jiceng.core.registry import metrics
from jiceng.core.web import run_action
from jiceng.notices import queries as notice_queries
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, editor, queries, rules, scoring
from .forms import (
    DiaryForm,
    EvidenceForm,
    PublishForm,
    QuotaTemplateForm,
    ReportForm,
    ReviewForm,
    RoundForm,
    SchemeForm,  # fmt: skip
    TargetForm,
    TemplateForm,
)
from .models import DiaryEntry, QuotaScheme, Result, Round, Scheme, TargetLetter
from .templates import QUOTAS, ROLES, SCHEMES


def _set(form: Any, name: str, choices: Any) -> None:
    form.fields[name].choices = choices


def _own_org(request: AuthedRequest) -> Organization:
    org = user_org(request.user)
    if org is None or not is_officer(request.user):
        raise PermissionDenied
    return org


def _scheme(request: AuthedRequest, pk: int) -> Scheme:
    return get_visible_or_404(Scheme.objects.select_related("owner"), request.user, pk=pk)


def _round(request: AuthedRequest, pk: int) -> Round:
    return get_visible_or_404(Round.objects.select_related("scheme__owner", "organization"), request.user, pk=pk)


def index(request: AuthedRequest) -> HttpResponse:
    """Officers: schemes, rounds, 目标责任书 and duty quotas of their subtree, and the templates;
    a village's people: their village's results and letters."""
    user = request.user
    context: dict[str, Any] = {
        "results": Result.objects.visible_to(user).filter(round__state="final").select_related("round__scheme")
        .order_by("-round__year", "name")[:50],
        "letters": TargetLetter.objects.visible_to(user).select_related("organization", "scheme")
        .order_by("-year", "org_path")[:100],
    }  # fmt: skip
    if is_officer(user):
        context.update(
            schemes=Scheme.objects.visible_to(user).select_related("owner").order_by("code", "-version"),
            rounds=Round.objects.visible_to(user).select_related("scheme", "organization")
            .order_by("-year", "-pk")[:50],
            quotas=QuotaScheme.objects.visible_to(user).select_related("owner"),
            templates=SCHEMES, quota_templates=QUOTAS, template_form=TemplateForm(), quota_form=QuotaTemplateForm(),
            metrics=metrics(),
        )  # fmt: skip
    return render(request, "assessments/index.html", context)


@require_POST
def scheme_copy(request: AuthedRequest) -> HttpResponse:
    org = _own_org(request)
    form = TemplateForm(request.POST)
    if not form.is_valid():
        return HttpResponse("请选择方案模板", status=400)
    done = run_action(request, lambda: actions.copy_template(request.user, org, form.cleaned_data["template"]),
                      "已复制方案模板，可修改后使用")  # fmt: skip
    return redirect("assessments:scheme", done.value.pk) if done else redirect("assessments:index")


def scheme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    villages = scoring.subjects_of(scheme, scheme.owner, timezone.localdate())
    indicators = list(scheme.indicators.values())
    diary = [i for i in indicators if i.method == "diary"]
    diary_form = DiaryForm(initial={"on": timezone.localdate()})
    _set(diary_form, "subject_ref", [(s.ref, s.name) for s in villages])
    _set(diary_form, "indicator", [(i.code, i.name) for i in diary])
    today = timezone.localdate()
    target_form = TargetForm(indicators=[i for i in indicators if i.method == "metric"],
                             initial={"year": today.year, "signed_on": today})  # fmt: skip
    _set(target_form, "organization", [(s.organization.pk, s.name) for s in villages if s.organization])
    context = {
        "scheme": scheme, "metric_labels": {m.key: m for m in metrics()}, "rule_kinds": rules.RULE_KINDS,
        "entries": DiaryEntry.objects.filter(owner=scheme.owner, scheme_code=scheme.code).order_by("-on", "-pk")[:50],
        "letters": scheme.targets.select_related("organization").order_by("-year", "org_path"),
        "rounds": scheme.rounds.select_related("organization").order_by("-year", "-number"),
        "diary_form": diary_form if diary else None,
        "target_form": target_form if scheme.subject == "village" else None,
        "round_form": RoundForm(initial={"year": timezone.localdate().year, "period": scheme.period, "number": 1}),
    }  # fmt: skip
    return render(request, "assessments/scheme.html", context)


def scheme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    if not request.user.has_perm("assessments.manage_org", scheme.owner):
        raise PermissionDenied
    initial = {"name": scheme.name, "mode": scheme.mode,
               "tree": json.dumps(editor.to_chinese(scheme.tree), ensure_ascii=False, indent=1),
               "outcomes": json.dumps(editor.to_chinese(scheme.outcomes), ensure_ascii=False, indent=1)}  # fmt: skip
    form = SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_action(request, lambda: actions.save_scheme(
            request.user, scheme, name=data["name"], mode=data["mode"], tree=editor.from_chinese(data["tree"]),
            outcomes=editor.from_chinese(data["outcomes"])),
            "方案已保存", form=form)  # fmt: skip
        if done:
            return redirect("assessments:scheme", scheme.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/scheme_edit.html", {"scheme": scheme, "form": form, "metrics": metrics()},
                  status=status)  # fmt: skip


@require_POST
def scheme_version(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    done = run_action(request, lambda: actions.new_version(request.user, scheme), "已另存为新版本")
    return redirect("assessments:scheme_edit", done.value.pk) if done else redirect("assessments:scheme", pk)


@require_POST
def diary_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    form = DiaryForm(request.POST)
    _set(form, "subject_ref", [(request.POST.get("subject_ref", ""), "")])
    _set(form, "indicator", [(request.POST.get("indicator", ""), "")])
    if not form.is_valid():
        return HttpResponse("请完整填写台账日记：" + "；".join(str(e) for e in form.errors.values()), status=400)
    d = form.cleaned_data
    run_action(request, lambda: actions.add_diary(request.user, scheme, subject_ref=d["subject_ref"],
                                                  indicator=d["indicator"], on=d["on"], description=d["description"],
                                                  points=d["points"]), "已记入台账日记")  # fmt: skip
    return redirect("assessments:scheme", pk)


@require_POST
def target_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    form = TargetForm(request.POST, indicators=[i for i in scheme.indicators.values() if i.method == "metric"])
    _set(form, "organization", [(request.POST.get("organization", ""), "")])
    if not form.is_valid():
        return HttpResponse("请完整填写目标责任书：" + "；".join(str(e) for e in form.errors.values()), status=400)
    d = form.cleaned_data
    org = Organization.objects.filter(pk=int(d["organization"]) if d["organization"].isdigit() else 0).first()
    if org is None:
        raise Http404
    done = run_action(request, lambda: actions.sign_target(request.user, scheme, organization=org, year=d["year"],
                                                          signed_on=d["signed_on"], signed_by=d["signed_by"],
                                                          targets=form.targets()), "目标责任书已登记")  # fmt: skip
    return redirect("assessments:target", done.value.pk) if done else redirect("assessments:scheme", pk)


def target_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = get_visible_or_404(TargetLetter.objects.select_related("organization", "scheme"), request.user, pk=pk)
    as_of, rows = queries.progress(letter)
    return render(request, "assessments/target.html", {"letter": letter, "rows": rows, "as_of": as_of})


@require_POST
def round_create(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return HttpResponse("请填写年度和周期", status=400)
    d = form.cleaned_data
    done = run_action(request, lambda: actions.open_round(request.user, scheme, organization=scheme.owner,
                                                         year=d["year"], period=d["period"], number=d["number"] or 1),
                      "已建立考核")  # fmt: skip
    return redirect("assessments:round", done.value.pk) if done else redirect("assessments:scheme", pk)


def round_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    scheme = rnd.scheme
    results = list(rnd.results.defer("lines").order_by("-score", "name"))  # the lines are on each result's page
    subjects = scoring.subjects_of(scheme, rnd.organization, rnd.ends_on) if rnd.state == "draft" else []
    reviews = [i for i in scheme.indicators.values() if i.method == "review"]
    given: dict[tuple[str, str], list[Any]] = {}
    for r in rnd.reviews.order_by("pk"):
        given.setdefault((r.subject_ref, r.indicator), []).append(r)
    grid = [(s, [(i, given.get((s.ref, i.code), [])) for i in reviews]) for s in subjects]
    report_form = ReportForm(initial={"reported_on": timezone.localdate()})
    _set(report_form, "organization", [(s.organization.pk, s.name) for s in subjects if s.organization] or [
        (rnd.organization.pk, rnd.organization.name)])  # fmt: skip
    context = {
        "round": rnd, "scheme": scheme, "results": results, "grid": grid, "reviews": reviews,
        "reports": rnd.reports.select_related("organization").order_by("reported_on", "pk"),
        "report_form": report_form, "publish_form": PublishForm(),
        "notice": notice_queries.current(rnd, "publicity"), "step": notice_queries.step_status(rnd, "publicity"),
        "goal": scoring.goal_of(scheme, results), "can_manage": request.user.has_perm("assessments.manage_org",
                                                                                      rnd.organization),
    }  # fmt: skip
    return render(request, "assessments/round.html", context)


def _round_action(request: AuthedRequest, pk: int, act: Any, done: str) -> HttpResponse:
    rnd = _round(request, pk)
    run_action(request, lambda: act(rnd), done)
    return redirect("assessments:round", pk)


@require_POST
def round_review(request: AuthedRequest, pk: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponse("请填写得分", status=400)
    d = form.cleaned_data
    return _round_action(request, pk, lambda rnd: actions.record_review(
        request.user, rnd, subject_ref=d["subject_ref"], indicator=d["indicator"], points=d["points"],
        comment=d["comment"]), "已记录评审打分")  # fmt: skip


@require_POST
def round_report(request: AuthedRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    form = ReportForm(request.POST)
    _set(form, "organization", [(request.POST.get("organization", ""), "")])
    if not form.is_valid():
        return HttpResponse("请完整填写述职记录", status=400)
    d = form.cleaned_data
    org = Organization.objects.filter(pk=int(d["organization"]) if d["organization"].isdigit() else 0).first()
    if org is None:
        raise Http404
    run_action(request, lambda: actions.record_report(request.user, rnd, organization=org, reporter=d["reporter"],
                                                     audience=d["audience"], reported_on=d["reported_on"],
                                                     text=d["text"]), "已记录述职")  # fmt: skip
    return redirect("assessments:round", pk)


@require_POST
def round_compute(request: AuthedRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, lambda rnd: actions.compute(request.user, rnd), "已计分")


@require_POST
def round_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)
    days = form.cleaned_data.get("days") if form.is_valid() else None
    return _round_action(request, pk, lambda rnd: actions.publish(request.user, rnd, days=days), "考核结果已公示")


@require_POST
def round_finalize(request: AuthedRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, lambda rnd: actions.finalize(request.user, rnd), "考核结果已确定")


def result_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One subject's result: each indicator's figure, points and the records behind it."""
    result = get_visible_or_404(Result.objects.select_related("round__scheme", "round__organization"), request.user,
                                pk=pk)  # fmt: skip
    lines = []
    for line in result.lines:
        found, hidden = queries.records(line.get("records", []), request.user)
        lines.append({**line, "found": found, "hidden": hidden})
    past = queries.history(result.organization, result.person, result.subject_ref)
    visible = set(Result.objects.visible_to(request.user).filter(pk__in=[r.result.pk for r in past])
                  .values_list("pk", flat=True))  # fmt: skip
    past = [r for r in past if r.result.pk in visible and (r.result.round.state == "final" or is_officer(request.user))]
    return render(request, "assessments/result.html", {"result": result, "lines": lines, "past": past})


def org_history(request: AuthedRequest, pk: int) -> HttpResponse:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=pk)
    rows = [row for row in queries.history(org) if row.result.round.state == "final" or is_officer(request.user)]
    return render(request, "assessments/history.html", {"org": org, "rows": rows})


@require_POST
def quota_copy(request: AuthedRequest) -> HttpResponse:
    org = _own_org(request)
    form = QuotaTemplateForm(request.POST)
    if not form.is_valid():
        return HttpResponse("请选择任务模板", status=400)
    done = run_action(request, lambda: actions.copy_quota(request.user, org, form.cleaned_data["template"]),
                      "已建立干部任务定额")  # fmt: skip
    return redirect("assessments:quota", done.value.pk) if done else redirect("assessments:index")


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    today = timezone.localdate()
    return min(max(int(text), 2000), today.year) if text.isascii() and text.isdigit() and len(text) == 4 else today.year


def quota_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = get_visible_or_404(QuotaScheme.objects.select_related("owner"), request.user, pk=pk)
    year = _year(request)
    rows = queries.quota_progress(scheme, year)
    form = EvidenceForm(initial={"on": timezone.localdate()})
    _set(form, "item", [(i["code"], i["label"]) for i in scheme.items if not i["metric"]])
    _set(form, "person", [(r.person.pk, f"{r.person.name}（{r.person.organization.name}）") for r in rows])
    evidence = scheme.evidence.select_related("person").order_by("-on", "-pk")[:50]
    context = {"scheme": scheme, "rows": rows, "year": year, "form": form, "roles": ROLES, "evidence": evidence,
               "labels": {i["code"]: i["label"] for i in scheme.items}}  # fmt: skip
    return render(request, "assessments/quota.html", context)


@require_POST
def quota_evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = get_visible_or_404(QuotaScheme.objects.select_related("owner"), request.user, pk=pk)
    form = EvidenceForm(request.POST)
    _set(form, "item", [(i["code"], i["label"]) for i in scheme.items])
    _set(form, "person", [(request.POST.get("person", ""), "")])
    if not form.is_valid():
        return HttpResponse("请完整填写完成情况", status=400)
    d = form.cleaned_data
    person = get_visible_or_404(Person.objects.all(), request.user, pk=d["person"])
    run_action(request, lambda: actions.add_evidence(request.user, scheme, item=d["item"], person=person, on=d["on"],
                                                    amount=d["amount"], description=d["description"]),
               "已登记完成情况")  # fmt: skip
    return redirect("assessments:quota", pk)


@login_not_required
def public_board(request: HttpRequest, org_id: int) -> HttpResponse:
    """公示牌 (seed 004: “五好杯”创优公示牌): ratings in 公示 or final, no login, no personal data
    (villages, and cadres by name only)."""
    org = Organization.objects.filter(pk=org_id, dissolved_on__isnull=True).first()
    if org is None:
        raise Http404
    return render(request, "assessments/board.html", {"org": org, "rounds": queries.board(org),
                                                      "today": timezone.localdate()})  # fmt: skip

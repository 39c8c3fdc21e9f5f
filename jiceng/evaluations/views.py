"""Evaluation pages: officers prepare, run and publish rounds; voters use the public pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiceng.core.access import AuthedRequest, get_visible_or_404
from jiceng.core.exports import xlsx_response
from jiceng.core.params import int_param
from jiceng.core.pdf import pdf_response
from jiceng.core.web import run_action
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, rules
from .forms import CodeForm, CountForm, DecisionForm, NumberForm, OutcomeForm, RecallForm, RoundForm, SignaturesForm
from .models import Kind, Outcome, PostKind, Round, SplitPostDecision, State, Subject


def _round(request: AuthedRequest, pk: int) -> Round:
    return get_visible_or_404(Round.objects.select_related("organization"), request.user, pk=pk)


def _managed(request: AuthedRequest, pk: int) -> Round:
    round_ = _round(request, pk)
    if not actions.can_manage(request.user, round_.organization):
        raise Http404
    return round_


def _ratings(request: HttpRequest) -> dict[str, str]:
    return {key[2:]: str(value) for key, value in request.POST.items() if key.startswith("r_")}


def _run(request: HttpRequest, round_: Round, step: Callable[[], Any], done: str) -> HttpResponse:
    run_action(request, step, done)
    return redirect("evaluations:detail", pk=round_.pk)


# Opening, closing and publishing cannot be undone: each form has a required checkbox (the browser
# insists on it without any script) and the server refuses the step without it.
UNCONFIRMED = "请先勾选确认，再{step}"


def _confirmed(request: HttpRequest, step: str) -> bool:
    if request.POST.get("confirm") == "1":
        return True
    messages.error(request, UNCONFIRMED.format(step=step))
    return False


def index(request: AuthedRequest) -> HttpResponse:
    rounds = Round.objects.visible_to(request.user).select_related("organization")
    year = request.GET.get("year", "")
    if (number := int_param(year, lo=1900, hi=2100)) is not None:
        rounds = rounds.filter(year=number)
    return render(request, "evaluations/index.html", {"rounds": rounds[:200], "year": year})


def create(request: AuthedRequest) -> HttpResponse:
    if not request.user.can_edit_people:
        raise Http404
    org_id = request.POST.get("organization", "")
    if org_id and not Organization.objects.visible_to(request.user).filter(pk=int_param(org_id) or 0):
        raise Http404  # an organization outside the user's subtree: nothing is learned
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        created = run_action(request, lambda: actions.create_round(request.user, **form.cleaned_data),
                             "评议已创建，请确定评议对象", form=form)  # fmt: skip
        if created:
            return redirect("evaluations:detail", pk=created.value.pk)
    return render(request, "evaluations/form.html", {"form": form}, status=422 if form.errors else 200)


def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    can_manage = actions.can_manage(request.user, round_.organization)
    context: dict[str, Any] = {
        "round": round_,
        "subjects": round_.subjects.all(),
        "can_manage": can_manage,
        "options": rules.options(round_.scale),
        "vote_url": request.build_absolute_uri(reverse("evaluations:vote", args=[round_.public_key])),
        "public_url": reverse("evaluations:public", args=[round_.public_key]),
    }
    if can_manage:
        conflicts, waiting = actions.pending_paper(round_)
        context.update(
            candidates=actions.default_subjects(round_) if round_.state == State.DRAFT else [],
            rated=actions.rated_candidates(round_) if round_.state == State.DRAFT else [],
            codes=round_.codes.count(),
            check=actions.reconciliation(round_) if round_.state != State.DRAFT else None,
            conflicts=conflicts,
            waiting=waiting,
        )
    return render(request, "evaluations/detail.html", context)


@require_POST
def add_subjects(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    ids = [int(v) for v in request.POST.getlist("person") if v.isascii() and v.isdigit()]
    people = list(Person.objects.visible_to(request.user).filter(pk__in=ids))
    names = request.POST.get("names", "").splitlines()
    refs = request.POST.getlist("ref")
    if refs:  # 理事 or 户联理事会 (优秀关怀理事评比, 五好户联理事会评比)
        return _run(request, round_, lambda: actions.add_rated_subjects(request.user, round_, refs), "评议对象已更新")
    return _run(request, round_, lambda: actions.add_subjects(request.user, round_, people=people, names=names),
                "评议对象已更新")  # fmt: skip


@require_POST
def remove_subject(request: AuthedRequest, pk: int, subject_id: int) -> HttpResponse:
    round_ = _managed(request, pk)
    subject = get_object_or_404(Subject, round=round_, pk=subject_id)
    return _run(request, round_, lambda: actions.remove_subject(request.user, subject), "已移除评议对象")


@require_POST
def slips(request: AuthedRequest, pk: int) -> HttpResponse:
    """Generate the codes and return the printable slips at once: the codes exist nowhere else."""
    round_ = _managed(request, pk)
    form = CountForm(request.POST)
    if not form.is_valid():
        messages.error(request, "评议码数量应为 1 至 3000 之间的整数")
        return redirect("evaluations:detail", pk=round_.pk)
    generated = run_action(request, lambda: actions.generate_codes(request.user, round_, form.cleaned_data["count"]))
    if not generated:
        return redirect("evaluations:detail", pk=round_.pk)
    codes: list[str] = generated.value
    base = request.build_absolute_uri(reverse("evaluations:vote", args=[round_.public_key]))
    import segno

    items = [{"code": c, "qr": segno.make(f"{base}#{c}", error="m").svg_data_uri(scale=2, border=1)} for c in codes]
    # The address is printed too, for a phone that cannot scan (without the code: it is typed on the page).
    response = pdf_response(request, "evaluations/pdf/slips.html", {"round": round_, "slips": items, "vote_url": base},
                            f"{round_.title}-评议码.pdf")  # fmt: skip
    response["Cache-Control"] = "no-store"
    # Saved as a file: the codes cannot be produced again, so the officer keeps the PDF to print.
    response["Content-Disposition"] = response["Content-Disposition"].replace("inline", "attachment")
    return response


def paper_ballot(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    context = {"round": round_, "subjects": round_.subjects.all(), "options": rules.options(round_.scale)}
    return pdf_response(request, "evaluations/pdf/ballot.html", context, f"{round_.title}-纸质评议票.pdf")


@require_POST
def open_round(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    if not _confirmed(request, "开始投票"):
        return redirect("evaluations:detail", pk=round_.pk)
    return _run(request, round_, lambda: actions.open_round(request.user, round_), "评议已开始，发放数量已锁定")


@require_POST
def void(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    form = CodeForm(request.POST)
    code = form.cleaned_data["code"] if form.is_valid() else ""
    return _run(
        request, round_, lambda: actions.void_code(request.user, round_, code), "评议码已作废，请发放纸质评议票"
    )


def paper(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    form = NumberForm(request.POST or None)
    correcting = request.POST.get("correct") == "1" or request.GET.get("correct") == "1"
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "请填写纸质票编号")
        else:
            number = form.cleaned_data["number"]
            entered = run_action(request, lambda: _key_paper(request, round_, number, correcting))
            if entered:
                messages.success(request, entered.value)
        return redirect(reverse("evaluations:paper", args=[round_.pk]) + ("?correct=1" if correcting else ""))
    conflicts, waiting = actions.pending_paper(round_)
    context = {
        "round": round_, "subjects": round_.subjects.all(), "options": rules.options(round_.scale),
        "correcting": correcting, "conflicts": conflicts, "waiting": waiting,
    }  # fmt: skip
    return render(request, "evaluations/paper.html", context)


def _key_paper(request: AuthedRequest, round_: Round, number: int, correcting: bool) -> str:
    if correcting:
        actions.correct_paper(request.user, round_, number, _ratings(request))
        return f"第 {number} 号纸质票已更正并计入"
    return PAPER_RESULT[actions.enter_paper(request.user, round_, number, _ratings(request))].format(number=number)


PAPER_RESULT = {
    "waiting": "第 {number} 号纸质票已录入，等待另一位录入员独立录入",
    "accepted": "第 {number} 号纸质票两次录入一致，已计入",
    "conflict": "第 {number} 号纸质票两次录入不一致，请核对原票后更正",
}


@require_POST
def close(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    form = SignaturesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写签到表上的签到人数")
        return redirect("evaluations:detail", pk=round_.pk)
    if not _confirmed(request, "结束投票"):
        return redirect("evaluations:detail", pk=round_.pk)
    count = form.cleaned_data["signatures"]
    return _run(request, round_, lambda: actions.close_round(request.user, round_, count), "投票已结束，请核对后公布")


@require_POST
def signatures(request: AuthedRequest, pk: int) -> HttpResponse:
    """Correct the 签到人数 typed at closing (before publishing)."""
    round_ = _managed(request, pk)
    form = SignaturesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写签到表上的签到人数")
        return redirect("evaluations:detail", pk=round_.pk)
    count = form.cleaned_data["signatures"]
    return _run(request, round_, lambda: actions.correct_signatures(request.user, round_, count),
                f"签到人数已更正为 {count} 人")  # fmt: skip


@require_POST
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    if not _confirmed(request, "公布结果"):
        return redirect("evaluations:detail", pk=round_.pk)
    return _run(request, round_, lambda: actions.publish(request.user, round_), "评议结果已公布")


def _published(request: AuthedRequest, pk: int) -> Round:
    round_ = _round(request, pk)
    if round_.state != State.PUBLISHED:
        raise Http404  # no live results
    return round_


def results(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _published(request, pk)
    return render(request, "evaluations/results.html", {"round": round_, "r": round_.results, "public": False})


def results_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _published(request, pk)
    options = round_.results["options"]
    headers = ["序号", "评议对象", "有效票", *[label for _, label in options], "满意（合格）率", "结果"]
    rows = [_result_row(i, s, options) for i, s in enumerate(round_.results["subjects"], start=1)]
    return xlsx_response(f"{round_.title}-评议结果.xlsx", "评议结果", headers, rows)


def _result_row(number: int, s: dict[str, Any], options: list[list[str]]) -> list[Any]:
    return [number, s["name"], s["total"], *[s["counts"].get(v, "") for v, _ in options], s["passing_rate"] or "",
            _verdict(s)]  # fmt: skip


def _verdict(subject: dict[str, Any]) -> str:
    """合格 / 不合格 from a published subject's result; blank when too few ballots to say."""
    return "" if subject["passed"] is None else ("合格" if subject["passed"] else "不合格")


def notice_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _published(request, pk)
    return pdf_response(request, "evaluations/pdf/notice.html", {"round": round_, "r": round_.results},
                        f"{round_.title}-评议结果公告.pdf")  # fmt: skip


def ballots_file(request: AuthedRequest, pk: int) -> HttpResponse:
    """The whole-ballot file: for the evaluation committee only."""
    round_ = _managed(request, pk)
    if round_.state != State.PUBLISHED:
        raise Http404
    return _csv_response(round_.ballots_file, f"{round_.title}-整票文件.csv")


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def outcomes(request: AuthedRequest, pk: int) -> HttpResponse:
    round_ = _published(request, pk)
    can_manage = actions.can_manage(request.user, round_.organization)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        form = OutcomeForm(request.POST)
        if form.is_valid():
            person = get_object_or_404(Person.objects.visible_to(request.user), pk=form.cleaned_data["person"])
            data = {k: form.cleaned_data[k] for k in ("mutual_notes", "grade", "handling")}
            run_action(request, lambda: actions.record_outcome(request.user, round_, person, **data),
                       f"已记录 {person.name} 的评议结果")  # fmt: skip
        return redirect("evaluations:outcomes", pk=round_.pk)
    existing: dict[int | None, Outcome] = {o.person_id: o for o in Outcome.objects.filter(round=round_)}
    tallies = {t["id"]: t for t in round_.results.get("subjects", [])}
    subjects = round_.subjects.exclude(person=None).select_related("person")
    rows = [{"subject": s, "tally": tallies.get(s.pk), "outcome": existing.get(s.person_id)} for s in subjects]
    context = {
        "round": round_, "rows": rows, "can_manage": can_manage,
        "grades": rules.options(rules.Scale.GRADE), "handlings": Outcome.Handling.choices[1:],
    }  # fmt: skip
    return render(request, "evaluations/outcomes.html", context)


def split(request: AuthedRequest, pk: int) -> HttpResponse:
    """分岗评 decisions: this (secretary-post) round against a director-post round."""
    round_ = _published(request, pk)
    if round_.kind != Kind.SPLIT_POST or round_.post != PostKind.SECRETARY:
        raise Http404
    can_manage = actions.can_manage(request.user, round_.organization)
    directors = Round.objects.visible_to(request.user).filter(
        kind=Kind.SPLIT_POST, post=PostKind.DIRECTOR, state=State.PUBLISHED, year=round_.year
    )
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if request.POST.get("step") == "recall":
            return _recall_vote(request, round_)
        return _decide(request, round_, directors)
    chosen = directors.filter(pk=int_param(request.GET.get("director")) or 0).first() or directors.first()
    rows = actions.split_post_results(round_, chosen) if chosen else []
    decided = {d.person_id: d for d in round_.split_decisions.all()}
    for row in rows:
        row["decided"] = decided.get(row["person"].pk)
    context = {"round": round_, "directors": directors, "chosen": chosen, "rows": rows, "can_manage": can_manage,
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "evaluations/split.html", context)


def _decide(request: AuthedRequest, round_: Round, directors: Any) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请完整填写处理决定")
        return redirect("evaluations:split", pk=round_.pk)
    data = form.cleaned_data
    director_round = get_object_or_404(directors, pk=data["director_round"])
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=data["person"])
    run_action(request, lambda: actions.decide_split_post(request.user, round_, director_round, person,
                                                          data["decision"], data["decided_on"]),
               f"已记录对 {person.name} 的处理决定")  # fmt: skip
    return redirect(reverse("evaluations:split", args=[round_.pk]) + f"?director={director_round.pk}")


def _recall_vote(request: AuthedRequest, round_: Round) -> HttpResponse:
    form = RecallForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请完整填写罢免投票的日期和票数")
        return redirect("evaluations:split", pk=round_.pk)
    data = form.cleaned_data
    made = get_object_or_404(SplitPostDecision.objects.select_related("person", "secretary_round__organization"),
                             secretary_round=round_, pk=data["made"])  # fmt: skip
    run_action(request, lambda: actions.record_recall_vote(
        request.user, made, voted_on=data["voted_on"], registered=data["registered"], cast=data["cast"],
        in_favour=data["in_favour"]), f"已记录对 {made.person.name} 的罢免投票结果")  # fmt: skip
    return redirect(reverse("evaluations:split", args=[round_.pk]) + f"?director={made.director_round_id}")


def assessment_xlsx(request: AuthedRequest) -> HttpResponse:
    """Published results of the year in the user's subtree, for the annual assessment."""
    year_text = request.GET.get("year", "")
    year = int_param(year_text, lo=2000, hi=2100) or timezone.localdate().year
    rounds = Round.objects.visible_to(request.user).filter(year=year, state=State.PUBLISHED)
    rows = []
    for rnd in rounds.select_related("organization").order_by("organization__path", "id"):
        for s in rnd.results.get("subjects", []):
            rows.append([rnd.organization.name, rnd.get_kind_display(), rnd.title, s["name"], s["total"],
                         s["passing_rate"] or "不足5票不公布", _verdict(s)])  # fmt: skip
    headers = ["组织", "评议类型", "评议名称", "评议对象", "有效票", "满意（合格）率", "结果"]
    return xlsx_response(f"{year}年评议结果汇总.xlsx", "评议结果", headers, rows)


# Public pages: villagers vote and read results without an account.


def _public_round(key: str) -> Round:
    return get_object_or_404(Round.objects.select_related("organization"), public_key=key)


def _ballot_round(key: str) -> Round:
    """The ballot page's round: none of what a closed round accumulates is read."""
    round_ = Round.objects.for_ballot(key)
    if round_ is None:
        raise Http404
    return round_


@login_not_required
@never_cache
def vote(request: HttpRequest, key: str) -> HttpResponse:
    """Two steps: the code, checked first (a used code is refused before the ballot is filled in),
    then the ballot, which carries the checked code in a hidden field. The code arrives in the URL
    fragment (never sent to the server, never in logs) or is typed; the page posts it. Refusals go
    on the page only (no message stored in a cookie or session)."""
    round_ = _ballot_round(key)
    context: dict[str, Any] = {
        "round": round_,
        "subjects": round_.subjects.all(),
        "options": rules.options(round_.scale),
        "step": "code",
    }
    if request.method != "POST":
        return render(request, "evaluations/vote.html", context)
    code = request.POST.get("code", "")
    if request.POST.get("step") == "code":
        checked = run_action(request, lambda: actions.check_code(key, code, round_=round_), form=forms.Form({}))
        if not checked:
            context.update(error=checked.error)
            return render(request, "evaluations/vote.html", context, status=422)
        context.update(step="ballot", code=checked.value)
        return render(request, "evaluations/vote.html", context)
    cast = run_action(request, lambda: actions.vote(key, code, _ratings(request), round_=round_), form=forms.Form({}))
    if not cast:
        # Choices are kept; the code only if it can still vote (a refused code is not echoed back).
        still = run_action(request, lambda: actions.check_code(key, code, round_=round_), form=forms.Form({}))
        context.update(step="ballot", error=cast.error, chosen=_ratings(request), code=still.value if still else "")
        return render(request, "evaluations/vote.html", context, status=422)
    context["receipt"] = cast.value
    return render(request, "evaluations/vote.html", context)


@login_not_required
def public(request: HttpRequest, key: str) -> HttpResponse:
    round_ = _public_round(key)
    if round_.state != State.PUBLISHED:
        return render(request, "evaluations/public_pending.html", {"round": round_})
    return render(request, "evaluations/results.html", {"round": round_, "r": round_.results, "public": True})


@login_not_required
def recount(request: HttpRequest, key: str) -> HttpResponse:
    round_ = _public_round(key)
    if round_.state != State.PUBLISHED or not round_.recount_file:
        raise Http404
    return _csv_response(round_.recount_file, f"{round_.title}-公开复核文件.csv")

"""The assessments' JSON API: schemes, 目标责任书 with progress, rounds with results (each line
with the refs of the records behind it), computing a round, duty quota progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.permissions import is_officer
from jiceng.organizations.models import Organization

from . import actions, queries
from .models import QuotaScheme, Result, Round, Scheme, TargetLetter

router = Router(tags=["考核"])


class Message(Schema):
    detail: str


class SchemeOut(Schema):
    id: int
    code: str
    version: int
    name: str
    subject: str = Field(description="village 村党组织、cadre 干部、member 党员")
    mode: str = Field(description="points 分值制、weights 权重制")
    owner_id: int
    frozen: bool = Field(description="已用于评分，不能再修改")
    tree: list[dict[str, Any]]
    outcomes: dict[str, Any]


def _scheme_out(s: Scheme) -> dict[str, Any]:
    return {"id": s.pk, "code": s.code, "version": s.version, "name": s.name, "subject": s.subject, "mode": s.mode,
            "owner_id": s.owner_id, "frozen": s.frozen_at is not None, "tree": s.tree,
            "outcomes": s.outcomes}  # fmt: skip


@router.get("/assessments/schemes", response={200: list[SchemeOut], 401: Message}, url_name="assessment_schemes",
            summary="考核方案（本组织及下级）")  # fmt: skip
def list_schemes(request: HttpRequest) -> Any:
    return [_scheme_out(s) for s in Scheme.objects.visible_to(request.user).order_by("code", "-version")]


@router.get("/assessments/schemes/{scheme_id}", response={200: SchemeOut, 401: Message, 404: Message},
            url_name="assessment_scheme", summary="考核方案")  # fmt: skip
def get_scheme(request: HttpRequest, scheme_id: int) -> Any:
    return _scheme_out(get_visible_or_404(Scheme.objects.all(), request.user, pk=scheme_id))


class ProgressOut(Schema):
    code: str
    name: str
    unit: str
    target: Decimal
    value: float | None
    met: bool
    records: list[str]


class TargetOut(Schema):
    id: int
    organization_id: int
    year: int
    signed_on: dt.date
    signed_by: str
    as_of: dt.date
    progress: list[ProgressOut]


@router.get("/assessments/targets/{target_id}", response={200: TargetOut, 401: Message, 404: Message},
            url_name="assessment_target", summary="目标责任书及完成进度（来自业务记录）")  # fmt: skip
def get_target(request: HttpRequest, target_id: int) -> Any:
    letter = get_visible_or_404(TargetLetter.objects.select_related("scheme", "organization"), request.user,
                                pk=target_id)  # fmt: skip
    as_of, rows = queries.progress(letter)
    return {"id": letter.pk, "organization_id": letter.organization_id, "year": letter.year,
            "signed_on": letter.signed_on, "signed_by": letter.signed_by, "as_of": as_of,
            "progress": [{"code": p.code, "name": p.name, "unit": p.unit, "target": p.target, "value": p.value,
                          "met": p.met, "records": p.records} for p in rows]}  # fmt: skip


class ResultOut(Schema):
    id: int
    subject_ref: str
    name: str
    score: Decimal
    grade: str
    rating: str
    stars: int | None
    level: str
    move: str
    vetoed: bool
    lines: list[dict[str, Any]] = Field(description="每项指标：数据、得分、分值、依据记录（records）")


class AssessmentRoundOut(Schema):
    id: int
    scheme_id: int
    organization_id: int
    year: int
    period: str
    number: int
    state: str
    results: list[ResultOut]


def _round_out(rnd: Round, user: Any) -> dict[str, Any]:
    results = Result.objects.visible_to(user).filter(round=rnd).order_by("-score", "name")
    return {"id": rnd.pk, "scheme_id": rnd.scheme_id, "organization_id": rnd.organization_id, "year": rnd.year,
            "period": rnd.period, "number": rnd.number, "state": rnd.state,
            "results": [{"id": r.pk, "subject_ref": r.subject_ref, "name": r.name, "score": r.score, "grade": r.grade,
                         "rating": r.rating, "stars": r.stars, "level": r.level, "move": r.move, "vetoed": r.vetoed,
                         "lines": r.lines} for r in results]}  # fmt: skip


class RoundBrief(Schema):
    id: int
    scheme_id: int
    scheme_name: str
    organization_id: int
    year: int
    period: str
    number: int
    state: str = Field(description="draft 评审中、scored 已计分、publicity 结果公示、final 结果确定")


@router.get("/assessments/rounds", response={200: list[RoundBrief], 401: Message}, url_name="assessment_rounds",
            summary="考核（本组织及下级，最近的在前）")  # fmt: skip
def list_rounds(request: HttpRequest, year: int | None = None) -> Any:
    rows = Round.objects.visible_to(request.user).select_related("scheme").order_by("-year", "-pk")
    if year is not None:
        rows = rows.filter(year=year)
    return [{"id": r.pk, "scheme_id": r.scheme_id, "scheme_name": r.scheme.name, "organization_id": r.organization_id,
             "year": r.year, "period": r.period, "number": r.number, "state": r.state} for r in rows[:200]]  # fmt: skip


class HistoryOut(Schema):
    result_id: int
    round_id: int
    scheme_code: str
    year: int
    period: str
    number: int
    state: str
    score: Decimal
    grade: str
    rating: str
    level: str
    last_year: Decimal | None = Field(description="同一方案上年同期得分")


@router.get("/assessments/orgs/{org_id}/results", response={200: list[HistoryOut], 401: Message, 404: Message},
            url_name="assessment_org_results", summary="一个村历次考核结果及与上年比较")  # fmt: skip
def org_results(request: HttpRequest, org_id: int) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=org_id)
    officer = is_officer(request.user)
    return [{"result_id": h.result.pk, "round_id": h.result.round_id, "scheme_code": h.result.round.scheme.code,
             "year": h.result.round.year, "period": h.result.round.period, "number": h.result.round.number,
             "state": h.result.round.state, "score": h.result.score, "grade": h.result.grade,
             "rating": h.result.rating, "level": h.result.level,
             "last_year": h.last_year.score if h.last_year else None}
            for h in queries.history(org) if officer or h.result.round.state == "final"]  # fmt: skip


@router.get("/assessments/rounds/{round_id}", response={200: AssessmentRoundOut, 401: Message, 404: Message},
            url_name="assessment_round", summary="一次考核及其结果")  # fmt: skip
def get_round(request: HttpRequest, round_id: int) -> Any:
    return _round_out(get_visible_or_404(Round.objects.all(), request.user, pk=round_id), request.user)


@router.post("/assessments/rounds/{round_id}/compute", response={200: AssessmentRoundOut, 400: Message, 401: Message,
             404: Message, 409: Message}, url_name="assessment_round_compute", summary="计分（每轮一次）",
             description="按方案从各模块业务记录自动计分；已计分的再次请求返回400。")  # fmt: skip
def compute_round(request: HttpRequest, round_id: int) -> Any:
    rnd = get_visible_or_404(Round.objects.select_related("scheme", "organization"), request.user, pk=round_id)
    actions.compute(actor_of(request), rnd)
    return _round_out(rnd, request.user)


class QuotaRowOut(Schema):
    person_id: int
    name: str
    items: dict[str, int] = Field(description="任务编号 → 已完成数")
    met: int


class QuotaOut(Schema):
    id: int
    name: str
    year: int
    items: list[dict[str, Any]]
    rows: list[QuotaRowOut]


@router.get("/assessments/quotas/{quota_id}", response={200: QuotaOut, 401: Message, 404: Message},
            url_name="assessment_quota", summary="干部任务定额完成情况（三帮四定五联等）")  # fmt: skip
def quota_progress(request: HttpRequest, quota_id: int, year: int | None = None) -> Any:
    scheme = get_visible_or_404(QuotaScheme.objects.select_related("owner"), request.user, pk=quota_id)
    year = year or timezone.localdate().year
    rows = queries.quota_progress(scheme, year)
    return {"id": scheme.pk, "name": scheme.name, "year": year, "items": scheme.items,
            "rows": [{"person_id": r.person.pk, "name": r.person.name,
                      "items": {c.item["code"]: c.done for c in r.cells}, "met": r.met} for r in rows]}  # fmt: skip

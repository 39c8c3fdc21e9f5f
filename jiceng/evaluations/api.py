"""Evaluation rounds and their published results (no results before publication)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from jiceng.core.access import get_visible_or_404

from .models import Round, State

router = Router(tags=["评议"])


class RoundOut(Schema):
    id: int
    organization: str
    kind: str
    title: str
    year: int
    state: str
    subjects: int


class SubjectResult(Schema):
    name: str
    total: int
    counts: dict[str, int]
    passing_rate: str | None
    passed: bool | None


class RoundDetail(RoundOut):
    ballots: int | None = None
    recount_digest: str = ""
    ballots_digest: str = ""
    results: list[SubjectResult] = []


class Message(Schema):
    detail: str


def _out(r: Round) -> dict[str, Any]:
    return {"id": r.pk, "organization": r.organization.full_path, "kind": r.kind, "title": r.title,
            "year": r.year, "state": r.state, "subjects": r.subjects.count()}  # fmt: skip


@router.get("/evaluations", response={200: list[RoundOut], 401: Message}, summary="评议列表（本人可见范围内）")
def list_rounds(request: HttpRequest, year: int | None = Query(None, ge=1900, le=2100)) -> Any:  # type: ignore[type-arg]
    rounds = Round.objects.visible_to(request.user).select_related("organization")
    if year is not None:
        rounds = rounds.filter(year=year)
    return [_out(r) for r in rounds[:500]]


@router.get(
    "/evaluations/{round_id}",
    response={200: RoundDetail, 401: Message, 404: Message},
    summary="评议详情；公布后含各评议对象的结果",
)
def get_round(request: HttpRequest, round_id: int) -> Any:
    r = get_visible_or_404(Round.objects.select_related("organization"), request.user, pk=round_id)
    out = _out(r)
    if r.state == State.PUBLISHED:
        out.update(ballots=r.results.get("ballots"), recount_digest=r.recount_digest, ballots_digest=r.ballots_digest,
                   results=[{k: s[k] for k in ("name", "total", "counts", "passing_rate", "passed")}
                            for s in r.results.get("subjects", [])])  # fmt: skip
    return out

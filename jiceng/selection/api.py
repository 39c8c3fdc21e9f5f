"""干部选拔 API: exercises, their posts, candidates, recommendation counts and steps — the same
actions and access rules as the pages (officers of the exercise's subtree)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from jiceng.core.access import get_visible_or_404
from jiceng.core.actor import actor_of
from jiceng.core.errors import DomainError
from jiceng.core.schemas import CleanIn
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import actions, queries
from .models import Exercise

# The API spells choices as Literals, not the model enums: an enum is an OpenAPI component named
# by its class, and other apps have their own Kind, Pool and Source (tests/test_api.py checks they agree).

router = Router(tags=["干部选拔"])


class Message(Schema):
    detail: str


class SelectionPositionOut(Schema):
    id: int
    organization_id: int
    name: str
    body: str
    title: str
    appointment_mode: str
    seats: int


class SelectionCountOut(Schema):
    pool: str
    label: str
    votes: int | None
    valid: int
    percent: str
    passes: bool


class SelectionCandidateOut(Schema):
    id: int
    position_id: int
    person_id: int
    name: str
    source: str
    recommended_by: str
    counts: list[SelectionCountOut]
    passes: bool
    inspect: bool
    proposed: bool
    election_votes: int | None
    post_id: int | None


class SelectionExerciseOut(Schema):
    id: int
    title: str
    kind: str
    organization_id: int
    organization: str
    state: str
    state_label: str
    state_on: dt.date
    started_on: dt.date
    threshold_percent: int
    rules: str


class SelectionExerciseDetail(SelectionExerciseOut):
    conditions: str
    positions: list[SelectionPositionOut]
    candidates: list[SelectionCandidateOut]
    moves: list[str]


class SelectionExerciseFilter(Schema):
    state: str | None = Field(None, max_length=30)
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**7)


class SelectionExerciseIn(CleanIn):
    organization_id: int = Field(ge=1, le=2**62)
    title: str = Field(max_length=100)
    kind: Literal["standard", "village"] = "standard"
    conditions: str = Field(max_length=4000)
    threshold_percent: int | None = Field(None, ge=0, le=100)
    started_on: dt.date | None = None


class SelectionPositionIn(CleanIn):
    organization_id: int = Field(ge=1, le=2**62)
    body: str = Field(max_length=20)
    title: str = Field(max_length=20)
    appointment_mode: str = Field("", max_length=20)
    seats: int = Field(1, ge=1, le=20)
    term: str = Field("", max_length=30)


class SelectionCandidateIn(CleanIn):
    position_id: int = Field(ge=1, le=2**62)
    person_id: int = Field(ge=1, le=2**62)
    source: Literal["organization", "individual", "joint", "self"] = "organization"
    recommended_by: str = Field(max_length=100)


class SelectionVoteIn(Schema):
    candidate_id: int = Field(ge=1, le=2**62)
    votes: int = Field(ge=0, le=10**6)


class SelectionRoundIn(CleanIn):
    pool: Literal["meeting", "members", "villagers"]
    held_on: dt.date
    issued: int = Field(ge=0, le=10**6)
    returned: int = Field(ge=0, le=10**6)
    valid: int = Field(ge=0, le=10**6)
    votes: list[SelectionVoteIn] = Field(max_length=500)
    note: str = Field("", max_length=500)


class SelectionMoveIn(CleanIn):
    target: str = Field(max_length=30)
    on: dt.date | None = None
    note: str = Field("", max_length=2000)
    candidates: list[int] = Field(default_factory=list, max_length=200)
    method: str = Field("", max_length=300)
    team: str = Field("", max_length=300)
    discipline: str = Field("", max_length=4000)
    hotline: str = Field("", max_length=30)


def _out(e: Exercise) -> dict[str, Any]:
    return {
        "id": e.pk,
        "title": e.title,
        "kind": e.kind,
        "organization_id": e.organization_id,
        "organization": e.organization.name,
        "state": e.state,
        "state_label": e.state_label,
        "state_on": e.state_on,
        "started_on": e.started_on,
        "threshold_percent": e.threshold_percent,
        "rules": e.rules_name,
    }


def _detail(request: HttpRequest, e: Exercise) -> dict[str, Any]:
    positions = [
        {
            "id": p.pk,
            "organization_id": p.organization_id,
            "name": str(p),
            "body": p.body,
            "title": p.title,
            "appointment_mode": p.appointment_mode,
            "seats": p.seats,
        }
        for p in e.positions.select_related("organization")
    ]
    candidates = []
    for row in queries.tally(e):
        c = row.candidate
        candidates.append(
            {
                "id": c.pk,
                "position_id": c.position_id,
                "person_id": c.person_id,
                "name": c.person.name,
                "source": c.source,
                "recommended_by": c.recommended_by,
                "passes": row.passes,
                "counts": [vars(n) for n in row.counts],
                "inspect": c.inspect,
                "proposed": c.proposed,
                "election_votes": c.election_votes,
                "post_id": c.post_id,
            }
        )
    moves = [m.target for m in e.moves_for(actor_of(request))]
    return {**_out(e), "conditions": e.conditions, "positions": positions, "candidates": candidates, "moves": moves}


def _exercise(request: HttpRequest, exercise_id: int) -> Exercise:
    return get_visible_or_404(Exercise.objects.select_related("organization", "flow"), request.user, pk=exercise_id)


@router.get(
    "/selections",
    response={200: list[SelectionExerciseOut], 401: Message},
    url_name="selections",
    summary="干部选拔列表（组织工作人员可见范围内）",
)
def list_selections(request: HttpRequest, filters: Query[SelectionExerciseFilter]) -> Any:
    rows = Exercise.objects.visible_to(request.user).select_related("organization", "flow")
    if filters.state:
        rows = rows.filter(state=filters.state)
    return [_out(e) for e in rows[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/selections/{exercise_id}",
    response={200: SelectionExerciseDetail, 401: Message, 404: Message},
    url_name="selection",
    summary="干部选拔详情：职位、人选、推荐票统计、可办理的下一步",
)
def get_selection(request: HttpRequest, exercise_id: int) -> Any:
    return _detail(request, _exercise(request, exercise_id))


@router.post(
    "/selections",
    response={201: SelectionExerciseDetail, 400: Message, 401: Message, 404: Message},
    url_name="selection_create",
    summary="开始一次干部选拔（或村“二推一选”）",
)
def create(request: HttpRequest, payload: SelectionExerciseIn) -> Any:
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    e = actions.create_exercise(
        actor_of(request),
        organization=org,
        title=payload.title,
        kind=payload.kind,
        conditions=payload.conditions,
        threshold_percent=payload.threshold_percent,
        on=payload.started_on,
    )
    return HttpStatus(201, _detail(request, _exercise(request, e.pk)))


@router.post(
    "/selections/{exercise_id}/positions",
    response={200: SelectionExerciseDetail, 400: Message, 401: Message, 404: Message, 409: Message},
    url_name="selection_position",
    summary="增加选拔职位",
)
def add_position(request: HttpRequest, exercise_id: int, payload: SelectionPositionIn) -> Any:
    e = _exercise(request, exercise_id)
    org = get_visible_or_404(Organization.objects.all(), request.user, pk=payload.organization_id)
    actions.add_position(
        actor_of(request),
        e,
        organization=org,
        body=payload.body,
        title=payload.title,
        appointment_mode=payload.appointment_mode,
        seats=payload.seats,
        term=payload.term,
    )
    return _detail(request, e)


@router.post(
    "/selections/{exercise_id}/candidates",
    response={200: SelectionExerciseDetail, 400: Message, 401: Message, 404: Message},
    url_name="selection_candidate",
    summary="登记推荐人选（谁推荐）",
)
def add_candidate(request: HttpRequest, exercise_id: int, payload: SelectionCandidateIn) -> Any:
    e = _exercise(request, exercise_id)
    position = e.positions.filter(pk=payload.position_id).first()
    person = get_visible_or_404(Person.objects.all(), request.user, pk=payload.person_id)
    if position is None:
        raise DomainError("该职位不属于本次选拔")
    actions.add_candidate(
        actor_of(request), e, position, person, source=payload.source, recommended_by=payload.recommended_by
    )
    return _detail(request, e)


@router.post(
    "/selections/{exercise_id}/rounds",
    response={200: SelectionExerciseDetail, 400: Message, 401: Message, 404: Message},
    url_name="selection_round",
    summary="录入推荐票（按人选计数）",
)
def record_round(request: HttpRequest, exercise_id: int, payload: SelectionRoundIn) -> Any:
    e = _exercise(request, exercise_id)
    votes = {v.candidate_id: v.votes for v in payload.votes}
    actions.record_round(
        actor_of(request),
        e,
        pool=payload.pool,
        held_on=payload.held_on,
        issued=payload.issued,
        returned=payload.returned,
        valid=payload.valid,
        votes=votes,
        note=payload.note,
    )
    return _detail(request, e)


@router.post(
    "/selections/{exercise_id}/move",
    response={200: SelectionExerciseDetail, 400: Message, 401: Message, 404: Message, 409: Message},
    url_name="selection_move",
    summary="办理下一步（公布、民主推荐、考察对象公示、考察预告、任前公示、任职、终止）",
)
def move(request: HttpRequest, exercise_id: int, payload: SelectionMoveIn) -> Any:
    e = _exercise(request, exercise_id)
    actions.move(
        actor_of(request),
        e,
        payload.target,
        on=payload.on,
        note=payload.note,
        candidates=payload.candidates,
        method=payload.method,
        team=payload.team,
        discipline=payload.discipline,
        hotline=payload.hotline,
    )
    return _detail(request, e)

"""What the pages, the export and the API read: the recommendation tally of an exercise, the
测评 results a published evaluations round holds for a candidate (read only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jiceng.evaluations.models import Round
from jiceng.evaluations.models import State as RoundState
from jiceng.evaluations.rules import PASSING

from . import rules
from .models import Candidate, Exercise, Position, RecommendationRound


@dataclass(frozen=True)
class PoolCount:
    pool: str
    label: str
    votes: int | None  # None: this pool was not counted yet
    valid: int
    percent: str
    passes: bool


@dataclass(frozen=True)
class Row:
    position: Position
    candidate: Candidate
    counts: list[PoolCount]

    @property
    def passes(self) -> bool:
        """Above the threshold in every pool of the exercise (all of them counted)."""
        return bool(self.counts) and all(c.passes for c in self.counts)


def tally(exercise: Exercise) -> list[Row]:
    """Per candidate (by post), the votes and share in each pool; a pool not yet counted shows none."""
    rounds = {r.pool: r for r in RecommendationRound.objects.filter(exercise=exercise).prefetch_related("tallies")}
    votes = {(r.pool, t.candidate_id): t.votes for r in rounds.values() for t in r.tallies.all()}
    candidates = Candidate.objects.filter(exercise=exercise).select_related("person", "position__organization")
    rows = []
    for c in candidates.order_by("position_id", "id"):
        counts = []
        for pool in exercise.pools:
            found = rounds.get(pool)
            n = votes.get((pool, c.pk)) if found else None
            valid = found.valid if found else 0
            counts.append(
                PoolCount(
                    pool,
                    pool.label,
                    n,
                    valid,
                    rules.percent(n or 0, valid) if found else "—",
                    n is not None and rules.supported(n, valid, exercise.threshold_percent),
                )
            )
        rows.append(Row(c.position, c, counts))
    return rows


def rows_of(exercise: Exercise) -> dict[int, Row]:
    return {row.candidate.pk: row for row in tally(exercise)}


@dataclass(frozen=True)
class TestResult:
    round: Round
    total: int
    favourable: int | None  # None: too few ballots for a breakdown (the evaluations app shows none)
    rate: str | None


def test_results(candidate: Candidate, user: Any) -> list[TestResult]:
    """The published evaluations rounds (visible to `user`) that rated the candidate's person."""
    found = []
    rounds = Round.objects.visible_to(user).filter(state=RoundState.PUBLISHED).order_by("-year", "-id")[:50]
    for round_ in rounds:
        for subject in (round_.results or {}).get("subjects", []):
            if subject.get("person_id") != candidate.person_id:
                continue
            counts = subject.get("counts") or {}
            favourable = sum(n for value, n in counts.items() if value in PASSING) if counts else None
            found.append(TestResult(round_, int(subject.get("total") or 0), favourable, subject.get("passing_rate")))
    return found

"""The final ratings a subject earned, for lower apps that reward them (以奖代补: the unions app
allocates 惠农 projects for a 五好户联理事会 result; it reads them through `core.registry`)."""

from __future__ import annotations

from jiceng.core.registry import EarnedRating, register_ratings_reader

from .models import Result


def ratings_of(subject_ref: str) -> list[EarnedRating]:
    rows = (Result.objects.filter(subject_ref=subject_ref, round__state="final")
            .select_related("round__scheme").order_by("-round__year", "-round__number", "-pk"))  # fmt: skip
    return [EarnedRating(f"assessments.result:{r.pk}", r.subject_ref, f"{r.round.label}{r.round.scheme.name}",
                         r.round.year, str(r.score), r.grade, r.rating)
            for r in rows]  # fmt: skip


def register() -> None:
    register_ratings_reader(ratings_of)

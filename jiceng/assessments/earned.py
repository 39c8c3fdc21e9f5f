"""The final ratings a subject earned, for lower apps that reward them (以奖代补: the unions app
allocates 惠农 projects for a 五好户联理事会 result; it reads them through `core.registry`)."""

from __future__ import annotations

from jiceng.core.registry import EarnedRating, register_many_ratings_reader

from .models import Result


def ratings_of_many(subject_refs: list[str]) -> dict[str, list[EarnedRating]]:
    rows = (Result.objects.filter(subject_ref__in=subject_refs, round__state="final")
            .select_related("round__scheme").order_by("-round__year", "-round__number", "-pk"))  # fmt: skip
    out: dict[str, list[EarnedRating]] = {}
    for r in rows:
        out.setdefault(r.subject_ref, []).append(
            EarnedRating(f"assessments.result:{r.pk}", r.subject_ref, f"{r.round.label}{r.round.scheme.name}",
                         r.round.year, str(r.score), r.grade, r.rating))  # fmt: skip
    return out


def register() -> None:
    register_many_ratings_reader(ratings_of_many)

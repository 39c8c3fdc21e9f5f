"""THE ONE PLACE the pay sheet reads a village's assessment score from (entered once, issue 16).

The score the township entered by hand (with its source) on the village's pay year comes first:
it is the township's decision. Without one, the village's final year result of the 村级干部目标
责任制 scheme in the assessments app (after its 公示) is the score, with the round named as its
source. Nothing else in `pay` reads scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jiceng.organizations.models import Organization


@dataclass(frozen=True)
class Score:
    value: Decimal
    source: str  # e.g. "范家寨乡2024年度村级目标责任制考核（乡党委会议2025-01-10确定）"


SCHEME = "mubiao"  # the assessments template 村级干部目标责任制 (seed 004: 报酬与年终考核挂钩)


def score_for(org: Organization, year: int) -> Score | None:
    """The year's assessment score of the village `org`, or None when there is none yet."""
    from jiceng.assessments.models import Result
    from jiceng.assessments.queries import score_of

    from .models import VillageYear

    row = VillageYear.objects.filter(organization=org, year=year).values("score", "score_source").first()
    if row is not None and row["score"] is not None:
        return Score(row["score"], row["score_source"])
    found = score_of(org, year, SCHEME)
    if found is None:
        return None
    result = Result.objects.select_related("round__organization", "round__scheme").get(pk=found[1].rsplit(":", 1)[1])
    return Score(found[0], f"{result.round}（考核结果已公示确定）")

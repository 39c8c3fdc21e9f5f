"""What evaluations contribute to the meetings' requirements, registered from `AppConfig.ready`.

A published round evaluating the members (民主评议党员, or its 群众背靠背评议 and 党员互评 steps,
seed 002 section 四) counts as the branch's 民主评议党员 of the round's year (支部工作条例 Art. 18:
yearly), so the work is entered once (issue 10.8) and no meeting has to be recorded beside it.
"""

from __future__ import annotations

from collections.abc import Iterator

from jiceng.core.models import CaseEvent
from jiceng.core.registry import RequirementSource

from .models import MEMBER_KINDS, Round, State

REVIEW_KIND = "review"  # the meetings app's kind code of 民主评议党员


def published_member_rounds(root_path: str, year: int) -> Iterator[tuple[str, int]]:
    """(organization path, month) of each published member evaluation of `year` under `root_path`.

    The month is the one it was published in; a round of `year` published the next January
    (a common time for the year's evaluation) counts in December of its year.
    """
    rounds = list(
        Round.objects.filter(state=State.PUBLISHED, year=year, kind__in=MEMBER_KINDS,
                             organization__path__startswith=root_path)
        .values_list("pk", "organization__path")
    )  # fmt: skip
    published = dict(
        CaseEvent.objects.filter(case_type=Round.case_type(), case_id__in=[pk for pk, _ in rounds],
                                 to_state=State.PUBLISHED).values_list("case_id", "on")
    )  # fmt: skip
    for pk, path in rounds:
        on = published.get(pk)
        if on is None or on.year > year:
            yield path, 12
        elif on.year < year:
            yield path, 1
        else:
            yield path, on.month


SOURCE = RequirementSource(REVIEW_KIND, "已公布的党员评议（评议模块）", published_member_rounds)

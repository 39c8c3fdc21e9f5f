"""What the evaluations app measures for assessments (`core.registry` metrics, issue 16.1): the
favourable share of published 述职评议/民主测评 and 群众评议 results (满意+基本满意, or 优秀+合格+
基本合格: `rules.PASSING`), for an organization or a person, and the member grades of published
民主评议党员. Only published results count, and only where the breakdown is shown (at least
`rules.MIN_BREAKDOWN` ballots: the anonymity floor). Records: the rounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from jiceng.core.registry import Metric, MetricValue, register_metric
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules
from .models import Kind, Outcome, Round, State

RATED_KINDS = (Kind.REPORT, Kind.MASS)


def _rounds(start: dt.date, end: dt.date) -> Any:
    return Round.objects.filter(state=State.PUBLISHED, year__gte=start.year, year__lte=end.year)


def _favourable(pairs: Iterable[tuple[int, dict[str, Any]]]) -> MetricValue:
    good = total = 0
    refs: set[str] = set()
    for pk, subject in pairs:
        counts = subject.get("counts") or {}
        if not counts:  # under the anonymity floor: no breakdown
            continue
        refs.add(f"evaluations.round:{pk}")
        total += sum(counts.values())
        good += sum(n for value, n in counts.items() if value in rules.PASSING)
    value = round(100 * good / total, 1) if total else None
    return MetricValue(value, sorted(refs), f"有效评价{total}票，满意（合格）{good}票")


def satisfaction(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Favourable share of the published 述职评议/民主测评 and 群众评议 in `org`'s subtree, in %."""
    rounds = _rounds(start, end).filter(kind__in=RATED_KINDS, organization__path__startswith=org.path)
    return _favourable((pk, s) for pk, results in rounds.values_list("pk", "results")
                       for s in results.get("subjects", []))  # fmt: skip


def person_satisfaction(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """Favourable share of the person's published 述职评议/民主测评 results, in %."""
    rounds = _rounds(start, end).filter(kind__in=RATED_KINDS, subjects__person=person).distinct()
    return _favourable((pk, s) for pk, results in rounds.values_list("pk", "results")
                       for s in results.get("subjects", []) if s.get("person_id") == person.pk)  # fmt: skip


def _outcomes(org: Organization, start: dt.date, end: dt.date) -> Any:
    return Outcome.objects.filter(
        round__in=_rounds(start, end).filter(kind=Kind.DEMOCRATIC, organization__path__startswith=org.path)
    )


def qualified_share(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Members graded 优秀 or 合格 of those graded in the published 民主评议党员, in %."""
    graded = list(_outcomes(org, start, end).exclude(grade="").values_list("round_id", "grade"))
    good = sum(1 for _, g in graded if g in ("excellent", "qualified"))
    value = round(100 * good / len(graded), 1) if graded else None
    return MetricValue(value, sorted({f"evaluations.round:{pk}" for pk, _ in graded}), f"评定{len(graded)}人")


def unqualified(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Members graded 不合格 in the published 民主评议党员, a count."""
    rows = list(_outcomes(org, start, end).filter(grade="unqualified").values_list("round_id", flat=True))
    return MetricValue(len(rows), sorted({f"evaluations.round:{pk}" for pk in rows}))


def register() -> None:
    for key, label, unit, subject, compute in (
        ("evaluations.satisfaction", "群众评议、民主测评满意率", "%", "organization", satisfaction),
        ("evaluations.person_satisfaction", "本人述职民主测评满意率", "%", "person", person_satisfaction),
        ("evaluations.qualified_share", "民主评议党员合格以上比例", "%", "organization", qualified_share),
        ("evaluations.unqualified", "评定为不合格的党员数", "人", "organization", unqualified),
    ):
        register_metric(Metric(key, label, unit, subject, compute, app="evaluations",
                               description=compute.__doc__ or ""))  # fmt: skip

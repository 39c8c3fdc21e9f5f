"""What the evaluations app measures for assessments (`core.registry` metrics, issue 16.1): the
favourable share of published 述职评议/民主测评 and 群众评议 results (满意+基本满意, or 优秀+合格+
基本合格: `rules.PASSING`), for an organization or a person, and the member grades of published
民主评议党员. Only published results count, and only where the breakdown is shown (at least
`rules.MIN_BREAKDOWN` ballots: the anonymity floor). Records: the rounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from jiceng.core.access import common_root, subtrees_of
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
    return satisfaction_many([org], start, end)[org.pk]


def _grouped(orgs: list[Organization], rows: Iterable[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows whose first item is a tree path, listed under each of `orgs` they lie under."""
    under = subtrees_of(o.path for o in orgs)
    out: dict[str, list[tuple[Any, ...]]] = {o.path: [] for o in orgs}
    for row in rows:
        for owner in under(row[0]):
            out[owner].append(row)
    return out


def satisfaction_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    rounds = _rounds(start, end).filter(kind__in=RATED_KINDS,
                                        organization__path__startswith=common_root(o.path for o in orgs))  # fmt: skip
    grouped = _grouped(orgs, rounds.order_by("pk").values_list("organization__path", "pk", "results"))
    return {o.pk: _favourable((pk, s) for _, pk, results in grouped[o.path] for s in results.get("subjects", []))
            for o in orgs}  # fmt: skip


def person_satisfaction(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """Favourable share of the person's published 述职评议/民主测评 results, in %."""
    rounds = _rounds(start, end).filter(kind__in=RATED_KINDS, subjects__person=person).distinct()
    return _favourable((pk, s) for pk, results in rounds.values_list("pk", "results")
                       for s in results.get("subjects", []) if s.get("person_id") == person.pk)  # fmt: skip


def _graded(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[str, list[tuple[Any, ...]]]:
    """(path, round, grade) of the graded members in the published 民主评议党员 under each of `orgs`."""
    rounds = _rounds(start, end).filter(kind=Kind.DEMOCRATIC,
                                        organization__path__startswith=common_root(o.path for o in orgs))  # fmt: skip
    rows = Outcome.objects.filter(round__in=rounds).exclude(grade="").order_by()
    return _grouped(orgs, rows.values_list("round__organization__path", "round_id", "grade"))


def qualified_share(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Members graded 优秀 or 合格 of those graded in the published 民主评议党员, in %."""
    return qualified_share_many([org], start, end)[org.pk]


def qualified_share_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    out = {}
    grouped = _graded(orgs, start, end)
    for o in orgs:
        graded = grouped[o.path]
        good = sum(1 for _, _, g in graded if g in ("excellent", "qualified"))
        value = round(100 * good / len(graded), 1) if graded else None
        out[o.pk] = MetricValue(value, sorted({f"evaluations.round:{pk}" for _, pk, _ in graded}),
                                f"评定{len(graded)}人")  # fmt: skip
    return out


def unqualified(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Members graded 不合格 in the published 民主评议党员, a count."""
    return unqualified_many([org], start, end)[org.pk]


def unqualified_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    grouped = _graded(orgs, start, end)
    out = {}
    for o in orgs:
        rows = [pk for _, pk, g in grouped[o.path] if g == "unqualified"]
        out[o.pk] = MetricValue(len(rows), sorted({f"evaluations.round:{pk}" for pk in rows}))
    return out


def register() -> None:
    many: dict[str, Any] = {"evaluations.satisfaction": satisfaction_many,
                            "evaluations.qualified_share": qualified_share_many,
                            "evaluations.unqualified": unqualified_many}  # fmt: skip
    for key, label, unit, subject, compute in (
        ("evaluations.satisfaction", "群众评议、民主测评满意率", "%", "organization", satisfaction),
        ("evaluations.person_satisfaction", "本人述职民主测评满意率", "%", "person", person_satisfaction),
        ("evaluations.qualified_share", "民主评议党员合格以上比例", "%", "organization", qualified_share),
        ("evaluations.unqualified", "评定为不合格的党员数", "人", "organization", unqualified),
    ):
        register_metric(Metric(key, label, unit, subject, compute, app="evaluations",
                               description=compute.__doc__ or "", compute_many=many.get(key)))  # fmt: skip

"""A round's computation: each subject's figures from the registered metrics (with the records
behind each), the reviewers' scores, the daily entries and the 目标责任书, under the scheme's
rules (`rules.py`). Reads other apps only through `core.registry`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jiceng.core.errors import DomainError
from jiceng.core.registry import MetricValue, metric, rated_kind
from jiceng.organizations.models import Organization
from jiceng.people.models import Person, Post

from . import rules
from .models import DiaryEntry, Result, ReviewScore, Round, Scheme, TargetLetter

ORG = "organizations.organization"
PERSON = "people.person"


@dataclass
class Subject:
    ref: str
    name: str
    org_path: str
    organization: Organization | None = None
    person: Person | None = None


def subjects_of(scheme: Scheme, root: Organization, on: dt.date) -> list[Subject]:
    """The villages (村级党组织) under `root`, its cadres (posts held on `on`, and the township's own
    staff), or its members, as the scheme's subject says; a registered kind (户联理事会) from the app
    that keeps it — with no organization on the result, so a village's own result is never a union's."""
    if scheme.subject in rules.RATED_SUBJECTS:
        kind = rated_kind(scheme.subject)
        rated = kind.subjects(root, on) if kind is not None else []
        return [Subject(s.ref, s.name, s.org_path) for s in rated]
    if scheme.subject == "village":
        orgs = Organization.objects.filter(path__startswith=root.path, is_village_level=True,
                                           dissolved_on__isnull=True).order_by("path")  # fmt: skip
        return [Subject(f"{ORG}:{o.pk}", o.name, o.path, organization=o) for o in orgs]
    if scheme.subject == "cadre":
        with_posts = Post.objects.current_on(on).filter(person__org_path__startswith=root.path).values("person_id")
        people = Person.objects.filter(pk__in=with_posts) | Person.objects.filter(organization=root).members()
    else:
        people = Person.objects.in_subtree(root).members()
    people = people.distinct().select_related("organization").order_by("org_path", "name", "pk")
    return [Subject(f"{PERSON}:{p.pk}", p.name, p.org_path, person=p) for p in people]


@dataclass
class Inputs:
    """What a round reads besides the metrics: reviews, daily entries, targets, last year's classes."""

    reviews: dict[tuple[str, str], list[Decimal]] = field(default_factory=lambda: defaultdict(list))
    diary: dict[tuple[str, str], list[tuple[Decimal, str]]] = field(default_factory=lambda: defaultdict(list))
    targets: dict[int, dict[str, str]] = field(default_factory=dict)
    previous: dict[str, str] = field(default_factory=dict)  # subject ref → last year's class name


def inputs_of(rnd: Round) -> Inputs:
    scheme = rnd.scheme
    out = Inputs()
    for ref, code, points in ReviewScore.objects.filter(round=rnd).values_list("subject_ref", "indicator", "points"):
        out.reviews[(ref, code)].append(points)
    entries = DiaryEntry.objects.filter(owner_id=scheme.owner_id, scheme_code=scheme.code, on__gte=rnd.starts_on,
                                        on__lte=rnd.ends_on).order_by("on", "pk")  # fmt: skip
    for e in entries:
        out.diary[(e.subject_ref, e.indicator)].append((e.points, f"assessments.diaryentry:{e.pk}"))
    letters = TargetLetter.objects.filter(scheme__owner_id=scheme.owner_id, scheme__code=scheme.code, year=rnd.year)
    out.targets = {org_id: targets for org_id, targets in letters.values_list("organization_id", "targets")}
    if scheme.outcomes.get("classes"):
        last = Result.objects.filter(round__scheme__owner_id=scheme.owner_id, round__scheme__code=scheme.code,
                                     round__year=rnd.year - 1, round__period="year", round__state="final")  # fmt: skip
        out.previous = dict(last.values_list("subject_ref", "level"))
    return out


class Figures:
    """Metric values computed once per (metric, subject) within a round."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.cache: dict[tuple[str, str, int], MetricValue] = {}

    def of(self, key: str, subject: Any) -> MetricValue:
        kind = "organization" if isinstance(subject, Organization) else "person"
        found = self.cache.get((key, kind, subject.pk))
        if found is None:
            found = metric(key).compute(subject, self.start, self.end)
            self.cache[(key, kind, subject.pk)] = found
        return found

    def prefetch(self, key: str, subjects: list[Any]) -> None:
        """Compute a metric for many subjects at once where it can (`Metric.compute_many`)."""
        m = metric(key)
        if m.compute_many is None:
            return
        kind = "organization" if m.subject == "organization" else "person"
        todo = [s for s in subjects if (key, kind, s.pk) not in self.cache]
        if not todo:
            return
        for pk, value in m.values(todo, self.start, self.end).items():
            self.cache[(key, kind, pk)] = value

    def via(self, key: str, via: str, person: Person) -> MetricValue:
        """An organization's figure for a person: their own organization, or the organizations a
        person metric names (ledgers.liaison_villages: the villages of a resident cadre), averaged."""
        if via == "own":
            return self.of(key, person.organization)
        refs = [r for r in self.of(via, person).records if r.startswith(f"{ORG}:")]
        orgs = list(Organization.objects.filter(pk__in=[int(r.split(":")[1]) for r in refs]).order_by("path"))
        values = [self.of(key, org) for org in orgs]
        known = [Decimal(str(v.value)) for v in values if v.value is not None]
        mean = rules.q(sum(known, rules.ZERO) / len(known)) if known else None
        return MetricValue(float(mean) if mean is not None else None,
                           refs + [r for v in values for r in v.records], "、".join(o.name for o in orgs))  # fmt: skip


def _line(ind: rules.Indicator, subject: Subject, figures: Figures, inputs: Inputs) -> dict[str, Any]:
    line: dict[str, Any] = {"code": ind.code, "name": ind.name, "category": ind.category, "method": ind.method,
                            "max": str(ind.points), "value": None, "unit": "", "note": "", "records": [],
                            "vetoed": False}  # fmt: skip
    if ind.method == "metric":
        m = metric(ind.metric)
        target_text = (inputs.targets.get(subject.organization.pk, {}) if subject.organization else {}).get(ind.code)
        if subject.person is not None and m.subject == "organization":
            mv = figures.via(ind.metric, ind.via, subject.person)
        else:
            mv = figures.of(ind.metric, subject.organization or subject.person)
        assert ind.rule is not None
        target = Decimal(target_text) if target_text is not None else None
        scored = rules.score_metric(ind.rule, mv.value, ind.points, target)
        notes = [n for n in (mv.note, scored.note, "按目标责任书" if target is not None else "") if n]
        line.update(value=mv.value, unit=m.unit, metric=m.key, points=str(scored.points), vetoed=scored.vetoed,
                    note="；".join(notes), records=list(mv.records))  # fmt: skip
    elif ind.method == "review":
        scores = inputs.reviews.get((subject.ref, ind.code), [])
        mean = rules.score_review(scores)
        if mean is None:
            raise DomainError(f"“{subject.name}”的评审指标“{ind.name}”尚无人打分，不能计分")
        line.update(points=str(mean), value=float(mean), note=f"{len(scores)}人评审")
    else:
        entries = inputs.diary.get((subject.ref, ind.code), [])
        points = rules.score_diary([p for p, _ in entries], ind.points, ind.floor)
        line.update(points=str(points), value=float(sum((p for p, _ in entries), rules.ZERO)),
                    note=f"{len(entries)}条台账日记", records=[ref for _, ref in entries])  # fmt: skip
    return line


def compute(rnd: Round) -> list[Result]:
    """Every subject's result (unsaved): lines, total, grade, rating, stars, class."""
    scheme = rnd.scheme
    outcomes = scheme.outcomes
    figures = Figures(rnd.starts_on, rnd.ends_on)
    inputs = inputs_of(rnd)
    classes = outcomes.get("classes")
    levels = classes["levels"] if classes else []
    out = []
    subjects = subjects_of(scheme, rnd.organization, rnd.ends_on)
    for ind in (i for c in scheme.categories for i in c.indicators if i.method == "metric" and i.metric):
        # A county round: each metric over all subjects at once where the metric can (`prefetch`).
        if metric(ind.metric).subject == "person":
            figures.prefetch(ind.metric, [s.person for s in subjects if s.person is not None])
        elif ind.via == "own":
            figures.prefetch(ind.metric, list({s.person.organization for s in subjects if s.person is not None}))
        elif not ind.via:
            figures.prefetch(ind.metric, [s.organization for s in subjects if s.organization is not None])
    for subject in subjects:
        lines = [_line(i, subject, figures, inputs) for c in scheme.categories for i in c.indicators]
        score = sum((Decimal(line["points"]) for line in lines), rules.ZERO)
        vetoed = any(line["vetoed"] for line in lines)
        by_category: dict[str, tuple[Decimal, Decimal]] = {}
        for c in scheme.categories:
            got = sum((Decimal(line["points"]) for line in lines if line["category"] == c.name), rules.ZERO)
            by_category[c.name] = (got, sum((i.points for i in c.indicators if i.method != "diary"), rules.ZERO))
        result = Result(round=rnd, subject_ref=subject.ref, organization=subject.organization, person=subject.person,
                        org_path=subject.org_path, name=subject.name, score=rules.q(score), vetoed=vetoed,
                        grade=rules.grade_of(score, outcomes["grades"], vetoed), lines=lines,
                        rating=rules.rating_of(outcomes.get("rating"), score, by_category, vetoed))  # fmt: skip
        if stars := outcomes.get("stars"):
            result.stars = rules.stars_of([(Decimal(x["points"]), Decimal(x["max"])) for x in lines],
                                          Decimal(stars["percent"]))  # fmt: skip
            if result.stars == len(lines) and stars.get("label"):
                result.rating = stars["label"]
        if classes:
            names = [level["name"] for level in levels]
            before = inputs.previous.get(subject.ref)
            move = rules.next_class(levels, names.index(before) if before in names else None, score, vetoed,
                                    classes.get("step", 1), Decimal(classes.get("margin", "0")))  # fmt: skip
            result.level, result.move = names[move.level], move.move
        out.append(result)
    return out


def goal_of(scheme: Scheme, results: list[Result]) -> dict[str, Any] | None:
    """升级晋档's goal (seed 001: 二类村计划要达30%): the share reached by the round's classes."""
    classes = scheme.outcomes.get("classes") or {}
    goal = classes.get("goal") or {}
    names = [level["name"] for level in classes.get("levels", [])]
    if not goal or goal.get("class") not in names:
        return None
    share, reached = rules.goal_reached([names.index(r.level) for r in results if r.level in names],
                                        names.index(goal["class"]), Decimal(str(goal.get("share", 0))))  # fmt: skip
    return {"class": goal["class"], "share": share, "wanted": goal.get("share"), "reached": reached}

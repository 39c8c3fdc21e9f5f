"""What the pages, the API and other apps read: results, progress against the 目标责任书, duty
quota progress, an organization's history, the public ratings board, and `score_of` (the cadre
pay app reads a village's year-end score here)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jiceng.core.registry import metric
from jiceng.organizations.models import Organization
from jiceng.people.models import Person, Post
from jiceng.people.rules import PartyTitle, PostBody

from . import rules
from .models import Evidence, QuotaScheme, Result, Round, TargetLetter
from .scoring import Figures


def score_of(org: Organization, year: int, scheme_code: str) -> tuple[Decimal, str] | None:
    """The village's final year score of the scheme `scheme_code` (any version, its owner's
    latest final year round), with the ref of the result: what the cadre pay sheet reads
    (issue 16.6: 年终考核). None before the round is final."""
    found = (Result.objects.filter(organization=org, round__year=year, round__period="year", round__state="final",
                                   round__scheme__code=scheme_code)
             .order_by("-round__scored_at", "-pk").values_list("pk", "score").first())  # fmt: skip
    if found is None:
        return None
    return found[1], f"assessments.result:{found[0]}"


# ---------------------------------------------------------------- drilling down to the records


# Where each kind of record is read (URL names of the apps: strings, no import).
RECORD_URLS = {
    "meetings.meeting": "meetings:detail",
    "ledgers.ledgeritem": "ledgers:item_detail",
    "training.session": "training:detail",
    "development.file": "development:detail",
    "evaluations.round": "evaluations:detail",
    "people.person": "people:detail",
    "organizations.organization": "reports:dashboard",
}


@dataclass(frozen=True)
class Record:
    ref: str
    kind: str
    text: str
    url: str


def records(refs: list[str], user: Any, limit: int = 200) -> tuple[list[Record], int]:
    """The records behind a figure that `user` may see (their own app's `visible_to`), named by
    the record's own text; how many more exist beyond what is shown or visible."""
    by_model: dict[str, list[int]] = defaultdict(list)
    for ref in refs:
        label, _, pk = ref.partition(":")
        if pk.isdigit():
            by_model[label].append(int(pk))
    out: list[Record] = []
    for label, ids in sorted(by_model.items()):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        rows = model._default_manager.filter(pk__in=ids[:limit])
        if hasattr(rows, "visible_to"):
            rows = rows.visible_to(user)
        kind = str(model._meta.verbose_name)
        for obj in rows:
            url = ""
            if label in RECORD_URLS:
                try:
                    url = reverse(RECORD_URLS[label], args=[obj.pk])
                except NoReverseMatch:
                    url = ""
            out.append(Record(f"{label}:{obj.pk}", kind, _text(obj), url))
    return out, max(0, len(refs) - len(out))


def _text(obj: Any) -> str:
    on = next((getattr(obj, f) for f in ("held_on", "collected_on", "visited_on", "starts_on", "on", "paid_on")
               if getattr(obj, f, None)), None)  # fmt: skip
    text = str(obj)[:80]
    return f"{on:%Y-%m-%d} {text}" if isinstance(on, dt.date) else text


# ---------------------------------------------------------------- history and comparison


@dataclass
class HistoryRow:
    result: Result
    last_year: Result | None

    @property
    def change(self) -> Decimal | None:
        return self.result.score - self.last_year.score if self.last_year else None


def history(org: Organization | None = None, person: Person | None = None, subject_ref: str = "") -> list[HistoryRow]:
    """Every result of the organization (or the person, or a registered subject such as a 户联理事会
    by its ref), newest first, with the same scheme's result a year before."""
    if org is not None:
        found = Result.objects.filter(organization=org)
    elif person is not None:
        found = Result.objects.filter(person=person)
    else:  # never "every result without a person": only this subject's
        found = Result.objects.filter(subject_ref=subject_ref or "-")
    rows = list(found.select_related("round__scheme")
                .order_by("-round__year", "round__scheme__code", "-round__number"))  # fmt: skip
    index = {(r.round.scheme.code, r.round.period, r.round.number, r.round.year): r for r in rows}
    return [HistoryRow(r, index.get((r.round.scheme.code, r.round.period, r.round.number, r.round.year - 1)))
            for r in rows]  # fmt: skip


# ---------------------------------------------------------------- 目标责任书 progress


@dataclass(frozen=True)
class Progress:
    code: str
    name: str
    unit: str
    target: Decimal
    value: float | int | None
    direction: str
    records: list[str]

    @property
    def met(self) -> bool:
        if self.value is None:
            return False
        v = Decimal(str(self.value))
        return v <= self.target if self.direction == "max" else v >= self.target


def progress(letter: TargetLetter, today: dt.date | None = None) -> tuple[dt.date, list[Progress]]:
    """Each target of the letter against its metric from 1 January to today (or the year's end)."""
    today = today or timezone.localdate()
    start, end = dt.date(letter.year, 1, 1), min(dt.date(letter.year, 12, 31), today)
    figures = Figures(start, end)
    out = []
    indicators = letter.scheme.indicators
    for code, value in letter.targets.items():
        ind = indicators.get(code)
        if ind is None or not ind.metric:
            continue
        mv = figures.of(ind.metric, letter.organization)
        rule = ind.rule or {}
        # a count of faults (扣分, 一票否决) should stay at most the target; anything else reach it
        direction = rule.get("direction", "min") if rule.get("kind") == "target" else (
            "max" if rule.get("kind") in ("deduction", "veto") else "min")  # fmt: skip
        out.append(Progress(code, ind.name, metric(ind.metric).unit, Decimal(value), mv.value, direction, mv.records))
    return end, out


# ---------------------------------------------------------------- duty quotas


def holders(scheme: QuotaScheme, role: str, on: dt.date) -> list[Person]:
    """The people a quota applies to, by their posts on `on` (people's dated posts)."""
    owner = scheme.owner
    posts = Post.objects.current_on(on).filter(body=PostBody.PARTY, person__org_path__startswith=owner.path)
    village = Q(organization__is_village_level=True)
    ids: Any
    if role == "township_committee":
        ids = posts.filter(organization=owner).values("person_id")
    elif role == "township_secretary":
        ids = posts.filter(organization=owner, title=PartyTitle.SECRETARY).values("person_id")
    elif role == "branch_secretary":
        ids = posts.filter(village, title=PartyTitle.SECRETARY).values("person_id")
    elif role == "branch_committee":
        ids = posts.filter(village, title__in=(PartyTitle.DEPUTY_SECRETARY, PartyTitle.MEMBER)).values("person_id")
    elif role == "township_staff":
        return list(Person.objects.filter(organization=owner).members().order_by("name", "pk"))
    else:  # 乡村党员干部: every party post holder, and the township's own staff who are members
        staff = Person.objects.filter(organization=owner).members().values_list("pk", flat=True)
        ids = set(posts.values_list("person_id", flat=True)) | set(staff)  # two indexed reads, not an OR
    return list(Person.objects.filter(pk__in=ids).select_related("organization").order_by("org_path", "name", "pk"))


@dataclass
class Cell:
    item: dict[str, Any]
    done: int
    records: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.done >= self.item["count"]


@dataclass
class PersonRow:
    person: Person
    cells: list[Cell]

    @property
    def met(self) -> int:
        return sum(1 for c in self.cells if c.met)


def quota_progress(scheme: QuotaScheme, year: int, today: dt.date | None = None) -> list[PersonRow]:
    """Each person the quotas apply to, with what they did in the year: counted from the records
    (the item's person metric) or from the evidence entered by hand."""
    today = today or timezone.localdate()
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), max(today, dt.date(year, 1, 1)))
    figures = Figures(start, end)
    evidence: dict[tuple[int, str], list[Evidence]] = defaultdict(list)
    for e in scheme.evidence.filter(on__gte=start, on__lte=end).order_by("on", "pk"):
        evidence[(e.person_id, e.item)].append(e)
    rows: dict[int, PersonRow] = {}
    held: dict[str, list[Person]] = {}
    for item in scheme.items:
        if item["role"] not in held:
            held[item["role"]] = holders(scheme, item["role"], end)
        people = held[item["role"]]
        if item["metric"]:
            figures.prefetch(item["metric"], people)  # one read for everyone (compute_many)
        for person in people:
            row = rows.setdefault(person.pk, PersonRow(person, []))
            if item["metric"]:
                mv = figures.of(item["metric"], person)
                done = int(mv.value or 0)
                row.cells.append(Cell(item, done, list(mv.records)))
            else:
                found = evidence.get((person.pk, item["code"]), [])
                row.cells.append(Cell(item, sum(e.amount for e in found),
                                      [f"assessments.evidence:{e.pk}" for e in found]))  # fmt: skip
    return sorted(rows.values(), key=lambda r: (r.person.org_path, r.person.name, r.person.pk))


# ---------------------------------------------------------------- the public ratings board (公示牌)


def board(org: Organization) -> list[tuple[Round, list[Result]]]:
    """Rounds of `org`'s subtree in 公示 or final, with their results: villages, and cadres by name
    (members' own evaluations are never public)."""
    rounds = (Round.objects.filter(org_path__startswith=org.path, state__in=("publicity", "final"))
              .exclude(scheme__subject="member").select_related("scheme", "organization")
              .order_by("-year", "-number", "scheme__name")[:20])  # fmt: skip
    out = []
    for rnd in rounds:
        shown = ("name", "score", "grade", "rating", "level", "move", "stars", "vetoed", "round_id")
        results = list(Result.objects.filter(round=rnd).only(*shown).order_by("-score", "name"))
        out.append((rnd, results))
    return out


def label_of(period: str, year: int, number: int) -> str:
    return rules.period_label(period, year, number)

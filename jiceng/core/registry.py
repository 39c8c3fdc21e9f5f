"""Registries that higher apps fill in from their `AppConfig.ready` (core imports no app).

- Demo data: `register_demo(order, label, seeder)`; `seed_demo` runs the seeders in order.
- Requirements met by other records: `register_requirement_source(RequirementSource(...))`
  (a published 民主评议 round counts for the 民主评议党员 requirement of the meetings compliance).
- Metrics: `register_metric(Metric(...))`: named measures of what an app records, for an
  organization or a person over a period, each value with the records behind it (a figure
  shows where it came from). Assessments score these; nothing here counts logins, online time,
  check-ins or likes — the registry only holds what apps record as work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import DomainError

DemoSeeder = Callable[[dt.date, int, Callable[[str], None]], Any]


@dataclass(frozen=True)
class DemoEntry:
    order: int
    label: str
    seeder: DemoSeeder


_DEMOS: dict[str, DemoEntry] = {}


def register_demo(order: int, label: str, seeder: DemoSeeder) -> None:
    """`seeder(today, seed, progress)` adds the app's demo data after the org tree and people exist."""
    _DEMOS[label] = DemoEntry(order, label, seeder)


def demo_seeders() -> list[DemoEntry]:
    return sorted(_DEMOS.values(), key=lambda e: (e.order, e.label))


@dataclass(frozen=True)
class MetricValue:
    value: float | int | None
    records: list[str] = field(default_factory=list)  # refs "app_label.model:pk" behind the figure
    note: str = ""


@dataclass(frozen=True)
class Metric:
    key: str  # "meetings.compliance"
    label: str  # "三会一课达标率"
    unit: str  # "%", "次", "件", "小时"
    subject: str  # "organization" | "person"
    compute: Callable[[Any, dt.date, dt.date], MetricValue]  # (subject, start, end) → value
    app: str = ""
    description: str = ""
    # The same for many subjects at once (a county round): (subjects, start, end) → {subject pk: value}.
    # Must give exactly what `compute` gives for each (tests compare them); None: `compute` per subject.
    compute_many: Callable[[list[Any], dt.date, dt.date], dict[int, MetricValue]] | None = None

    def values(self, subjects: list[Any], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
        if self.compute_many is not None:
            return self.compute_many(subjects, start, end)
        return {s.pk: self.compute(s, start, end) for s in subjects}


_METRICS: dict[str, Metric] = {}
# The anti-formalism rules (2023 意见, 2026 政务 app rules): these are never measures of work.
FORBIDDEN_WORDS = ("登录", "在线时长", "打卡", "签到", "点赞", "照片")


def register_metric(metric: Metric) -> None:
    if metric.subject not in ("organization", "person"):
        raise DomainError(f"指标“{metric.label}”的对象应为组织或人员")
    if any(word in metric.label for word in FORBIDDEN_WORDS):
        raise DomainError(f"指标“{metric.label}”不能以登录、在线时长、打卡、点赞或照片计分")
    _METRICS[metric.key] = metric


def metric(key: str) -> Metric:
    try:
        return _METRICS[key]
    except KeyError as exc:
        raise DomainError(f"指标“{key}”未登记") from exc


def metrics(subject: str | None = None) -> list[Metric]:
    return sorted((m for m in _METRICS.values() if subject in (None, m.subject)), key=lambda m: m.key)


# ---------------------------------------------------------------- "my page" sections

MySection = Callable[[Any, dt.date], dict[str, Any] | None]


@dataclass(frozen=True)
class MyPageEntry:
    order: int
    key: str
    template: str  # a template fragment rendered with the section's context
    context: MySection  # (user, today) → context, or None when the section has nothing to show


_MY_PAGE: dict[str, MyPageEntry] = {}


# The order of the sections on the home page of what to do (issue 10.11), by slot:
#   10–19 meetings: this week's meetings (meetings app)
#   20–29 leave: requests to approve, and one's own requests (meetings app)
#   30–39 notices: unread meeting notices and 公示 (meetings / notices apps)
#   40–49 ledger items due or overdue, handled or supervised (ledgers app)
#   50–59 visits: liaisons' visit-quota shortfalls (ledgers app)
#   60–   evaluations and later apps
MY_PAGE_SLOTS = {
    "meetings": 10,
    "leave": 20,
    "notices": 30,
    "ledger_items": 40,
    "visits": 50,
    "evaluations": 60,
    "dues_arrears": 70,
}


def register_my_page(order: int, key: str, template: str, context: MySection) -> None:
    """A section of the logged-in person's own page and of the home page of what to do (meetings
    and leave, notices addressed to them, items due, quota shortfalls …; `MY_PAGE_SLOTS` for the
    order). `context(user, today)` returns None when the section has nothing for this user: the
    home page then says there is nothing to do instead of showing empty boxes."""
    _MY_PAGE[key] = MyPageEntry(order, key, template, context)


def my_page_sections() -> list[MyPageEntry]:
    return sorted(_MY_PAGE.values(), key=lambda e: (e.order, e.key))


# ---------------------------------------------------------------- requirements met by other records

# (root tree path, year) → one (organization tree path, month 1–12) per record of that year under root.
HeldCounter = Callable[[str, int], Iterable[tuple[str, int]]]


@dataclass(frozen=True)
class RequirementSource:
    """Records of another app that count for a meeting requirement (entered once, issue 10.8):
    a published 民主评议 round (evaluations) is the year's 民主评议党员 (`kind`, a meeting kind
    code of the meetings app, e.g. "review"). The meetings compliance adds them to the meetings
    held, per branch of each record's organization."""

    kind: str
    label: str  # how the page names them: "已公布的民主评议（评议模块）"
    count: HeldCounter


_REQUIREMENT_SOURCES: dict[tuple[str, str], RequirementSource] = {}


def register_requirement_source(source: RequirementSource) -> None:
    _REQUIREMENT_SOURCES[(source.kind, source.label)] = source


def requirement_sources() -> list[RequirementSource]:
    return sorted(_REQUIREMENT_SOURCES.values(), key=lambda s: (s.kind, s.label))


# ---------------------------------------------------------------- sections of the public board

# (organization, month) → context, or None when the section has nothing to show. `month` is the
# first day of an archived month, or None for the board as it stands today.
BoardContext = Callable[[Any, dt.date | None], dict[str, Any] | None]


@dataclass(frozen=True)
class BoardSection:
    order: int
    key: str
    template: str  # a template fragment rendered with the section's context
    context: BoardContext


_BOARD: dict[str, BoardSection] = {}


def register_board_section(order: int, key: str, template: str, context: BoardContext) -> None:
    """A section of a village's (or township's) public board, no login (the openness app renders
    them in order): 公开 items, 公示 with the objection button, published ledger items, evaluation
    results, 例会 issues' resolutions. A section shows nothing personal of the people concerned."""
    _BOARD[key] = BoardSection(order, key, template, context)


def board_sections() -> list[BoardSection]:
    return sorted(_BOARD.values(), key=lambda e: (e.order, e.key))


# ---------------------------------------------------------------- bodies and people rated by higher apps


@dataclass(frozen=True)
class RatedSubject:
    """Something a higher app rates that is neither an organization of the tree nor a person of the
    roster: a 户联理事会, a 理事 (possibly named only). `ref` is "app_label.model:pk"."""

    ref: str
    name: str
    org_path: str  # the village's path: results and ballots are seen in its subtree
    organization: Any  # the village organization it belongs to (core imports no app)


@dataclass(frozen=True)
class RatedKind:
    key: str  # "union", "councillor"
    label: str  # "户联理事会", "关怀理事"
    subjects: Callable[[Any, dt.date], list[RatedSubject]]  # (root organization, on) → those under root


_RATED: dict[str, RatedKind] = {}


def register_rated_kind(kind: RatedKind) -> None:
    """A domain app offers its bodies or people as subjects of assessment schemes (五好户联理事会)
    and of evaluations (优秀关怀理事评比): the higher app lists them through here."""
    _RATED[kind.key] = kind


def rated_kind(key: str) -> RatedKind | None:
    return _RATED.get(key)


# ---------------------------------------------------------------- ratings earned, read by lower apps


@dataclass(frozen=True)
class EarnedRating:
    """A final result of an assessment round for a subject: what a lower app may reward (以奖代补)."""

    ref: str  # "assessments.result:<pk>"
    subject_ref: str
    label: str  # "2026年度“五好”户联理事会评比"
    year: int
    score: str
    grade: str
    rating: str  # the 称号 earned, or ""


RatingsReader = Callable[[str], list[EarnedRating]]
_RATINGS: list[RatingsReader] = []


def register_ratings_reader(reader: RatingsReader) -> None:
    if reader not in _RATINGS:
        _RATINGS.append(reader)


def ratings_of(subject_ref: str) -> list[EarnedRating]:
    """Every final rating of `subject_ref` (assessments registers the reader; none without it)."""
    return ratings_of_many([subject_ref]).get(subject_ref, [])


ManyRatingsReader = Callable[[list[str]], dict[str, list[EarnedRating]]]
_MANY_RATINGS: list[ManyRatingsReader] = []


def register_many_ratings_reader(reader: ManyRatingsReader) -> None:
    """A reader of the final ratings of many subjects at once (one query for a township's list)."""
    if reader not in _MANY_RATINGS:
        _MANY_RATINGS.append(reader)


def ratings_of_many(subject_refs: list[str]) -> dict[str, list[EarnedRating]]:
    """Every final rating of each of `subject_refs` (absent: none)."""
    out: dict[str, list[EarnedRating]] = {}
    for reader in _MANY_RATINGS:
        for ref, found in reader(subject_refs).items():
            out.setdefault(ref, []).extend(found)
    for ref in subject_refs:
        for single in _RATINGS:
            out.setdefault(ref, []).extend(single(ref))
    return {ref: found for ref, found in out.items() if found}


# ---------------------------------------------------------------- dashboard sections


@dataclass(frozen=True)
class DashboardSection:
    order: int
    key: str
    template: str
    context: Callable[[Any, Any, dt.date], dict[str, Any] | None]  # (user, organization, today)


_DASHBOARDS: dict[str, dict[str, DashboardSection]] = {}


def register_dashboard_section(dashboard: str, order: int, key: str, template: str,
                               context: Callable[[Any, Any, dt.date], dict[str, Any] | None]) -> None:  # fmt: skip
    """A section another app adds to a dashboard (the councils' 两会 dashboard shows the unions due
    for rating and the hardship fund's balance); `context` returns None when it has nothing."""
    _DASHBOARDS.setdefault(dashboard, {})[key] = DashboardSection(order, key, template, context)


def dashboard_sections(dashboard: str, user: Any, org: Any, today: dt.date) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for section in sorted(_DASHBOARDS.get(dashboard, {}).values(), key=lambda s: (s.order, s.key)):
        if (context := section.context(user, org, today)) is not None:
            out.append((section.template, context))
    return out

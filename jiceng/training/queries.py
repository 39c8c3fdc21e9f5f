"""What the training pages and other apps read: each person's 学时 from every source, the yearly
requirement by role at a date, the shortfall list and the figures as the seeds report them.

Two sources, each entered once: sessions recorded here (`Participant`), and the meetings app's
held 党课 and meetings marked "以会代训" (`MeetingCredit`), read from their attendance: every
attendee present (出席, 迟到, 早退) gets the hours; nothing is copied.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from jiceng.core.access import sums_under
from jiceng.meetings.models import Attendance
from jiceng.meetings.rules import ATTENDED, Kind, Status
from jiceng.organizations.models import Organization
from jiceng.people.models import Person, Post
from jiceng.people.rules import MEMBER_CATEGORIES, PartyTitle, PostBody, category_on

from . import rules
from .models import ZERO, Participant, Session
from .rules import KIND_BY_LABEL, SessionKind

MEETING_SOURCE = "来自会议记录"
SESSION_SOURCE = "培训登记"
# 基层党组织书记和班子成员 (第十四条): the party posts of a committee.
CADRE_TITLES = (PartyTitle.SECRETARY, PartyTitle.DEPUTY_SECRETARY, PartyTitle.MEMBER)
DEC = DecimalField(max_digits=8, decimal_places=1)
LESSON_HOURS = rules.COUNTING.lesson_hours
TENTH = Decimal("0.1")


def tenths(value: object) -> Decimal:
    """学时 to one decimal place, whatever the database's sum returned (SQLite drops the scale)."""
    return Decimal(str(value)).quantize(TENTH)


NO_HOURS = tenths(0)  # most of a county's members in a year's first months (built once: 4 µs each)


@dataclass(frozen=True)
class Line:
    """One source of a person's 学时."""

    on: dt.date
    title: str
    kind: str
    hours: Decimal
    source: str
    organization: str
    url: str
    entry_gap_days: int = 0

    @property
    def late(self) -> bool:
        return self.entry_gap_days > rules.LATE_AFTER_DAYS


@dataclass(frozen=True)
class Hours:
    hours: Decimal
    days: Decimal


def kind_values(kinds: Iterable[str] | None) -> set[str] | None:
    """Kinds given by label ("集中培训") or by value ("concentrated"); None means every kind."""
    if kinds is None:
        return None
    return {KIND_BY_LABEL.get(k, k) for k in kinds}


def _participations(start: dt.date, end: dt.date, kinds: set[str] | None) -> QuerySet[Participant]:
    rows = Participant.objects.filter(session__starts_on__gte=start, session__starts_on__lte=end)
    return rows.filter(session__kind__in=kinds) if kinds is not None else rows


def _meeting_filter(kinds: set[str] | None) -> Q:
    lesson = Q(meeting__kind=Kind.LESSON)
    credited = Q(meeting__training_credit__isnull=False) & ~lesson
    if kinds is None:
        return lesson | credited
    wanted = Q(pk__in=[])
    if SessionKind.LESSON in kinds:
        wanted |= lesson
    if SessionKind.MEETING in kinds:
        wanted |= credited
    return wanted


def _attendances(start: dt.date, end: dt.date, kinds: set[str] | None) -> QuerySet[Attendance]:
    return Attendance.objects.filter(
        _meeting_filter(kinds), presence__in=ATTENDED, meeting__status=Status.HELD,
        meeting__held_on__gte=start, meeting__held_on__lte=end,
    ).annotate(credit=Coalesce("meeting__training_credit__hours", Value(LESSON_HOURS), output_field=DEC))  # fmt: skip


def hours_of(person: Person, start: dt.date, end: dt.date, kinds: Iterable[str] | None = ("集中培训",)) -> Hours:
    """A person's 学时 and training days between `start` and `end` (inclusive), of the given kinds
    (labels or values; None: all). The development pipeline reads a candidate's 集中培训 here."""
    wanted = kind_values(kinds)
    found = _participations(start, end, wanted).filter(person=person).aggregate(
        h=Coalesce(Sum("hours"), Value(ZERO), output_field=DEC),
        d=Coalesce(Sum("session__days"), Value(ZERO), output_field=DEC),
    )  # fmt: skip
    met = _attendances(start, end, wanted).filter(person=person).aggregate(h=Coalesce(Sum("credit"), Value(ZERO),
                                                                                     output_field=DEC))  # fmt: skip
    return Hours(hours=tenths(found["h"]) + tenths(met["h"]), days=tenths(found["d"]))


def lines_of(person: Person, start: dt.date, end: dt.date) -> list[Line]:
    """Every source of a person's 学时 in the period, by date."""
    out = []
    for p in _participations(start, end, None).filter(person=person).select_related("session__organization"):
        s = p.session
        out.append(Line(s.starts_on, s.title, s.get_kind_display(), p.hours, SESSION_SOURCE, s.organization.name,
                        reverse("training:detail", args=[s.pk]), s.entry_gap_days))  # fmt: skip
    for a in _attendances(start, end, None).filter(person=person).select_related("meeting__organization"):
        m = a.meeting
        kind = str(SessionKind.LESSON.label) if m.kind == Kind.LESSON else str(SessionKind.MEETING.label)
        gap = m.entry_gap_days or 0
        hours = tenths(getattr(a, "credit"))  # noqa: B009  (the annotation of `_attendances`)
        out.append(Line(m.held_on, m.theme, kind, hours, MEETING_SOURCE, m.organization.name,
                        reverse("meetings:detail", args=[m.pk]), gap))  # fmt: skip
    return sorted(out, key=lambda line: (line.on, line.title))


def totals(people: QuerySet[Person], start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """person id → 学时 in the period, for everyone of `people` (two grouped queries)."""
    out: dict[int, Decimal] = defaultdict(lambda: NO_HOURS)
    ids = people.values("pk")
    for row in _participations(start, end, None).filter(person__in=ids).values("person_id").annotate(h=Sum("hours")):
        out[row["person_id"]] += tenths(row["h"])
    for row in _attendances(start, end, None).filter(person__in=ids).values("person_id").annotate(h=Sum("credit")):
        out[row["person_id"]] += tenths(row["h"])
    return out


def cadre_ids(people: QuerySet[Person], on: dt.date) -> set[int]:
    """Who of `people` is a party secretary or committee member on `on` (people's dated posts)."""
    posts = Post.objects.current_on(on).filter(body=PostBody.PARTY, title__in=CADRE_TITLES)
    posts = posts.filter(person__in=people.values("pk"))
    return set(posts.values_list("person_id", flat=True))


def requirement(person: Person, is_cadre: bool, on: dt.date) -> int | None:
    """The yearly 学时 required of `person` by their role on `on` (第十四条 of the version then in force)."""
    return required_of(person.category, person.joined_on, person.confirmed_on, is_cadre, on)


def required_of(category: str, joined_on: dt.date | None, confirmed_on: dt.date | None, is_cadre: bool,
                on: dt.date) -> int | None:  # fmt: skip
    then = category_on(category, joined_on, confirmed_on, on)
    return rules.required_hours(then in MEMBER_CATEGORIES, is_cadre, rules.rules_on(on))


def listed_key(org_path: str, name: str, pk: int) -> str:
    """The order of the shortfall list and its export: by organization, then name, then id (by code
    point on every engine and collation). Sorted here, by one string per member: PostgreSQL's sort
    of a county's 60 000 members spilled to disk (140 ms), Python's of tuples took 340 ms."""
    return f"{org_path}\x00{name}\x00{pk:012d}"


def role_of(is_cadre: bool) -> str:
    return "书记、班子成员" if is_cadre else "党员"


@dataclass(frozen=True)
class Row:
    person: Person
    role: str
    required: int
    hours: Decimal

    @property
    def short(self) -> Decimal:
        return rules.shortfall(self.hours, self.required)


def judge_on(year: int, today: dt.date | None = None) -> dt.date:
    """The day whose roles decide a year's requirement: the year's end, or today within the year."""
    today = today or timezone.localdate()
    return min(dt.date(year, 12, 31), max(today, dt.date(year, 1, 1)))


def year_rows(org: Organization, year: int, today: dt.date | None = None) -> list[Row]:
    """Every member of `org`'s subtree with their requirement and 学时 of `year`."""
    return rows_under(org.path, year, today)


def rows_under(path: str, year: int, today: dt.date | None = None) -> list[Row]:
    """`year_rows` of the subtree at the tree path `path` (a county round reads its villages' at once)."""
    on = judge_on(year, today)
    people = Person.objects.filter(org_path__startswith=path, category__in=MEMBER_CATEGORIES)
    cadres = cadre_ids(people, on)
    hours = totals(people, dt.date(year, 1, 1), dt.date(year, 12, 31))
    rows = []
    ordered = sorted(people.select_related("organization").order_by(),
                     key=lambda p: listed_key(p.org_path, p.name, p.pk))  # fmt: skip
    for person in ordered:
        required = requirement(person, person.pk in cadres, on)
        if required is None:
            continue
        rows.append(Row(person, role_of(person.pk in cadres), required, hours[person.pk]))
    return rows


@dataclass(frozen=True, slots=True)  # a county reads 60 000 of them per page: one object each
class Standing:
    """A member's requirement and 学时 of a year, without the person record (`Row` has it)."""

    pk: int
    org_path: str
    is_cadre: bool
    required: int
    hours: Decimal
    short: Decimal  # rules.shortfall(hours, required), as `Row.short`


def standings_under(path: str, year: int, today: dt.date | None = None, ordered: bool = False) -> list[Standing]:
    """The members under the tree path `path` that `rows_under` lists (in its order if `ordered`),
    each with the same requirement and 学时, read without building the person records."""
    on = judge_on(year, today)
    people = Person.objects.filter(org_path__startswith=path, category__in=MEMBER_CATEGORIES)
    cadres = cadre_ids(people, on)
    hours = totals(people, dt.date(year, 1, 1), dt.date(year, 12, 31))
    out = []
    columns = ("pk", "org_path", "category", "joined_on", "confirmed_on", "name")
    listed = people.order_by().values_list(*columns)
    if ordered:
        listed = sorted(listed, key=lambda r: listed_key(r[1], r[5], r[0]))  # type: ignore[assignment]
    shortfalls: dict[tuple[Decimal, int], Decimal] = {}  # few distinct pairs: one Decimal each, not one per member
    for pk, org_path, category, joined_on, confirmed_on, _name in listed:
        is_cadre = pk in cadres
        required = required_of(category, joined_on, confirmed_on, is_cadre, on)
        if required is not None:
            done = hours[pk]
            if (short := shortfalls.get((done, required))) is None:
                short = shortfalls[done, required] = rules.shortfall(done, required)
            out.append(Standing(pk, org_path, is_cadre, required, done, short))
    return out


def standing_under(path: str, year: int, today: dt.date | None = None) -> list[tuple[int, str, bool]]:
    """(person id, tree path, requirement met) of the members under the tree path `path` that
    `rows_under` lists, read without building the person records (a county round's villages)."""
    return [(s.pk, s.org_path, s.short <= 0) for s in standings_under(path, year, today)]


def rows_of(standings: Iterable[Standing]) -> list[Row]:
    """The rows of `standings` (a page of the list) with their person records, in their order."""
    standings = list(standings)
    people = Person.objects.select_related("organization").in_bulk([s.pk for s in standings])
    return [Row(people[s.pk], role_of(s.is_cadre), s.required, s.hours) for s in standings]


@dataclass(frozen=True)
class Tally:
    """The members of one organization's subtree that have a requirement, and how many fall short."""

    org: Organization
    members: int
    short: int


def tally_children(org: Organization, standings: Iterable[Standing]) -> tuple[list[Tally], Tally]:
    """Per child organization of `org` (by tree path) its members and those short, and the
    members attached to `org` itself (a township committee's own), from `standings` of its subtree."""
    members: Counter[str] = Counter()
    short: Counter[str] = Counter()
    for s in standings:
        members[s.org_path] += 1
        short[s.org_path] += s.short > 0
    children = list(org.children_qs().order_by("path"))
    paths = [c.path for c in children]
    member_sums, short_sums = sums_under(paths, members), sums_under(paths, short)
    rows = [Tally(c, member_sums[c.path], short_sums[c.path]) for c in children]
    return rows, Tally(org, members[org.path], short[org.path])


def shortfall_rows(org: Organization, year: int, today: dt.date | None = None) -> list[Row]:
    return [row for row in year_rows(org, year, today) if row.short > 0]


@dataclass(frozen=True)
class Figures:
    sessions: int
    person_times: int  # 人次
    meetings: int
    meeting_person_times: int

    @property
    def text(self) -> str:
        """As the seeds write it (seed 000: "村级干部培训18次，培训396人次")."""
        out = f"培训{self.sessions}次，培训{self.person_times}人次"
        if self.meetings:
            out += f"；另有党课、以会代训{self.meetings}次，{self.meeting_person_times}人次（来自会议记录）"
        return out


def figures(org: Organization, start: dt.date, end: dt.date) -> Figures:
    sessions = Session.objects.filter(org_path__startswith=org.path, starts_on__gte=start, starts_on__lte=end)
    counted = sessions.aggregate(n=Count("pk", distinct=True), p=Count("participants"))
    met = _attendances(start, end, None).filter(meeting__org_path__startswith=org.path)
    meeting_counts = met.aggregate(n=Count("meeting", distinct=True), p=Count("pk"))
    return Figures(counted["n"], counted["p"], meeting_counts["n"], meeting_counts["p"])


def uncredited_meetings(org: Organization, limit: int = 20) -> list[Any]:
    """Held meetings of `org` (not 党课, not yet marked) that could be marked "以会代训"."""
    from jiceng.meetings.models import Meeting

    rows = Meeting.objects.filter(organization=org, status=Status.HELD, training_credit__isnull=True)
    return list(rows.exclude(kind=Kind.LESSON).order_by("-held_on", "-pk")[:limit])

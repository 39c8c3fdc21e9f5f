"""Reading pay: the scheme in force for a village's year, the post holders from the people app,
and the yearly pay sheet (what is due, what was paid, the balance)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Post

from . import rules
from .models import Award, Payment, Scheme, SpecialAccount, VillageYear
from .scores import score_for


def township_of(org: Organization) -> Organization | None:
    """The township committee above (or being) `org`."""
    if org.kind == OrgKind.TOWNSHIP_COMMITTEE:
        return org
    return org.ancestors().filter(kind=OrgKind.TOWNSHIP_COMMITTEE).last()


def scheme_for(org: Organization, year: int) -> Scheme | None:
    """The township's scheme in force in `year`: the latest of a year ≤ `year`."""
    town = township_of(org)
    if town is None:
        return None
    return Scheme.objects.filter(organization=town, year__lte=year).order_by("-year").first()


def sheet_day(year: int, today: dt.date | None = None) -> dt.date:
    """The day the sheet is read at: the year's last day, or today in the current year."""
    today = today or timezone.localdate()
    return min(dt.date(year, 12, 31), today) if year >= today.year else dt.date(year, 12, 31)


def holders(org: Organization, year: int, on: dt.date) -> list[rules.Holder]:
    """The people who held a paid post of the village in `year` (posts of the people app), with
    the posts of each month (read on its 15th, rules.month_days)."""
    days = rules.month_days(year, on)
    periods: dict[int, list[tuple[str, dt.date | None, dt.date | None]]] = defaultdict(list)
    names: dict[int, str] = {}
    rows = (
        Post.objects.filter(organization=org)
        .filter(Q(start_on__isnull=True) | Q(start_on__lte=days[-1]))
        .filter(Q(end_on__isnull=True) | Q(end_on__gt=days[0]))
        .values_list("body", "title", "person_id", "person__name", "start_on", "end_on")
    )
    for body, title, pid, name, start, end in rows:
        paid = rules.POST_OF_TITLE.get((body, title))
        if paid is not None:
            periods[pid].append((paid, start, end))
            names[pid] = name

    def held(pid: int, day: dt.date) -> frozenset[str]:
        return frozenset(p for p, s, e in periods[pid] if (s is None or s <= day) and (e is None or e > day))

    out = []
    for pid in periods:
        months = tuple(held(pid, d) for d in days)
        if not any(months):
            continue
        latest = held(pid, on) or next(m for m in reversed(months) if m)
        out.append(rules.Holder(pid, names[pid], latest, None if all(m == latest for m in months) else months))
    return out


@dataclass
class SheetLine:
    person_id: int
    name: str
    label: str
    months: int
    share: int | None
    pay: int | None  # None until the score is entered
    awards: int
    due: int | None
    paid: int
    balance: int | None


@dataclass
class Sheet:
    org: Organization
    year: int
    on: dt.date
    scheme: Scheme | None
    village_year: VillageYear | None
    base: int | None
    score: Decimal | None
    score_source: str
    coefficient: int | None
    lines: list[SheetLine] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    account: SpecialAccount | None = None
    others_paid: int = 0  # paid to people no longer on the sheet

    @property
    def due(self) -> int | None:
        if self.coefficient is None:
            return None
        return sum(line.due or 0 for line in self.lines)

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def balance(self) -> int | None:
        return None if self.due is None else self.due - self.paid

    @property
    def problem(self) -> str:
        if self.scheme is None:
            return "乡镇尚未制定本年度适用的村干部报酬方案"
        if self.score is None:
            return "尚未录入本年度考核得分，报酬待考核后核定"
        return ""


def sheet(org: Organization, year: int, today: dt.date | None = None) -> Sheet:
    on = sheet_day(year, today)
    scheme = scheme_for(org, year)
    vy = VillageYear.objects.filter(organization=org, year=year).first()
    entered = score_for(org, year)
    base = (vy.secretary_base if vy and vy.secretary_base else None) or (scheme.secretary_base if scheme else None)
    coefficient = None
    if scheme is not None and entered is not None:
        coefficient = rules.coefficient_for(entered.value, scheme.bands)
    out = Sheet(org, year, on, scheme, vy, base, entered.value if entered else None,
                entered.source if entered else "", coefficient,
                account=SpecialAccount.objects.filter(organization=org).first())  # fmt: skip
    people = holders(org, year, on)
    paid: dict[int, int] = {}
    award_sum: dict[int, int] = {}
    if vy is not None:
        out.awards = list(vy.awards.select_related("person").order_by("awarded_on", "id"))
        out.payments = list(vy.payments.select_related("person").order_by("paid_on", "id"))
        paid = dict(vy.payments.values("person_id").annotate(s=Sum("amount")).values_list("person_id", "s"))
        award_sum = dict(vy.awards.values("person_id").annotate(s=Sum("amount")).values_list("person_id", "s"))
    if scheme is not None:
        shares = {str(k): int(v) for k, v in scheme.shares.items()}
        lines = rules.sheet_lines(people, base or 0, coefficient or 0, shares, scheme.combined_rule,
                                  scheme.combined_share)  # fmt: skip
        for ln in lines:
            pid = int(str(ln.key))
            pay = ln.pay if coefficient is not None else None
            due = None if pay is None else pay + award_sum.get(pid, 0)
            got = paid.get(pid, 0)
            out.lines.append(SheetLine(pid, ln.name, ln.label, ln.months, ln.share, pay, award_sum.get(pid, 0), due,
                                       got, None if due is None else due - got))  # fmt: skip
    on_sheet = {line.person_id for line in out.lines}
    out.others_paid = sum(v for k, v in paid.items() if k not in on_sheet)
    return out


def villages(org: Organization) -> list[Organization]:
    """The village branches of the subtree (what has a pay sheet)."""
    return list(org.subtree().filter(kind=OrgKind.BRANCH, is_village_level=True).order_by("path"))


def townships(org: Organization) -> list[Organization]:
    return list(org.subtree().filter(kind=OrgKind.TOWNSHIP_COMMITTEE).order_by("path"))


def year_totals(orgs: list[Organization], year: int) -> dict[int, dict[str, int | None]]:
    """Paid per village in the year (for the overview)."""
    rows = (
        Payment.objects.filter(village_year__organization__in=orgs, village_year__year=year)
        .values("village_year__organization_id")
        .annotate(s=Sum("amount"))
    )
    return {r["village_year__organization_id"]: {"paid": r["s"]} for r in rows}

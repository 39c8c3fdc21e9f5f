"""Figures read from the records: coverage of the pairings (seed 004), each pair's duties in a
year, the fund's movements and its public summary (counts and totals, no names)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules
from .models import Contact, Fund, Pairing, PoorMember
from .rules import ContactKind, Duties, PairKind


def active_on(on: dt.date, start: str = "started_on", end: str = "ended_on") -> Q:
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


@dataclass(frozen=True)
class Coverage:
    """Seed 004: 机关党员100%参与帮扶; 每一名贫困党员都有一名党员干部结对帮扶; 双联双定双带
    (members taking part, those linked to village affairs and how many kinds, those linked to
    people in hardship and how many people)."""

    organ_members: int
    organ_helping: int
    poor: int
    poor_paired: int
    shuanglian_members: int
    affair_members: int
    affair_kinds: int
    hardship_members: int
    hardship_people: int

    @property
    def organ_percent(self) -> int:
        return rules.percent(self.organ_helping, self.organ_members)

    @property
    def poor_percent(self) -> int:
        return rules.percent(self.poor_paired, self.poor)

    @property
    def poor_unpaired(self) -> int:
        return self.poor - self.poor_paired


def pairings_on(township: Organization, on: dt.date) -> list[Pairing]:
    rows = Pairing.objects.filter(township=township).filter(active_on(on))
    return list(rows.select_related("helper", "poor__person", "person", "household", "village"))


def coverage(township: Organization, on: dt.date) -> Coverage:
    pairs = pairings_on(township, on)
    helpers = {p.helper_id for p in pairs}
    organ = set(Person.objects.filter(organization=township).members().values_list("pk", flat=True))
    open_entries = PoorMember.objects.filter(township=township).filter(active_on(on, "since"))
    poor = set(open_entries.values_list("pk", flat=True))
    affair = [p for p in pairs if p.kind == PairKind.AFFAIR]
    hardship = [p for p in pairs if p.kind == PairKind.HARDSHIP]
    return Coverage(
        organ_members=len(organ),
        organ_helping=len(organ & helpers),
        poor=len(poor),
        poor_paired=len(poor & {p.poor_id for p in pairs if p.kind == PairKind.ONE_TO_ONE}),
        shuanglian_members=len({p.helper_id for p in affair + hardship}),
        affair_members=len({p.helper_id for p in affair}),
        affair_kinds=len({p.affair for p in affair}),
        hardship_members=len({p.helper_id for p in hardship}),
        hardship_people=len({p.helped_key for p in hardship}),
    )


def unpaired_poor(township: Organization, on: dt.date) -> list[PoorMember]:
    paired = Pairing.objects.filter(township=township, kind=PairKind.ONE_TO_ONE).filter(active_on(on))
    rows = PoorMember.objects.filter(township=township).filter(active_on(on, "since"))
    return list(rows.exclude(pk__in=paired.values("poor_id")).select_related("person"))


@dataclass
class PairRow:
    pair: Pairing
    duties: Duties
    contacts: int = 0


def duty_rows(township: Organization, year: int, today: dt.date) -> list[PairRow]:
    """Every pair that spans `year`, with its duties counted from its contact records (two queries)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    pairs = list(Pairing.objects.filter(township=township, started_on__lte=end)
                 .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
                 .select_related("helper", "poor__person", "person", "household", "village")
                 .order_by("kind", "helper__name", "pk"))  # fmt: skip
    seen: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for pid, on, kind in Contact.objects.filter(pairing__in=pairs, on__gte=start, on__lte=end).values_list(
        "pairing_id", "on", "kind"
    ):
        seen[pid].append((on, kind))
    return [PairRow(p, rules.duties(p.kind, p.started_on, p.ended_on, seen[p.pk], year, today), len(seen[p.pk]))
            for p in pairs]  # fmt: skip


# ---------------------------------------------------------------- the fund


@dataclass
class Summary:
    """The public summary: counts and totals only (seed 004 “为17名贫困党员送去慰问金1100元，
    解决实际问题7件”, “为全乡20户贫困党员建立台账”)."""

    on: dt.date
    balance: int
    income: list[tuple[str, int, int]] = field(default_factory=list)  # (label, count, fen)
    grants: list[tuple[str, int, int]] = field(default_factory=list)
    grant_count: int = 0
    granted: int = 0
    recipients: int = 0
    poor_ledger: int = 0
    deeds: int = 0


def summary(township: Organization, on: dt.date) -> Summary:
    fund = Fund.objects.filter(township=township).first()
    poor = PoorMember.objects.filter(township=township).filter(active_on(on, "since")).count()
    deeds = Contact.objects.filter(pairing__township=township, pairing__kind=PairKind.ONE_TO_ONE,
                                   kind=ContactKind.DEED, on__lte=on).count()  # fmt: skip
    if fund is None:
        return Summary(on, 0, poor_ledger=poor, deeds=deeds)
    incomes = {k: (n, t) for k, n, t in fund.incomes.filter(received_on__lte=on).values("kind")
               .annotate(n=Count("id"), t=Sum("amount")).values_list("kind", "n", "t")}  # fmt: skip
    grants = fund.grants.filter(paid_on__lte=on)
    by_reason = {k: (n, t) for k, n, t in grants.values("reason").annotate(n=Count("id"), t=Sum("amount"))
                 .values_list("reason", "n", "t")}  # fmt: skip
    total = grants.aggregate(t=Sum("amount"), n=Count("id"), people=Count("person_id", distinct=True))
    return Summary(
        on=on,
        balance=sum(t for _, t in incomes.values()) - int(total["t"] or 0),
        income=[(k.label, *incomes.get(k.value, (0, 0))) for k in rules.IncomeKind],
        grants=[(k.label, *by_reason.get(k.value, (0, 0))) for k in rules.GrantReason],
        grant_count=int(total["n"] or 0),
        granted=int(total["t"] or 0),
        recipients=int(total["people"] or 0),
        poor_ledger=poor,
        deeds=deeds,
    )

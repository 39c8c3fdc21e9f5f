"""What the dues pages read: the branch collection sheet of a month, the totals per branch and
township, and the members six consecutive months in arrears."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum

from jiceng.core.access import sums_under
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import rollup, rules
from .models import DuesBase, Excuse, Payment, Remittance

BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COOP_BRANCH, OrgKind.REMOTE_BRANCH)
LOOKBACK_MONTHS = 36  # how far back the arrears run is counted


def branch_of(org: Organization) -> Organization:
    """The branch a member pays to: a 党小组's branch, else the member's own organization."""
    if org.kind == OrgKind.PARTY_GROUP:
        return org.parent() or org
    return org


def members_of(org: Organization) -> QuerySet[Person]:
    return Person.objects.in_subtree(org).members().order_by("org_path", "name", "id")


def bases_by_person(person_ids: Iterable[int], until: dt.date) -> dict[int, list[tuple[dt.date, DuesBase]]]:
    out: dict[int, list[tuple[dt.date, DuesBase]]] = defaultdict(list)
    for base in DuesBase.objects.filter(person_id__in=list(person_ids), from_month__lte=until).order_by("from_month"):
        out[base.person_id].append((base.from_month, base))
    return out


@dataclass
class Line:
    person: Person
    base: DuesBase | None
    due: rules.Due | None
    payment: Payment | None

    @property
    def owed(self) -> int:
        return self.due.amount if self.due else 0


@dataclass
class Sheet:
    org: Organization
    month: dt.date
    lines: list[Line]
    due: int = 0
    paid: int = 0
    paid_count: int = 0
    unpaid_count: int = 0
    no_base: int = 0
    remittances: list[Remittance] = field(default_factory=list)


def sheet(org: Organization, month: dt.date) -> Sheet:
    """The collection sheet: each member of `org`'s subtree with the base, rate and due of
    `month`, and what was paid for it (on which day, where, receipt)."""
    people = list(members_of(org))
    bases = bases_by_person([p.pk for p in people], month)
    payments = {p.person_id: p for p in Payment.objects.filter(person__in=people, month=month)}
    lines = []
    for person in people:
        base = rules.base_on(bases.get(person.pk, []), month)
        lines.append(Line(person, base, base.due if base else None, payments.get(person.pk)))
    out = Sheet(org, month, lines)
    out.due = sum(line.owed for line in lines)
    out.paid = sum(line.payment.amount for line in lines if line.payment)
    out.paid_count = sum(1 for line in lines if line.payment)
    out.unpaid_count = sum(1 for line in lines if line.owed > 0 and not line.payment)
    out.no_base = sum(1 for line in lines if line.base is None)
    out.remittances = list(Remittance.objects.filter(org_path__startswith=org.path, first_month__lte=month,
                                                     last_month__gte=month).select_related("organization"))  # fmt: skip
    return out


@dataclass
class Total:
    org: Organization
    members: int = 0
    due: int = 0
    paid: int = 0
    remitted: int = 0
    branches: list[Total] = field(default_factory=list)


def totals(root: Organization, first: dt.date, last: dt.date) -> list[Total]:
    """Per township (under `root`, or `root` itself) its branches' members, due, paid and
    forwarded (上缴) over the months `first`–`last`; each township's figures are its branches' sums.
    Read from the rollup (`rollup.py`), which is brought up to date first."""
    branches = list(root.subtree().filter(kind__in=BRANCH_KINDS).order_by("path"))
    townships = [root]
    if root.kind in (OrgKind.COUNTY_COMMITTEE, OrgKind.CITY_COMMITTEE, OrgKind.PROVINCE_COMMITTEE):
        townships = list(root.subtree().filter(kind=OrgKind.TOWNSHIP_COMMITTEE).order_by("path"))
    count_by_path, due_by_path, paid_by_path = rollup.figures(root.path, first, last)
    remit = Remittance.objects.filter(org_path__startswith=root.path, first_month__gte=first, last_month__lte=last)
    remit_by_path = dict(remit.values_list("org_path").annotate(s=Sum("amount")).values_list("org_path", "s"))
    paths = [b.path for b in branches]
    counts, dues, paid, remitted = (sums_under(paths, values) for values in
                                    (count_by_path, due_by_path, paid_by_path, remit_by_path))  # fmt: skip

    out = []
    for town in townships:
        total = Total(town)
        for branch in (b for b in branches if b.path.startswith(town.path)):
            p = branch.path
            row = Total(branch, counts[p], dues[p], paid[p], remitted[p])
            total.branches.append(row)
            total.members += row.members
            total.due += row.due
            total.paid += row.paid
            total.remitted += row.remitted
        out.append(total)
    return out


@dataclass
class Arrears:
    person: Person
    run: list[dt.date]

    @property
    def first(self) -> dt.date:
        return self.run[0]

    @property
    def last(self) -> dt.date:
        return self.run[-1]


@dataclass(frozen=True)
class Run:
    """A member's run of months in arrears, without the person record (`Arrears` has it)."""

    pk: int
    org_path: str
    run: list[dt.date]


def dues_by_person(person_ids: Iterable[int] | QuerySet[Any], until: dt.date) -> dict[int, list[tuple[dt.date, int]]]:
    """person id → (first month, monthly due in fen) of each base of those people (ids, or a
    query of them) from `until` back, oldest first: one query, each distinct base's due computed
    once (`rules.monthly_due`, as `DuesBase.due`)."""
    out: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    dues: dict[tuple[Any, ...], int] = {}
    columns = ("person_id", "from_month", "kind", "income", "fixed", "relief")
    rows = DuesBase.objects.filter(person__in=person_ids, from_month__lte=until)
    for pk, month, *key in rows.order_by("person_id", "from_month").values_list(*columns):
        if (k := tuple(key)) not in dues:
            dues[k] = rules.monthly_due(*k).amount
        out[pk].append((month, dues[k]))
    return out


def owed_in(bases: list[tuple[dt.date, int]], months: Iterable[dt.date]) -> list[dt.date]:
    """Of `months` (in order), those whose base in force (`rules.base_on`: the latest from that
    month or before) owes more than nothing; `bases` as `dues_by_person` gives them."""
    out, i, due = [], 0, 0
    for month in months:
        while i < len(bases) and bases[i][0] <= month:
            due = bases[i][1]
            i += 1
        if due > 0:
            out.append(month)
    return out


def _may_be_in_arrears(people: QuerySet[Person], through: dt.date) -> QuerySet[Person]:
    """Those of `people` who may be in arrears through `through`: a run of six ending then needs
    a base by its first month and no payment or reason for any of its months. The rule then
    decides on these exactly as on everyone (the others cannot have such a run)."""
    recent = rules.months(rules.add_months(through, -rules.ARREARS_MONTHS + 1), through)
    person = OuterRef("pk")
    based = DuesBase.objects.filter(person=person, from_month__lte=recent[0])
    paid = Payment.objects.filter(person=person, month__in=recent)
    excused = Excuse.objects.filter(person=person, first_month__lte=through, last_month__gte=recent[0])
    excused = excused.filter(first_month__lte=F("last_month"))  # a reversed period excuses no month
    return people.filter(Exists(based)).exclude(Exists(paid)).exclude(Exists(excused))


def arrears_runs(org: Organization, today: dt.date) -> list[Run]:
    """Members of `org`'s subtree with six or more consecutive months unpaid without a reason,
    counted up to last month (this month's dues may still be paid), in the order of `members_of`.
    Flagged only: nobody's status changes (党章第九条 is the branch's decision)."""
    through = rules.add_months(rules.month_start(today), -1)
    first = rules.add_months(through, -LOOKBACK_MONTHS + 1)
    people = list(_may_be_in_arrears(members_of(org), through).values_list("pk", "org_path"))
    ids = [pk for pk, _ in people]
    bases = dues_by_person(ids, through)
    settled: dict[int, set[dt.date]] = defaultdict(set)
    for pk, month in Payment.objects.filter(person__in=ids, month__gte=first).values_list("person_id", "month"):
        settled[pk].add(month)
    excuses = Excuse.objects.filter(person__in=ids, last_month__gte=first)
    for pk, first_month, last_month in excuses.values_list("person_id", "first_month", "last_month"):
        settled[pk].update(rules.months(first_month, last_month))
    months = rules.months(first, through)
    out = []
    for pk, org_path in people:
        if pk not in bases:
            continue
        run = rules.unpaid_run(owed_in(bases[pk], months), settled[pk], through)
        if rules.in_arrears(run):
            out.append(Run(pk, org_path, run))
    return out


def arrears_of(runs: Iterable[Run]) -> list[Arrears]:
    """`runs` (a page of them) with their person records, in their order."""
    runs = list(runs)
    people = Person.objects.select_related("organization").in_bulk([r.pk for r in runs])
    return [Arrears(people[r.pk], r.run) for r in runs]


def arrears(org: Organization, today: dt.date) -> list[Arrears]:
    """`arrears_runs` with the person records (the API, the secretary's home page)."""
    return arrears_of(arrears_runs(org, today))


@dataclass(frozen=True)
class Tally:
    """The members of one organization's subtree, and how many of them are in arrears."""

    org: Organization
    members: int
    behind: int


def tally_children(org: Organization, runs: Iterable[Run]) -> tuple[list[Tally], Tally]:
    """Per child organization of `org` (by tree path) its members and those of `runs` (the
    arrears of `org`'s subtree), and the members attached to `org` itself."""
    members = Counter(dict(members_of(org).order_by().values_list("org_path").annotate(n=Count("pk"))))
    behind = Counter(r.org_path for r in runs)
    children = list(org.children_qs().order_by("path"))
    paths = [c.path for c in children]
    member_sums, behind_sums = sums_under(paths, members), sums_under(paths, behind)
    tallies = [Tally(c, member_sums[c.path], behind_sums[c.path]) for c in children]
    return tallies, Tally(org, members[org.path], behind[org.path])

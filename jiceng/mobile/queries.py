"""What the mobile pages, the export and other apps read: each open stay with its standing on a
day (activity card or transfer advice, last contact, contact due or overdue, 失联), the figures
by destination, and the cadres keeping in touch (for the assessment's 五联 count)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from jiceng.organizations.models import Organization

from . import rules
from .models import Keeper, Outflow, ThoughtReport
from .rules import Advice


@dataclass(frozen=True)
class Row:
    outflow: Outflow
    on: dt.date
    last_contact: dt.date | None
    reports: int
    keeper: str

    @property
    def advice(self) -> str:
        o = self.outflow
        return rules.advice(o.left_on, self.on, fixed_place=o.fixed_place, expected_return=o.expected_return_on)

    @property
    def advice_label(self) -> str:
        return str(Advice(self.advice).label)

    @property
    def lost(self) -> bool:
        return self.outflow.lost_on is not None

    @property
    def due(self) -> dt.date:
        return rules.contact_due(self.outflow.left_on, self.last_contact, self.outflow.contact_every_months)

    @property
    def overdue(self) -> bool:
        """Contact overdue (失联 members are counted as out of contact instead)."""
        return not self.lost and self.on > self.due

    @property
    def card_missing(self) -> bool:
        return self.advice != Advice.NONE and not self.outflow.card_number

    @property
    def card_expired(self) -> bool:
        return rules.card_expired(self.outflow.card_valid_until, self.on)

    @property
    def status(self) -> str:
        if self.lost:
            return f"失联（{self.outflow.lost_on:%Y-%m-%d}起）"
        if self.overdue:
            return f"联系逾期（应于{self.due:%Y-%m-%d}前联系）"
        return "正常联系"


FILTERS = {
    "": "全部在外",
    "overdue": "联系逾期",
    "lost": "失联",
    "card": "应发活动证未发",
    "transfer": "应转移组织关系",
}


def open_outflows(org: Organization) -> QuerySet[Outflow]:
    return Outflow.objects.open().filter(org_path__startswith=org.path)


def rows(outflows: QuerySet[Outflow], on: dt.date) -> list[Row]:
    """Each stay with its last contact, reports received and current cadre (three queries)."""
    annotated = outflows.annotate(last=Max("contacts__on")).select_related("person__organization", "receiving_org")
    found = list(annotated.order_by("org_path", "person__name", "pk"))
    ids = [o.pk for o in found]
    reports = Counter(ThoughtReport.objects.filter(outflow_id__in=ids).values_list("outflow_id", flat=True))
    keepers = {k.outflow_id: k.cadre.name for k in Keeper.objects.filter(outflow_id__in=ids, until__isnull=True)
               .select_related("cadre")}  # fmt: skip
    return [Row(o, on, getattr(o, "last"), reports[o.pk], keepers.get(o.pk, "")) for o in found]  # noqa: B009


def filtered(found: Iterable[Row], which: str) -> list[Row]:
    tests = {
        "overdue": lambda r: r.overdue,
        "lost": lambda r: r.lost,
        "card": lambda r: r.card_missing,
        "transfer": lambda r: r.advice == Advice.TRANSFER,
    }
    test = tests.get(which)
    return [r for r in found if test is None or test(r)]


@dataclass(frozen=True)
class Figures:
    total: int
    by_destination: list[tuple[str, int]]
    lost: int
    overdue: int
    card_missing: int
    transfer: int


def figures(found: list[Row]) -> Figures:
    by_destination = Counter(r.outflow.destination for r in found).most_common()
    return Figures(len(found), sorted(by_destination, key=lambda kv: (-kv[1], kv[0])), sum(r.lost for r in found),
                   sum(r.overdue for r in found), sum(r.card_missing for r in found),
                   sum(r.advice == Advice.TRANSFER for r in found))  # fmt: skip


def keeping_counts(cadre_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, int]:
    """cadre person id → mobile members they kept in touch with at some time in [start, end]
    (seed 004 五联 "联系一名流动党员": what the assessment counts)."""
    turns = Keeper.objects.filter(cadre_id__in=list(cadre_ids), since__lte=end).filter(
        Q(until__isnull=True) | Q(until__gte=start)
    )  # fmt: skip
    out: dict[int, set[int]] = {}
    for cadre_id, outflow_id in turns.values_list("cadre_id", "outflow__person_id"):
        out.setdefault(cadre_id, set()).add(outflow_id)
    return {k: len(v) for k, v in out.items()}

"""What the ledgers app measures for assessments (`core.registry` metrics, issue 16.1).

Ledger items of an organization's subtree collected in a period (resolved, overdue, resolution
rate: the app's `stats.tally`), the liaisons' visit quotas (the app's `rules.period_bounds` and
`rules.quota_met`), and per person the visits made and the villages they are liaison for. Each
figure comes with its records (refs "ledgers.ledgeritem:pk", "households.visit:pk").

The liaison visit quotas stay on `LiaisonAssignment` for now; the person metrics below
(`ledgers.visits`, `ledgers.visit_quota_person`) are what the assessments' duty quotas count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Substr

from jiceng.core.access import common_root
from jiceng.core.registry import Metric, MetricValue, register_metric
from jiceng.households.models import Visit
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules, stats
from .models import LedgerItem, LiaisonAssignment

ITEM = "ledgers.ledgeritem"
VISIT = "households.visit"


def _items(org: Organization, start: dt.date, end: dt.date) -> QuerySet[LedgerItem]:
    return LedgerItem.objects.filter(org_path__startswith=org.path, collected_on__gte=start, collected_on__lte=end)


def _refs(kind: str, ids: Iterable[int]) -> list[str]:
    return [f"{kind}:{pk}" for pk in sorted(set(ids))]


def collected(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Ledger items collected in the period, a count."""
    items = _items(org, start, end)
    return MetricValue(items.count(), _refs(ITEM, items.values_list("pk", flat=True)))


def resolved(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Items collected in the period and resolved (已解决), a count."""
    items = _items(org, start, end).filter(phase="resolved")
    return MetricValue(items.count(), _refs(ITEM, items.values_list("pk", flat=True)))


def overdue(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Items collected in the period still open past their deadline at the period's end, a count."""
    items = _items(org, start, end).overdue_on(end)  # type: ignore[attr-defined]
    return MetricValue(items.count(), _refs(ITEM, items.values_list("pk", flat=True)))


def resolution_rate(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """Resolved of collected in the period, in % (seed 004: 共收集…已解决…)."""
    items = _items(org, start, end)
    tally = stats.tally(items, end)
    return MetricValue(tally.resolution_rate, _refs(ITEM, items.values_list("pk", flat=True)),
                       rules.summary_sentence("问题", tally))  # fmt: skip


def _subtree_items(orgs: list[Organization], start: dt.date, end: dt.date) -> QuerySet[LedgerItem] | None:
    """The period's items under `orgs` keyed by which of them they lie under (`branch`), when the
    organizations' paths have one length (the villages of a county round); else None."""
    widths = {len(o.path) for o in orgs}
    if len(widths) != 1:
        return None
    items = LedgerItem.objects.filter(org_path__startswith=common_root(o.path for o in orgs), collected_on__gte=start,
                                      collected_on__lte=end)  # fmt: skip
    return items.annotate(branch=Substr("org_path", 1, widths.pop())).filter(branch__in=[o.path for o in orgs])


def _counted_many(single: Any, narrow: Any) -> Any:
    """A many-organization version of a count metric: `narrow` picks the items counted."""

    def many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
        items = _subtree_items(orgs, start, end)
        if items is None:
            return {o.pk: single(o, start, end) for o in orgs}
        ids: dict[str, list[int]] = {o.path: [] for o in orgs}
        for branch, pk in narrow(items, end).order_by().values_list("branch", "pk"):
            ids[branch].append(pk)
        return {o.pk: MetricValue(len(ids[o.path]), _refs(ITEM, ids[o.path])) for o in orgs}

    return many


def resolution_rate_many(orgs: list[Organization], start: dt.date, end: dt.date) -> dict[int, MetricValue]:
    items = _subtree_items(orgs, start, end)
    if items is None:
        return {o.pk: resolution_rate(o, start, end) for o in orgs}
    tallies = stats.grouped(items, "branch", end)
    ids: dict[str, list[int]] = {o.path: [] for o in orgs}
    for branch, pk in items.order_by().values_list("branch", "pk"):  # type: ignore[misc]
        ids[branch].append(pk)
    out = {}
    for o in orgs:
        tally = tallies.get(o.path) or rules.Tally()
        out[o.pk] = MetricValue(tally.resolution_rate, _refs(ITEM, ids[o.path]), rules.summary_sentence("问题", tally))
    return out


def _quota_spans(a: LiaisonAssignment, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The assignment's quota periods (weeks or months) lying within the period and its service."""
    lo, hi = max(start, a.start_on), min(end, a.end_on or end)
    out = []
    day = lo
    while day <= hi:
        first, last = rules.period_bounds(day, a.quota_period)
        if first >= lo and last <= hi:
            out.append((first, last))
        day = last + dt.timedelta(days=1)
    return out


def _quota(assignments: Iterable[LiaisonAssignment], start: dt.date, end: dt.date) -> MetricValue:
    """Quota periods met (visits ≥ the required count in the village) of all periods, in %."""
    owed = met = 0
    refs: list[int] = []
    for a in assignments:
        spans = _quota_spans(a, start, end)
        if not spans:
            continue
        visits = list(Visit.objects.filter(visitor_id=a.user_id, organization_id=a.organization_id,
                                           visited_on__gte=spans[0][0], visited_on__lte=spans[-1][1])
                      .values_list("pk", "visited_on"))  # fmt: skip
        refs += [pk for pk, _ in visits]
        for first, last in spans:
            owed += 1
            met += rules.quota_met(sum(1 for _, on in visits if first <= on <= last), a.quota_count)
    return MetricValue(round(100 * met / owed, 1) if owed else None, _refs(VISIT, refs),
                       f"{owed}个周期中{met}个达到下村次数要求")  # fmt: skip


def visit_quota(org: Organization, start: dt.date, end: dt.date) -> MetricValue:
    """包村干部下村次数要求的完成率 for the villages of `org`'s subtree, in %."""
    rows = LiaisonAssignment.objects.filter(org_path__startswith=org.path, start_on__lte=end)
    return _quota(rows.exclude(end_on__lt=start), start, end)


def _users(person: Person) -> list[int]:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(person=person).values_list("pk", flat=True))


def visits(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """Visits the person recorded (走访记录), a count."""
    ids = list(Visit.objects.filter(visitor_id__in=_users(person), visited_on__gte=start, visited_on__lte=end)
               .values_list("pk", flat=True))  # fmt: skip
    return MetricValue(len(ids), _refs(VISIT, ids))


def visit_quota_person(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """The person's own visit quotas as liaison, in % of quota periods met."""
    rows = LiaisonAssignment.objects.filter(user_id__in=_users(person), start_on__lte=end).exclude(end_on__lt=start)
    return _quota(rows, start, end)


def liaison_villages(person: Person, start: dt.date, end: dt.date) -> MetricValue:
    """The villages the person is liaison for (包村/驻村) in the period: their count, and the
    organizations as records (an assessment of a resident cadre reads the village's figures)."""
    rows = LiaisonAssignment.objects.filter(user_id__in=_users(person), start_on__lte=end).exclude(end_on__lt=start)
    ids = sorted(set(rows.values_list("organization_id", flat=True)))
    return MetricValue(len(ids), _refs("organizations.organization", ids))


def register() -> None:
    many: dict[str, Any] = {
        "ledgers.collected": _counted_many(collected, lambda items, end: items),
        "ledgers.resolved": _counted_many(resolved, lambda items, end: items.filter(phase="resolved")),
        "ledgers.overdue": _counted_many(overdue, lambda items, end: items.overdue_on(end)),
        "ledgers.resolution_rate": resolution_rate_many,
    }
    for key, label, unit, subject, compute in (
        ("ledgers.collected", "台账收集问题数", "件", "organization", collected),
        ("ledgers.resolved", "台账已解决问题数", "件", "organization", resolved),
        ("ledgers.overdue", "台账逾期未办结问题数", "件", "organization", overdue),
        ("ledgers.resolution_rate", "台账问题解决率", "%", "organization", resolution_rate),
        ("ledgers.visit_quota", "包村干部下村次数完成率", "%", "organization", visit_quota),
        ("ledgers.visits", "走访次数", "次", "person", visits),
        ("ledgers.visit_quota_person", "本人下村次数完成率", "%", "person", visit_quota_person),
        ("ledgers.liaison_villages", "联系（驻）村数", "个", "person", liaison_villages),
    ):
        register_metric(Metric(key, label, unit, subject, compute, app="ledgers", description=compute.__doc__ or "",
                               compute_many=many.get(key)))  # fmt: skip

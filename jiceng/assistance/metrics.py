"""Person and organization measures of the pairings for the assessments' duty quotas (驻村干部
“五个一”, seed 004), registered with `core.registry`: each value lists the records behind it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from jiceng.core.registry import Metric, MetricValue, register_metric

from . import rules
from .models import Contact, Pairing, PoorMember
from .rules import ContactKind, PairKind


def _pairs(person: Any, start: dt.date, end: dt.date) -> list[Pairing]:
    rows = Pairing.objects.filter(helper=person, kind=PairKind.ONE_TO_ONE, started_on__lte=end)
    return list(rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)).order_by("pk"))


def pairs(person: Any, start: dt.date, end: dt.date) -> MetricValue:
    """结对帮扶贫困党员: the 一带一 pairs the person held in the period."""
    rows = _pairs(person, start, end)
    return MetricValue(len(rows), [f"assistance.pairing:{p.pk}" for p in rows])


def visit_quarters(person: Any, start: dt.date, end: dt.date) -> MetricValue:
    """每季度上门联系、走访一次: quarters ending in the period in which every 一带一 pair the
    person held that quarter was visited (a quarter with no pair does not count)."""
    rows = _pairs(person, start, end)
    visits = list(Contact.objects.filter(pairing__in=rows, kind=ContactKind.VISIT, on__gte=start, on__lte=end)
                  .values_list("pk", "pairing_id", "on"))  # fmt: skip
    met, records = 0, []
    for year in range(start.year, end.year + 1):
        for q in range(1, 5):
            first, last = rules.quarter_bounds(year, q)
            if first < start or last > end:
                continue
            held = [p.pk for p in rows if p.started_on <= last and (p.ended_on is None or p.ended_on >= first)]
            done = {pid for _, pid, on in visits if first <= on <= last}
            if held and set(held) <= done:
                met += 1
                records += [f"assistance.contact:{pk}" for pk, pid, on in visits if first <= on <= last]
    return MetricValue(met, records)


def _contacts(kind: str) -> Any:
    def compute(person: Any, start: dt.date, end: dt.date) -> MetricValue:
        ids = list(Contact.objects.filter(pairing__helper=person, pairing__kind=PairKind.ONE_TO_ONE, kind=kind,
                                          on__gte=start, on__lte=end).values_list("pk", flat=True))  # fmt: skip
        return MetricValue(len(ids), [f"assistance.contact:{pk}" for pk in ids])

    return compute


def poor_paired(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    """每一名贫困党员都有一名党员干部结对帮扶: % of the open 贫困党员台账 entries under `org` with
    a 一带一 pair at the end of the period."""
    poor = list(PoorMember.objects.filter(org_path__startswith=org.path, since__lte=end)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=end)).values_list("pk", flat=True))  # fmt: skip
    pairs = Pairing.objects.filter(poor_id__in=poor, started_on__lte=end)
    paired = set(pairs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=end)).values_list("poor_id", flat=True))
    if not poor:
        return MetricValue(None, note="没有贫困党员台账")
    return MetricValue(rules.percent(len(paired), len(poor)), [f"assistance.poormember:{pk}" for pk in poor])


def register() -> None:
    app = "assistance"
    register_metric(Metric("assistance.pairs", "结对帮扶贫困党员", "对", "person", pairs, app,
                           "一带一结对帮扶的贫困党员（调研报告004）"))  # fmt: skip
    register_metric(Metric("assistance.visit_quarters", "每季度上门走访结对对象", "季度", "person", visit_quarters,
                           app, "每个结对对象都走访到的季度数（每季度上门联系、走访一次）"))  # fmt: skip
    register_metric(Metric("assistance.warmth", "为贫困党员送温暖", "次", "person", _contacts(ContactKind.WARMTH),
                           app, "一带一结对的送温暖记录"))  # fmt: skip
    register_metric(Metric("assistance.deeds", "为帮扶对象办实事", "件", "person", _contacts(ContactKind.DEED), app,
                           "一带一结对的办实事记录"))  # fmt: skip
    register_metric(Metric("assistance.poor_paired", "贫困党员结对帮扶覆盖率", "%", "organization", poor_paired,
                           app, "有党员干部结对帮扶的贫困党员占台账人数"))  # fmt: skip

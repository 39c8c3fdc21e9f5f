"""Figures of the 党员创业示范工程 for the assessments (core.registry metrics), each with the
records behind it: demonstrators of a subtree and the subsidised loans lent in the period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.registry import Metric, MetricValue, register_metric

from .models import Application, Loan


def demonstrators(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    """Files of the subtree that reached 确定为帮扶对象 (and later) and applied by `end`."""
    rows = Application.objects.filter(org_path__startswith=org.path, applied_on__lte=end).demonstrators()
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    return MetricValue(len(ids), [f"programs.application:{pk}" for pk in ids], note=f"截至{end:%Y-%m-%d}")


def loans_lent(org: Any, start: dt.date, end: dt.date) -> MetricValue:
    rows = Loan.objects.filter(org_path__startswith=org.path, lent_on__gte=start, lent_on__lte=end).order_by("pk")
    found = list(rows.values_list("pk", "amount"))
    return MetricValue(sum(a for _, a in found) / 100, [f"programs.loan:{pk}" for pk, _ in found],
                       note=f"{start:%Y-%m-%d}至{end:%Y-%m-%d}发放")  # fmt: skip


def register() -> None:
    register_metric(Metric("programs.demonstrators", "党员创业示范帮扶对象", "人", "organization", demonstrators,
                           app="programs",
                           description="经公示确定为帮扶对象的农村党员、建党对象和入党积极分子"))  # fmt: skip
    register_metric(Metric("programs.loans_lent", "党员创业示范贴息贷款", "元", "organization", loans_lent,
                           app="programs", description="所选期间发放的政府贴息贷款金额"))  # fmt: skip

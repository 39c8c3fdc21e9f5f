"""Grids (网格), households (农户) and visits (五访五问): the places and people a village serves.

Below the ledgers (and the councils and pairings to come): a visit may become ledger items,
but this app knows nothing of ledgers. The tables kept their names from when they lived in the
ledgers app (`db_table`), so moving them changed no data (ADR 0004).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from jiceng.core.access import in_user_subtree, user_org
from jiceng.core.models import TimeStamped
from jiceng.core.permissions import is_editor
from jiceng.organizations.models import Organization

from .rules import VisitKind


class GridQuerySet(models.QuerySet["Grid"]):
    def visible_to(self, user: Any) -> GridQuerySet:
        return in_user_subtree(self, user)


class Grid(TimeStamped):
    """定人定时定格定责 (seed 004): a grid, its responsible person, visit cycle and duties."""

    organization = models.ForeignKey(Organization, verbose_name="村级党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField("网格名称", max_length=60)
    responsible = models.CharField("网格责任人", max_length=50)
    responsible_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人账户", null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    visit_cycle_days = models.PositiveSmallIntegerField("走访周期（天）", default=30)
    duties = models.TextField("网格职责", blank=True)

    objects = GridQuerySet.as_manager()

    class Meta:
        db_table = "ledgers_grid"
        ordering = ["org_path", "name"]
        verbose_name = "网格"
        verbose_name_plural = "网格"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="grid_unique_name")]

    def __str__(self) -> str:
        return self.name


class HouseholdQuerySet(models.QuerySet["Household"]):
    def visible_to(self, user: Any) -> HouseholdQuerySet:
        """Households (personal data): village secretaries and officers of the subtree."""
        return in_user_subtree(self, user) if is_editor(user) else self.none()


class Household(TimeStamped):
    grid = models.ForeignKey(Grid, verbose_name="网格", on_delete=models.CASCADE, related_name="households")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    head_name = models.CharField("户主", max_length=50)
    address = models.CharField("住址", max_length=100, blank=True)
    size = models.PositiveSmallIntegerField("家庭人口", default=1)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        db_table = "ledgers_household"
        ordering = ["grid_id", "head_name", "id"]
        verbose_name = "农户"
        verbose_name_plural = "农户"

    def __str__(self) -> str:
        return self.head_name


class VisitQuerySet(models.QuerySet["Visit"]):
    def visible_to(self, user: Any) -> VisitQuerySet:
        """Village secretaries and officers of the subtree; everyone sees their own visits."""
        if user_org(user) is None:
            return self.none()
        if is_editor(user):
            return in_user_subtree(self, user)
        return self.filter(visitor=user)


class Visit(TimeStamped):
    """A 五访五问 visit; what was found may become ledger items (the ledgers app does that)."""

    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT,
                                related_name="visits")  # fmt: skip
    organization = models.ForeignKey(Organization, verbose_name="村级党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    grid = models.ForeignKey(Grid, verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="visits")  # fmt: skip
    household = models.ForeignKey(Household, verbose_name="农户", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="visits")  # fmt: skip
    kind = models.CharField("走访类型", max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField("走访日期")  # the event date; created_at is the entry date
    visitee = models.CharField("走访对象", max_length=50)
    findings = models.TextField("了解情况", blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        db_table = "ledgers_visit"
        ordering = ["-visited_on", "-id"]
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        indexes = [models.Index(fields=["visitor", "organization", "visited_on"], name="visit_quota")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_kind_display()} {self.visitee}"

"""The org tree (县委 → 乡镇党委 → 党总支/党支部 → 党小组), villages and 片区."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from jiceng.core.access import in_user_subtree
from jiceng.core.models import TimeStamped

from .rules import OrgKind


class OrganizationQuerySet(MP_NodeQuerySet):
    def active(self) -> OrganizationQuerySet:
        return self.filter(dissolved_on__isnull=True)

    def visible_to(self, user: Any) -> OrganizationQuerySet:
        """Deny by default: a user sees their own organization's subtree, nothing else."""
        return in_user_subtree(self, user, "path")


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> OrganizationQuerySet:
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node, TimeStamped):
    name = models.CharField("组织名称", max_length=100)
    kind = models.CharField("组织类别", max_length=30, choices=OrgKind.choices)
    full_path = models.CharField("组织全称路径", max_length=1000)
    division_code = models.CharField("行政区划代码", max_length=12, blank=True)
    village = models.ForeignKey(
        "Village",
        verbose_name="所属行政村",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    is_village_level = models.BooleanField("村级党组织", default=False)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    # The day the organization was set up (成立日期); unknown for many old branches.
    founded_on = models.DateField("成立日期", null=True, blank=True)

    # No `node_order_by`: sorted insertion would renumber existing siblings' paths, and people
    # keep a copy of their organization's path. Children are appended; lists sort by name.
    objects = OrganizationManager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        constraints = [
            models.UniqueConstraint(
                fields=["full_path"],
                condition=Q(dissolved_on__isnull=True),
                name="org_active_full_path_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None

    @property
    def founding_known(self) -> bool:
        return self.founded_on is not None

    @property
    def compliance_since(self) -> dt.date:
        """From when the organization owes its regular work (meetings, …): its founding date, or,
        when that is unknown, 1 January of the year it was first recorded here."""
        if self.founded_on is not None:
            return self.founded_on
        return dt.date(timezone.localdate(self.created_at).year, 1, 1)

    def subtree(self) -> OrganizationQuerySet:
        return Organization.objects.filter(path__startswith=self.path)

    # Tree navigation through our QuerySet (so `.active()` and `.visible_to()` chain).
    def descendants(self) -> OrganizationQuerySet:
        return self.subtree().exclude(pk=self.pk)

    def children_qs(self) -> OrganizationQuerySet:
        return self.descendants().filter(depth=self.depth + 1)

    def ancestors(self) -> OrganizationQuerySet:
        prefixes = [self.path[: i * self.steplen] for i in range(1, self.depth)]
        return Organization.objects.filter(path__in=prefixes)

    def parent(self) -> Organization | None:
        return self.ancestors().filter(depth=self.depth - 1).first() if self.depth > 1 else None

    def contains(self, other: Organization) -> bool:
        return other.path.startswith(self.path)


class Village(TimeStamped):
    """An administrative village (行政村) of a township."""

    name = models.CharField("行政村", max_length=100)
    township = models.ForeignKey(
        Organization, verbose_name="所属乡镇党委", on_delete=models.PROTECT, related_name="villages"
    )
    division_code = models.CharField("行政区划代码", max_length=12, blank=True)

    class Meta:
        verbose_name = "行政村"
        verbose_name_plural = "行政村"
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="village_unique_per_township")]

    def __str__(self) -> str:
        return self.name


class Area(TimeStamped):
    """A township's grouping of villages (片区) for 片会."""

    name = models.CharField("片区名称", max_length=100)
    township = models.ForeignKey(
        Organization, verbose_name="所属乡镇党委", on_delete=models.PROTECT, related_name="areas"
    )
    villages = models.ManyToManyField(Village, verbose_name="包含行政村", related_name="areas", blank=True)

    class Meta:
        verbose_name = "片区"
        verbose_name_plural = "片区"
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="area_unique_per_township")]

    def __str__(self) -> str:
        return self.name

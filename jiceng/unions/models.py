"""户联理事会 (household-union councils) of a village, their households, 理事长 and 理事, 四联
activity records and the 惠农 projects allocated as rewards (以奖代补) for a 五好 rating.

Below the assessments and evaluations apps: the union registers itself as a rated subject kind
(`core.registry.register_rated_kind`), and reads the ratings it earned through
`core.registry.ratings_of`; it imports neither app.

Visibility, defined once here: unions, officers, activities and rewards — everyone of the
village's subtree (what a union does is village business); the households of a union (personal
data) — editors only, like the households register.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from jiceng.core.access import in_user_subtree
from jiceng.core.models import TimeStamped
from jiceng.core.permissions import is_editor
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from .rules import ActivityKind, OfficerRole, UnionBasis

KIND = "unions.union"  # the ref kind of a union ("unions.union:<pk>")


class UnionQuerySet(models.QuerySet["Union"]):
    def visible_to(self, user: Any) -> UnionQuerySet:
        return in_user_subtree(self, user)


class Union(TimeStamped):
    organization = models.ForeignKey(Organization, verbose_name="村党组织", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField("名称", max_length=60)
    basis = models.CharField("组建单元", max_length=20, choices=UnionBasis.choices)
    place = models.CharField("屋场院子或自然村落", max_length=60)
    founded_on = models.DateField("成立日期")
    size_confirmed = models.BooleanField("规模已确认（25–30户以外）", default=False)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = UnionQuerySet.as_manager()

    class Meta:
        ordering = ["org_path", "name", "id"]
        verbose_name = "户联理事会"
        verbose_name_plural = "户联理事会"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="union_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def ref(self) -> str:
        return f"{KIND}:{self.pk}"


class UnionHousehold(models.Model):
    """A household of a union: a household is in one union at most (the database refuses a second)."""

    union = models.ForeignKey(Union, verbose_name="户联理事会", on_delete=models.CASCADE, related_name="members")
    household = models.OneToOneField(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField("加入日期")

    class Meta:
        ordering = ["union_id", "household__head_name", "id"]
        verbose_name = "户联农户"
        verbose_name_plural = "户联农户"


class PartQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> PartQuerySet:
        return in_user_subtree(self, user, "union__org_path")


class UnionOfficer(TimeStamped):
    """理事长 or 理事 chosen by the households: a person of the roster or a villager named only."""

    union = models.ForeignKey(Union, verbose_name="户联理事会", on_delete=models.CASCADE, related_name="officers")
    role = models.CharField("职务", max_length=10, choices=OfficerRole.choices)
    person = models.ForeignKey(Person, verbose_name="人员", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    name = models.CharField("姓名", max_length=50)
    chosen_on = models.DateField("推选日期")
    voting = models.PositiveSmallIntegerField("参加推选户数")
    votes = models.PositiveSmallIntegerField("得票户数")

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["union_id", "role", "name", "id"]
        verbose_name = "户联理事"
        verbose_name_plural = "户联理事"
        constraints = [
            # One 理事长: two choices at once store one (the rule counts, the database decides).
            models.UniqueConstraint(fields=["union"], condition=Q(role="chair"), name="union_one_chair"),
            models.UniqueConstraint(fields=["union", "person"], condition=Q(person__isnull=False),
                                    name="union_officer_once"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    @property
    def ref(self) -> str:
        return f"unions.unionofficer:{self.pk}"


class Activity(TimeStamped):
    """A 四联 activity and its quantities (the seed's figures are sums of these)."""

    union = models.ForeignKey(Union, verbose_name="户联理事会", on_delete=models.CASCADE, related_name="activities")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField("四联类别", max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField("活动日期")  # the event date; created_at is the entry date
    title = models.CharField("活动内容", max_length=200)
    labour = models.PositiveIntegerField("互换劳力（人次）", default=0)
    water = models.PositiveIntegerField("整修堰塘水渠（人次）", default=0)
    road_km = models.DecimalField("修路（公里）", max_digits=8, decimal_places=2, default=0)
    money = models.BigIntegerField("集资（分）", default=0)
    households = models.PositiveSmallIntegerField("参与户数")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "四联活动"
        verbose_name_plural = "四联活动"
        constraints = [models.CheckConstraint(condition=Q(money__gte=0) & Q(road_km__gte=0),
                                              name="union_activity_not_negative")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"

    @property
    def late_days(self) -> int:
        from django.utils import timezone

        return max(0, (timezone.localdate(self.created_at) - self.held_on).days) if self.created_at else 0


class Reward(TimeStamped):
    """以奖代补 (seed 002: 与惠农项目安排挂钩): a 惠农 project allocated for the rating that earned it."""

    union = models.ForeignKey(Union, verbose_name="户联理事会", on_delete=models.CASCADE, related_name="rewards")
    rating_ref = models.CharField("所依据的评比结果", max_length=60)
    rating_label = models.CharField("评比", max_length=150)  # as it was when allocated
    project = models.CharField("惠农项目", max_length=100)
    amount = models.BigIntegerField("奖补金额（分）")
    allocated_on = models.DateField("安排日期")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["-allocated_on", "-id"]
        verbose_name = "以奖代补惠农项目"
        verbose_name_plural = "以奖代补惠农项目"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="union_reward_positive"),
            models.UniqueConstraint(fields=["union", "rating_ref", "project"], name="union_reward_once"),
        ]

    def __str__(self) -> str:
        return self.project


def union_households_visible(user: Any) -> bool:
    return is_editor(user)

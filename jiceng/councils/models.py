"""Care councils (关怀理事会) of village branches: posts (each a 党小组 of the org tree), 理事,
the council's account, care targets and their records, monthly visits of every household.

Visibility, defined once here (views, API and the export use it):
- the council, its posts, 理事 and account: everyone of the subtree;
- care targets and visits (personal data): editors of the subtree (a confirmed 理事 with an
  account also sees the visits they recorded);
- 特殊人员 targets: only the branch secretary's account (role 村党支部书记 at the council's
  branch) and township/county officers of the subtree — never members, never anonymous, never
  on a public page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from jiceng.core.access import in_user_subtree, user_org
from jiceng.core.models import TimeStamped
from jiceng.core.permissions import is_editor, is_officer
from jiceng.households.models import Household
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from .rules import RESTRICTED_KINDS, CouncillorKind, CouncillorStatus, EntryKind, TargetDetail, TargetKind


def sees_restricted(user: Any, council: Council) -> bool:
    """The branch secretary's account of this council's branch, or an officer of its subtree."""
    org = user_org(user)
    if org is None or not council.org_path.startswith(org.path):
        return False
    if is_officer(user):
        return True
    return str(getattr(user, "role", "")) == "village_secretary" and org.pk == council.organization_id


class CouncilQuerySet(models.QuerySet["Council"]):
    def visible_to(self, user: Any) -> CouncilQuerySet:
        return in_user_subtree(self, user)


class Council(TimeStamped):
    organization = models.OneToOneField(Organization, verbose_name="村党支部", on_delete=models.PROTECT,
                                        related_name="care_council")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    chair = models.ForeignKey(Person, verbose_name="理事长（支部书记）", on_delete=models.PROTECT, related_name="+")
    executive = models.ForeignKey(Person, verbose_name="常务理事（支委）", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")  # fmt: skip
    founded_on = models.DateField("成立日期")

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["org_path"]
        verbose_name = "关怀理事会"
        verbose_name_plural = "关怀理事会"

    def __str__(self) -> str:
        return f"{self.organization.name}关怀理事会"


class CouncilPartQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> CouncilPartQuerySet:
        return in_user_subtree(self, user, "council__org_path")


class CouncilPost(TimeStamped):
    """A 理事岗位 and its 党小组 (a node of the org tree under the branch)."""

    council = models.ForeignKey(Council, verbose_name="关怀理事会", on_delete=models.CASCADE, related_name="posts")
    name = models.CharField("理事岗位", max_length=30)
    group = models.OneToOneField(Organization, verbose_name="党小组", on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey("Councillor", verbose_name="党小组组长", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = CouncilPartQuerySet.as_manager()

    class Meta:
        ordering = ["council_id", "id"]
        verbose_name = "理事岗位"
        verbose_name_plural = "理事岗位"
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="council_post_unique_name")]

    def __str__(self) -> str:
        return self.name


class LeaderElection(models.Model):
    """组长由党员理事推选产生 (seed 002): one row per election, kept."""

    post = models.ForeignKey(CouncilPost, verbose_name="理事岗位", on_delete=models.CASCADE, related_name="elections")
    leader = models.ForeignKey("Councillor", verbose_name="当选组长", on_delete=models.PROTECT, related_name="+")
    elected_on = models.DateField("推选日期")
    electors = models.PositiveSmallIntegerField("应参加的党员理事")
    voters = models.PositiveSmallIntegerField("参加推选人数")
    votes = models.PositiveSmallIntegerField("得票")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["-elected_on", "-id"]
        verbose_name = "组长推选"
        verbose_name_plural = "组长推选"

    def __str__(self) -> str:
        return f"{self.elected_on} 组长推选"


class Councillor(TimeStamped):
    """A 理事: a person of the roster or a villager named only (not every villager is on it)."""

    council = models.ForeignKey(Council, verbose_name="关怀理事会", on_delete=models.CASCADE,
                                related_name="councillors")  # fmt: skip
    post = models.ForeignKey(CouncilPost, verbose_name="理事岗位", on_delete=models.PROTECT, related_name="councillors")
    person = models.ForeignKey(Person, verbose_name="人员", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    name = models.CharField("姓名", max_length=50)
    kind = models.CharField("身份", max_length=20, choices=CouncillorKind.choices)
    specialty = models.CharField("特长", max_length=100, blank=True)
    status = models.CharField("状态", max_length=20, choices=CouncillorStatus.choices, default=CouncillorStatus.PENDING)
    applied_on = models.DateField("申报日期")
    confirmed_on = models.DateField("确认日期", null=True, blank=True)

    objects = CouncilPartQuerySet.as_manager()

    class Meta:
        ordering = ["council_id", "post_id", "name", "id"]
        verbose_name = "理事"
        verbose_name_plural = "理事"
        constraints = [
            models.UniqueConstraint(fields=["council", "person"], condition=Q(person__isnull=False),
                                    name="councillor_once_per_council"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def is_member(self) -> bool:
        return self.person is not None and self.person.is_member


class AccountEntry(models.Model):
    """Income of the council's account (fen)."""

    council = models.ForeignKey(Council, verbose_name="关怀理事会", on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("收入类别", max_length=20, choices=EntryKind.choices)
    received_on = models.DateField("到账日期")
    year = models.PositiveSmallIntegerField("所属年度")
    performances = models.PositiveSmallIntegerField("演出场次", default=0)
    amount = models.BigIntegerField("金额（分）")
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.CharField("录入人", max_length=50)
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "理事会经费收入"
        verbose_name_plural = "理事会经费收入"
        constraints = [
            # One county grant a year: a second one is refused by the database, not only checked.
            models.UniqueConstraint(fields=["council", "year"], condition=Q(kind="county_grant"),
                                    name="council_one_county_grant_a_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="council_entry_positive"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.received_on} {self.get_kind_display()}"


class TargetQuerySet(models.QuerySet["CareTarget"]):
    def visible_to(self, user: Any) -> TargetQuerySet:
        """Editors of the subtree; 特殊人员 only for the branch's secretary account and officers."""
        org = user_org(user)
        if org is None or not is_editor(user):
            return self.none()
        rows = in_user_subtree(self, user)
        if is_officer(user):
            return rows
        return rows.filter(~Q(kind__in=RESTRICTED_KINDS) | Q(council__organization_id=org.pk))

    def public(self) -> TargetQuerySet:
        """What may ever leave the restricted circle (counts on shared pages, exports)."""
        return self.exclude(kind__in=RESTRICTED_KINDS)


class CareTarget(TimeStamped):
    council = models.ForeignKey(Council, verbose_name="关怀理事会", on_delete=models.CASCADE, related_name="targets")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField("类别", max_length=20, choices=TargetKind.choices)
    detail = models.CharField("细类", max_length=20, choices=TargetDetail.choices)
    name = models.CharField("姓名", max_length=50)
    household = models.ForeignKey(Household, verbose_name="农户", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")  # fmt: skip
    councillor = models.ForeignKey(
        Councillor, verbose_name="负责理事", on_delete=models.PROTECT, related_name="targets"
    )
    since = models.DateField("列入日期")
    note = models.CharField("情况", max_length=200, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["org_path", "kind", "name", "id"]
        verbose_name = "关怀对象"
        verbose_name_plural = "关怀对象"

    def __str__(self) -> str:
        # The audit log keeps `str()`: a restricted target is not named there.
        return "关怀对象（限制查看）" if self.restricted else self.name

    @property
    def restricted(self) -> bool:
        return self.kind in RESTRICTED_KINDS


class CareRecord(models.Model):
    target = models.ForeignKey(CareTarget, verbose_name="关怀对象", on_delete=models.CASCADE, related_name="records")
    councillor = models.ForeignKey(Councillor, verbose_name="理事", on_delete=models.PROTECT, related_name="+")
    cared_on = models.DateField("关怀日期")
    content = models.TextField("关怀内容")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["-cared_on", "-id"]
        verbose_name = "关怀记录"
        verbose_name_plural = "关怀记录"

    def __str__(self) -> str:
        return f"{self.cared_on} 关怀记录"


class CouncilVisitQuerySet(models.QuerySet["CouncilVisit"]):
    def visible_to(self, user: Any) -> CouncilVisitQuerySet:
        """Editors of the subtree; a 理事 with an account sees the visits they recorded."""
        if user_org(user) is None:
            return self.none()
        if is_editor(user):
            return in_user_subtree(self, user)
        person_id = getattr(user, "person_id", None)
        return in_user_subtree(self, user).filter(councillor__person_id=person_id) if person_id else self.none()


class CouncilVisit(TimeStamped):
    """每月走访所有农户一次 (seed 002): a 理事's visit of a household of the village."""

    council = models.ForeignKey(Council, verbose_name="关怀理事会", on_delete=models.CASCADE, related_name="visits")
    org_path = models.CharField(max_length=255, editable=False)
    councillor = models.ForeignKey(Councillor, verbose_name="理事", on_delete=models.PROTECT, related_name="visits")
    household = models.ForeignKey(Household, verbose_name="农户", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField("走访日期")  # the event date; created_at is the entry date
    asked = models.TextField("群众诉求")
    done = models.TextField("办理情况", blank=True)
    deed = models.BooleanField("办实事", default=False)
    problem = models.TextField("发现的问题", blank=True)
    ledger_ref = models.PositiveIntegerField("台账事项", null=True, blank=True, editable=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip

    objects = CouncilVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "理事走访"
        verbose_name_plural = "理事走访"
        indexes = [models.Index(fields=["council", "visited_on"], name="council_visit_month")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.household}"


# ---------------------------------------------------------------- the month coverage rollup


class VisitedMonth(models.Model):
    """A household visited at least once in a month (the first visit of the month makes the row)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "month", "household"], name="visited_month_once")]


class CoverageMonth(models.Model):
    """Per council and month: the distinct households visited and the deeds done (kept by
    `actions.record_visit` with the visit; visits are never changed or deleted)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    visited = models.IntegerField(default=0)
    deeds = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "month"], name="coverage_month_once")]

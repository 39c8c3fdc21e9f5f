"""Volunteer teams of a village and their service records; the village youth league branch
(团支部): its 团员, their 团费 (integer fen, monthly) and 推优 (a recommendation that opens or
joins the person's development file). Visibility follows the org tree (`org_path`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiceng.core.access import SubtreeQuerySet
from jiceng.core.dates import entry_gap_days
from jiceng.core.models import TimeStamped
from jiceng.development.models import File
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from .rules import LeaveReason, ServiceKind, TeamKind

LATE_AFTER_DAYS = 3  # entered more than three days after the service: shown as 补录


class Team(TimeStamped):
    organization = models.ForeignKey(Organization, verbose_name="村党组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField("队伍名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=TeamKind.choices)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    leader = models.ForeignKey(Person, verbose_name="队长", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")  # fmt: skip
    members = models.ManyToManyField(Person, verbose_name="队员", blank=True, related_name="volunteer_teams")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = SubtreeQuerySet["Team"].as_manager()

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"
        ordering = ["org_path", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="volunteer_team_unique_name")]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """One service activity of a team: the day it happened and the day it was entered."""

    team = models.ForeignKey(Team, verbose_name="志愿服务队", on_delete=models.CASCADE, related_name="services")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    held_on = models.DateField("服务日期")
    kind = models.CharField("服务类别", max_length=20, choices=ServiceKind.choices)
    title = models.CharField("服务内容", max_length=200)
    place = models.CharField("地点", max_length=100, blank=True)
    participants = models.ManyToManyField(Person, verbose_name="参加人员", related_name="+")
    others = models.PositiveIntegerField("其他参加人数", default=0)  # volunteers without a people record
    hours = models.DecimalField("每人服务时长（小时）", max_digits=4, decimal_places=1)
    entered_at = models.DateTimeField("登记时间", auto_now_add=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Service"].as_manager()

    class Meta:
        verbose_name = "志愿服务记录"
        verbose_name_plural = "志愿服务记录"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y年%m月%d日}{self.get_kind_display()}"

    @property
    def gap_days(self) -> int:
        return entry_gap_days(self.held_on, timezone.localdate(self.entered_at)) if self.entered_at else 0

    @property
    def late(self) -> bool:
        return self.gap_days > LATE_AFTER_DAYS


class LeagueBranch(TimeStamped):
    """The village's 团支部 (one per village party branch)."""

    organization = models.OneToOneField(Organization, verbose_name="村党组织", on_delete=models.PROTECT,
                                        related_name="+")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField("团支部名称", max_length=100)
    secretary = models.ForeignKey(Person, verbose_name="团支部书记", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")  # fmt: skip
    founded_on = models.DateField("成立日期", null=True, blank=True)

    objects = SubtreeQuerySet["LeagueBranch"].as_manager()

    class Meta:
        verbose_name = "团支部"
        verbose_name_plural = "团支部"

    def __str__(self) -> str:
        return self.name


class LeagueMember(TimeStamped):
    """A 团员 of the branch from `joined_on` (入团) until `left_on` (离团, e.g. 超龄离团)."""

    branch = models.ForeignKey(LeagueBranch, verbose_name="团支部", on_delete=models.CASCADE, related_name="members")
    org_path = models.CharField(max_length=255, editable=False, db_index=True)
    person = models.ForeignKey(Person, verbose_name="团员", on_delete=models.PROTECT, related_name="league_entries")
    joined_on = models.DateField("入团日期")
    left_on = models.DateField("离团日期", null=True, blank=True)
    left_reason = models.CharField("离团原因", max_length=20, choices=LeaveReason.choices, blank=True)

    objects = SubtreeQuerySet["LeagueMember"].as_manager()

    class Meta:
        verbose_name = "团员"
        verbose_name_plural = "团员"
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(left_on__isnull=True), name="league_member_one_open")
        ]

    def __str__(self) -> str:
        return self.person.name


class LeagueDues(models.Model):
    """One month's 团费 of one 团员."""

    member = models.ForeignKey(LeagueMember, verbose_name="团员", on_delete=models.CASCADE, related_name="dues")
    org_path = models.CharField(max_length=255, editable=False)
    month = models.DateField("所属月份")
    amount = models.IntegerField("金额（分）")
    paid_on = models.DateField("交纳日期")
    entered_at = models.DateTimeField("登记时间", auto_now_add=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["LeagueDues"].as_manager()

    class Meta:
        verbose_name = "团费"
        verbose_name_plural = "团费"
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="league_dues_one_per_month")]

    def __str__(self) -> str:
        return f"{self.member.person.name}{self.month:%Y年%m月}团费"


class Recommendation(models.Model):
    """推优: the branch recommended the 团员 to the Party branch on `recommended_on`; the person's
    development file (opened by the development app's own action, or the one already open)."""

    member = models.ForeignKey(LeagueMember, verbose_name="团员", on_delete=models.CASCADE,
                               related_name="recommendations")  # fmt: skip
    org_path = models.CharField(max_length=255, editable=False)
    recommended_on = models.DateField("推荐日期")
    note = models.CharField("推荐情况", max_length=200, blank=True)
    file = models.ForeignKey(File, verbose_name="发展党员档案", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("登记时间", auto_now_add=True)
    entered_by = models.CharField("登记人", max_length=50, blank=True)

    objects = SubtreeQuerySet["Recommendation"].as_manager()

    class Meta:
        verbose_name = "推优"
        verbose_name_plural = "推优"
        ordering = ["-recommended_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member.person.name}{self.recommended_on:%Y年%m月%d日}推优"

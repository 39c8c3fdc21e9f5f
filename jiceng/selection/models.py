"""A cadre selection exercise (干部选拔): a case on `core.engine` ("selection.standard" or
"selection.village"), its posts, candidates, recommendation counts, talks, 测评 and the
accountability record ("谁推荐、谁考察谁签名谁负责", append-only)."""

from __future__ import annotations

from typing import Any

from django.db import models

from jiceng.core.access import in_user_subtree
from jiceng.core.actor import Actor
from jiceng.core.engine import WorkflowCase
from jiceng.core.errors import DomainError
from jiceng.core.models import TimeStamped
from jiceng.evaluations.models import Round
from jiceng.meetings.models import Meeting
from jiceng.organizations.models import Organization
from jiceng.people import rules as people_rules
from jiceng.people.models import Person, Post

from . import flow


class Kind(models.TextChoices):
    STANDARD = flow.STANDARD, "干部选拔（民主推荐、考察、任前公示）"
    VILLAGE = flow.VILLAGE, "村党组织“二推一选”"


class Pool(models.TextChoices):
    MEETING = "meeting", "推荐会"
    MEMBERS = "members", "党员推荐"
    VILLAGERS = "villagers", "群众推荐"


POOLS = {flow.STANDARD: (Pool.MEETING,), flow.VILLAGE: (Pool.MEMBERS, Pool.VILLAGERS)}


class Source(models.TextChoices):
    ORGANIZATION = "organization", "组织推荐"
    INDIVIDUAL = "individual", "个人向组织推荐"
    JOINT = "joint", "联名推荐"
    SELF = "self", "自荐"


class SignRole(models.TextChoices):
    RECOMMENDER = "recommender", "推荐人（推荐单位负责人）"
    INSPECTOR = "inspector", "考察组成员"
    LEADER = "leader", "考察组组长"


class TalkStage(models.TextChoices):
    RECOMMENDATION = "recommendation", "民主推荐个别谈话"
    INSPECTION = "inspection", "考察谈话"


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def visible_to(self, user: Any) -> ExerciseQuerySet:
        """Officers of the exercise's subtree only: talks and inspection findings are confidential
        (考察保密责任制); a village secretary may be a candidate."""
        if not getattr(user, "is_officer", False):
            return self.none()
        return in_user_subtree(self, user)


class Exercise(WorkflowCase, TimeStamped):
    STATE_FIELD = "state"
    SINCE_FIELD = "state_on"

    organization = models.ForeignKey(
        Organization, verbose_name="组织单位", on_delete=models.PROTECT, related_name="selection_exercises"
    )
    org_path = models.CharField(max_length=255, editable=False)
    title = models.CharField("名称", max_length=100)
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    conditions = models.TextField("职位条件和资格")
    threshold_percent = models.PositiveSmallIntegerField("推荐得票门槛（超过有效推荐表的%）", default=50)
    rules_name = models.CharField("规则版本", max_length=30)
    started_on = models.DateField("开始日期")
    state = models.CharField("当前环节", max_length=30)
    state_on = models.DateField("当前环节日期")
    # 考察预告 (对象、方式、考察组、纪律、举报电话)
    method = models.CharField("考察方式", max_length=300, blank=True)
    team = models.CharField("考察组人员", max_length=300, blank=True)
    discipline = models.TextField("考察纪律", blank=True)
    hotline = models.CharField("举报电话", max_length=30, blank=True)
    # 二推一选: the 党员大会 election
    election_present = models.PositiveIntegerField("实到会有选举权党员", null=True, blank=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        verbose_name = "干部选拔"
        verbose_name_plural = "干部选拔"
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["org_path", "state"], name="selection_subtree_state")]

    def __str__(self) -> str:
        return self.title

    def workflow_code(self) -> str:
        return flow.CODES[self.kind]

    def workflow_roles(self, actor: Actor) -> set[str]:
        return {"officer"} if actor.has_perm("selection.change_exercise", self) else set()

    def workflow_org(self) -> Any:
        return self.organization

    @property
    def open(self) -> bool:
        return self.state not in flow.FINAL

    @property
    def pools(self) -> tuple[Pool, ...]:
        return POOLS[self.kind]


class Position(models.Model):
    """A post the exercise fills: where, which body and title, how appointed, how many."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(Organization, verbose_name="任职组织", on_delete=models.PROTECT, related_name="+")
    body = models.CharField("任职机构", max_length=20, choices=people_rules.PostBody.choices)
    title = models.CharField("职务", max_length=20)
    appointment_mode = models.CharField("任职方式", max_length=20, choices=people_rules.AppointmentMode.choices)
    seats = models.PositiveSmallIntegerField("职数", default=1)
    term = models.CharField("届次", max_length=30, blank=True)

    class Meta:
        verbose_name = "选拔职位"
        verbose_name_plural = "选拔职位"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.title_label}"

    @property
    def title_label(self) -> str:
        choices = people_rules.TITLES.get(self.body, people_rules.CommitteeTitle)
        prefix = people_rules.BODY_PREFIX.get(self.body, "")
        return prefix + str(dict(choices.choices).get(self.title, self.title))


class Candidate(TimeStamped):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="candidates")
    position = models.ForeignKey(Position, verbose_name="职位", on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, verbose_name="人选", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("推荐方式", max_length=20, choices=Source.choices, default=Source.ORGANIZATION)
    recommended_by = models.CharField("推荐人或推荐单位", max_length=100)
    inspect = models.BooleanField("考察对象", default=False)
    proposed = models.BooleanField("拟任人选（候选人）", default=False)
    # 测评 (from a published evaluations round, or entered) and the inspection's conclusion
    test_round = models.ForeignKey(
        Round, verbose_name="测评来源", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    test_total = models.PositiveIntegerField("参加测评人数", null=True, blank=True)
    test_favourable = models.PositiveIntegerField("称职（满意）及基本称职票数", null=True, blank=True)
    conclusion = models.TextField("考察结论", blank=True)
    election_votes = models.PositiveIntegerField("党员大会得票", null=True, blank=True)
    post = models.ForeignKey(
        Post, verbose_name="任职记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "选拔人选"
        verbose_name_plural = "选拔人选"
        ordering = ["position_id", "id"]
        constraints = [models.UniqueConstraint(fields=["position", "person"], name="selection_candidate_once")]

    def __str__(self) -> str:
        return self.person.name


class RecommendationRound(TimeStamped):
    """One recommendation (推荐会, or 党员推荐 / 群众推荐 of 二推一选): the paper forms counted."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="rounds")
    pool = models.CharField("推荐范围", max_length=20, choices=Pool.choices)
    held_on = models.DateField("推荐日期")
    issued = models.PositiveIntegerField("发出推荐表")
    returned = models.PositiveIntegerField("收回推荐表")
    valid = models.PositiveIntegerField("有效推荐表")
    meeting = models.ForeignKey(
        Meeting, verbose_name="推荐会会议记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "民主推荐"
        verbose_name_plural = "民主推荐"
        constraints = [models.UniqueConstraint(fields=["exercise", "pool"], name="selection_round_once")]


class Tally(models.Model):
    round = models.ForeignKey(RecommendationRound, on_delete=models.CASCADE, related_name="tallies")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="tallies")
    votes = models.PositiveIntegerField("得票")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "candidate"], name="selection_tally_once")]


class Talk(TimeStamped):
    """个别谈话 (recommendation) or 考察谈话 (inspection): who, when, what was said (summary)."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="talks")
    stage = models.CharField("谈话类型", max_length=20, choices=TalkStage.choices)
    candidate = models.ForeignKey(
        Candidate, verbose_name="涉及人选", null=True, blank=True, on_delete=models.CASCADE, related_name="talks"
    )
    talked_on = models.DateField("谈话日期")
    interviewee = models.CharField("谈话对象（姓名、身份）", max_length=100)
    interviewer = models.CharField("谈话人", max_length=100)
    summary = models.TextField("谈话要点")

    class Meta:
        verbose_name = "谈话记录"
        verbose_name_plural = "谈话记录"
        ordering = ["talked_on", "id"]


class Signature(models.Model):
    """谁推荐、谁考察谁签名谁负责: one signed and dated line, never changed or removed."""

    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="signatures")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField("责任", max_length=20, choices=SignRole.choices)
    name = models.CharField("签名人", max_length=50)
    unit = models.CharField("单位职务", max_length=100, blank=True)
    signed_on = models.DateField("签名日期")
    statement = models.CharField("责任说明", max_length=300)
    entered_by = models.CharField("录入人", max_length=100)
    at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "推荐考察责任签名"
        verbose_name_plural = "推荐考察责任签名"
        ordering = ["signed_on", "id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DomainError("责任签名只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("责任签名只能追加，不能删除")

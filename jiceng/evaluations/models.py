"""Evaluation rounds, their subjects, ballot codes and anonymous ballots.

Anonymity is a property of the schema: `Ballot` has no link to a person, a user or a code, no
date or time, no address; its key is a random UUID, and it is never written to the audit log.
`BallotCode` keeps only a keyed hash of each code and its state, not when it was used.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models

from jiceng.core.access import in_user_subtree
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from .rules import Scale, SplitDecision


class Kind(models.TextChoices):
    MASS = "mass", "群众背靠背评议"
    MUTUAL = "mutual", "党员互评"
    DEMOCRATIC = "democratic", "民主评议党员"
    SPLIT_POST = "split_post", "书记/主任分岗评"
    REPORT = "report", "述职评议/民主测评"


class Pool(models.TextChoices):
    VILLAGERS = "villagers", "到会群众"
    MEMBERS = "members", "党员"
    REPRESENTATIVES = "representatives", "村民代表、党员代表和户代表"


class State(models.TextChoices):
    DRAFT = "draft", "准备中"
    OPEN = "open", "投票中"
    CLOSED = "closed", "已结束"
    PUBLISHED = "published", "已公布"


class PostKind(models.TextChoices):
    NONE = "", "—"
    SECRETARY = "secretary", "书记岗"
    DIRECTOR = "director", "主任岗"


def new_public_key() -> str:
    return secrets.token_urlsafe(16)


def new_salt() -> str:
    return secrets.token_hex(16)


class RoundQuerySet(models.QuerySet["Round"]):
    def visible_to(self, user: Any) -> RoundQuerySet:
        return in_user_subtree(self, user, "organization__path")


class Round(TimeStamped):
    organization = models.ForeignKey(Organization, verbose_name="组织单位", on_delete=models.PROTECT)
    kind = models.CharField("评议类型", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    scale = models.CharField("评价等次", max_length=20, choices=Scale.choices)
    pool = models.CharField("参评人员", max_length=20, choices=Pool.choices)
    post = models.CharField("评议岗位", max_length=20, choices=PostKind.choices, blank=True, default="")
    pass_percent = models.PositiveSmallIntegerField("合格线（满意及基本满意超过%）", default=50)
    meeting_ref = models.CharField("关联会议", max_length=50, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    public_key = models.CharField(max_length=32, unique=True, default=new_public_key, editable=False)
    salt = models.CharField(max_length=32, default=new_salt, editable=False)
    slips_issued = models.PositiveIntegerField("发放评议码", default=0)
    signatures = models.PositiveIntegerField("签到人数", null=True, blank=True)
    results = models.JSONField("公布结果", default=dict, blank=True)
    recount_file = models.TextField("公开复核文件", blank=True)
    recount_digest = models.CharField("公开复核文件 SHA-256", max_length=64, blank=True)
    ballots_file = models.TextField("整票文件（评议小组保存）", blank=True)
    ballots_digest = models.CharField("整票文件 SHA-256", max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "评议"
        verbose_name_plural = "评议"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"


class Subject(models.Model):
    """Someone (or a body, for 述职评议) being rated in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, null=True, blank=True)
    name = models.CharField("评议对象", max_length=100)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "评议对象"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], condition=models.Q(person__isnull=False), name="subject_person_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CodeState(models.TextChoices):
    UNUSED = "unused", "未使用"
    USED_WEB = "used_web", "已网上投票"
    VOIDED = "voided", "已作废换纸质票"


class BallotCode(models.Model):
    """One slip. Only the keyed hash of its code is kept, and no time of use."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=CodeState.choices, default=CodeState.UNUSED)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "code_hash"], name="code_once_per_round")]


class Channel(models.TextChoices):
    WEB = "web", "手机"
    PAPER = "paper", "纸质"


class Ballot(models.Model):
    """An anonymous ballot: ratings by subject id. Nothing here can lead back to a voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    receipt = models.CharField(max_length=12, blank=True)
    ratings = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "receipt"], condition=~models.Q(receipt=""), name="receipt_once_per_round"
            )
        ]


class PaperEntry(models.Model):
    """One clerk's keying of paper ballot number `number`; two independent entries make a ballot."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="paper_entries")
    number = models.PositiveIntegerField("纸质票编号")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    ratings = models.JSONField(default=dict)
    accepted = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "number", "clerk"], name="paper_entry_once")]


class Outcome(TimeStamped):
    """After the mass evaluation: mutual evaluation, grade and outcome per member (seed 002)."""

    class Handling(models.TextChoices):
        NONE = "", "—"
        REWARD = "reward", "表彰奖励"
        CRITICISM = "criticism", "批评教育"
        CORRECTION = "correction", "限期改正"
        PERSUADE = "persuade", "劝其退党"
        REMOVE = "remove", "除名"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="outcomes")
    person = models.ForeignKey(Person, verbose_name="党员", on_delete=models.PROTECT)
    mutual_notes = models.TextField("面对面互评意见", blank=True)
    grade = models.CharField("评定等次", max_length=20, blank=True)
    handling = models.CharField("处理", max_length=20, choices=Handling.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="outcome_once")]


class SplitPostDecision(TimeStamped):
    """The decision for a dual-post cadre after 分岗评, with the rule that allowed it."""

    secretary_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="split_decisions")
    director_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, verbose_name="干部", on_delete=models.PROTECT)
    secretary_passed = models.BooleanField("书记岗合格")
    director_passed = models.BooleanField("主任岗合格")
    decision = models.CharField("处理决定", max_length=30, choices=SplitDecision.choices)
    decided_on = models.DateField("决定日期")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["secretary_round", "person"], name="split_decision_once")]

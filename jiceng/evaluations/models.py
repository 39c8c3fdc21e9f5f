"""Evaluation rounds, their subjects, ballot codes and anonymous ballots.

Anonymity is a property of the schema and of how rows are written (ADR 0006):
- `BallotCode` keeps only a keyed hash of each code and its state, not when it was used; the
  rows are erased when the round closes (their counts stay on the round).
- While the round is open a web ballot is a `SealedBallot`: encrypted, with its receipt.
- At closing the sealed ballots are opened and written as `Ballot` rows in one shuffled batch
  (one transaction: one xmin, physical order random), the sealed rows erased. `Ballot` has no
  link to a person, a user, a code or a receipt, no date or time, no address; its key is a
  random UUID. Receipts are kept apart, sorted. Nothing of a vote goes to the audit log.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import connections, models

from jiceng.core.access import in_user_subtree
from jiceng.core.actor import Actor
from jiceng.core.engine import WorkflowCase
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
    COUNCILLOR = "councillor", "优秀关怀理事评比"
    UNION = "union", "五好户联理事会评比"


# Rounds that evaluate the members: each step of 民主评议党员 (seed 002 section 四).
MEMBER_KINDS = (Kind.MASS, Kind.MUTUAL, Kind.DEMOCRATIC)
# Rounds over subjects another app keeps (seed 002: 将群众评议引入…“五好户联理事会”评比和优秀关怀理事评比中):
# the kind of `core.registry.register_rated_kind` each one lists.
RATED_KINDS = {Kind.COUNCILLOR: "councillor", Kind.UNION: "union"}


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

    def for_ballot(self, public_key: str) -> Round | None:
        """The round of a public ballot address, with its organization, for the ballot page and
        the cast: the busiest path, where building the ORM query cost 1 ms, three times the
        query. One small statement, written once; only the fields the page and the cast read
        are loaded (any other one is read on first access, as after `.only()`)."""
        with connections[self.db].cursor() as cursor:
            cursor.execute(_BALLOT_ROUND_SQL, [public_key])
            row = cursor.fetchone()
        if row is None:
            return None
        round_ = Round.from_db(self.db, _BALLOT_ROUND_FIELDS, row[: len(_BALLOT_ROUND_FIELDS)])
        round_.organization = Organization.from_db(self.db, ["id", "name"], [row[-2], row[-1]])
        return round_


# The round's lifecycle (code "evaluations.round", run by `core.engine`): only forward.
ROUND_FLOW: dict[str, Any] = {
    "title": "评议",
    "states": [
        {"key": "draft", "label": "准备中"},
        {"key": "open", "label": "投票中"},
        {"key": "closed", "label": "已结束"},
        {"key": "published", "label": "已公布", "final": True, "outcome": "published"},
    ],
    "initial": "draft",
    "transitions": [
        {"from": "draft", "to": "open", "label": "开始投票", "roles": ["manager"]},
        {"from": "open", "to": "closed", "label": "结束投票", "roles": ["manager"]},
        {"from": "closed", "to": "published", "label": "公布结果", "roles": ["manager"]},
    ],
}
ROUND_ROLES = {"manager": "组织单位的书记或组织工作人员"}


class Round(WorkflowCase, TimeStamped):
    STATE_FIELD = "state"
    WORKFLOW_CODE = "evaluations.round"

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
    # Kept when the round closes and its code rows are erased (the reconciliation needs only counts).
    codes_used_web = models.PositiveIntegerField("网上使用的评议码", null=True, blank=True, editable=False)
    codes_voided = models.PositiveIntegerField("作废换纸质票的评议码", null=True, blank=True, editable=False)
    receipts = models.JSONField("回执码（已排序）", default=list, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "评议"
        verbose_name_plural = "评议"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"

    def workflow_roles(self, actor: Actor) -> set[str]:
        return {"manager"} if actor.has_perm("evaluations.manage_round", self.organization) else set()

    def workflow_org(self) -> Any:
        return self.organization


_ROUND_COLUMNS = {f.attname: f.column for f in Round._meta.concrete_fields}
_ORG_COLUMNS = {f.attname: f.column for f in Organization._meta.concrete_fields}
# In the model's field order, as `Model.from_db` expects.
_BALLOT_ROUND_FIELDS = [
    name for name in _ROUND_COLUMNS
    if name in {"id", "public_key", "state", "salt", "scale", "title", "year", "organization_id"}
]  # fmt: skip
_BALLOT_ROUND_SQL = "SELECT {}, o.{}, o.{} FROM {} r JOIN {} o ON o.{} = r.{} WHERE r.{} = %s".format(
    ", ".join(f"r.{_ROUND_COLUMNS[name]}" for name in _BALLOT_ROUND_FIELDS), _ORG_COLUMNS["id"], _ORG_COLUMNS["name"],
    Round._meta.db_table, Organization._meta.db_table, _ORG_COLUMNS["id"], _ROUND_COLUMNS["organization_id"],
    _ROUND_COLUMNS["public_key"],
)  # fmt: skip


class Subject(models.Model):
    """Someone (or a body, for 述职评议) being rated in a round; a 理事 or 户联理事会 by its `ref`
    ("councils.councillor:7", "unions.union:3"), read through `core.registry` (no import)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, null=True, blank=True)
    ref = models.CharField("评议对象记录", max_length=60, blank=True, default="")
    name = models.CharField("评议对象", max_length=100)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "评议对象"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], condition=models.Q(person__isnull=False), name="subject_person_once"
            ),
            models.UniqueConstraint(fields=["round", "ref"], condition=~models.Q(ref=""), name="subject_ref_once"),
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
    """An anonymous ballot: ratings by subject id. Nothing here can lead back to a voter.

    Web ballots are written only when the round closes, all in one shuffled batch.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    ratings = models.JSONField(default=dict)


class SealedBallot(models.Model):
    """A web ballot while its round is open: ratings encrypted (`privacy.seal`), and its receipt.

    Written in the transaction that marks the code used, so until the round closes a copy of the
    database together with the server's keys can link the two; the rows are erased at closing.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    receipt = models.CharField(max_length=12)
    box = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "receipt"], name="sealed_receipt_once_per_round")]


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
    # A recall recommendation (RECALL_DIRECTOR) waits for the villagers' recall vote (组织法 Art. 16).
    recall_voted_on = models.DateField("罢免投票日期", null=True, blank=True)
    recall_registered = models.PositiveIntegerField("登记参加选举的村民", null=True, blank=True)
    recall_cast = models.PositiveIntegerField("参加罢免投票的村民", null=True, blank=True)
    recall_in_favour = models.PositiveIntegerField("赞成罢免票数", null=True, blank=True)
    recall_passed = models.BooleanField("罢免通过", null=True, blank=True)

    class Meta:
        verbose_name = "分岗评处理决定"
        constraints = [models.UniqueConstraint(fields=["secretary_round", "person"], name="split_decision_once")]

    def __str__(self) -> str:
        return f"{self.person.name}：{self.get_decision_display()}"

    @property
    def awaiting_recall_vote(self) -> bool:
        return self.decision == SplitDecision.RECALL_DIRECTOR and self.recall_passed is None

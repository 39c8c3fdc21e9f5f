"""People (群众 … 正式党员), their dated category history, posts and reserve cadres."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q

from jiceng.core.access import in_user_subtree, user_org
from jiceng.core.models import TimeStamped
from jiceng.organizations.models import Organization

from . import rules
from .crypto import decrypt_id
from .rules import AppointmentMode, Category, Education, PostBody, PostEndReason, Sex, TransferReason


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """Deny by default: people whose organization lies in the user's subtree."""
        return in_user_subtree(self, user)

    def in_subtree(self, org: Organization) -> PersonQuerySet:
        return self.filter(org_path__startswith=org.path)

    def members(self) -> PersonQuerySet:
        return self.filter(category__in=rules.MEMBER_CATEGORIES)

    def search(self, text: str) -> PersonQuerySet:
        """By name, full pinyin (`zhangsan`) or pinyin initials (`zs`)."""
        text = text.strip()
        if not text:
            return self
        lowered = text.lower().replace(" ", "")
        return self.filter(
            Q(name__contains=text) | Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered)
        )


class Person(TimeStamped):
    name = models.CharField("姓名", max_length=50)
    name_pinyin = models.CharField("姓名拼音", max_length=200, editable=False)
    name_initials = models.CharField("拼音首字母", max_length=50, editable=False)
    id_number_enc = models.TextField("公民身份号码（加密）", editable=False)
    id_digest = models.CharField(max_length=64, unique=True, editable=False)
    id_masked = models.CharField("公民身份号码", max_length=18, editable=False)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    category = models.CharField("人员类别", max_length=20, choices=Category.choices)
    organization = models.ForeignKey(
        Organization, verbose_name="所在党组织", on_delete=models.PROTECT, related_name="people"
    )
    # Tree path of `organization`, copied so subtree filters and statistics need no join.
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    joined_on = models.DateField("入党日期", null=True, blank=True)
    confirmed_on = models.DateField("转正日期", null=True, blank=True)
    # Months the probation was extended by (预备期延长, 6–12; 发展党员工作细则 Art. 32), if it was.
    probation_extended_months = models.PositiveSmallIntegerField("预备期延长（月）", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=11, blank=True)
    is_mobile = models.BooleanField("流动党员", default=False)
    mobile_destination = models.CharField("流入地", max_length=100, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["org_path", "name", "id"]
        indexes = [
            models.Index(fields=["org_path", "category"]),
            # The people list's order: a subtree scan that stops after one page.
            models.Index(fields=["org_path", "name", "id"], name="person_list_order"),
            # What changed since a time: the dues rollup reads those people again (dues/rollup.py).
            models.Index(fields=["updated_at"], name="person_changed"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        """The full ID number: only for the detail page of an authorized user and full exports."""
        return decrypt_id(self.id_number_enc)

    @property
    def is_member(self) -> bool:
        return self.category in rules.MEMBER_CATEGORIES

    @property
    def is_minority(self) -> bool:
        return rules.is_minority(self.ethnicity)

    def age_on(self, on: dt.date) -> int:
        return rules.age_on(self.birth_date, on)


class CategoryChange(models.Model):
    """Dated history of a person's category: appended whenever the category changes."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="category_changes")
    category = models.CharField("人员类别", max_length=20, choices=Category.choices)
    since = models.DateField("起始日期")  # the day the change happened (event date)
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)  # the day it was entered

    class Meta:
        ordering = ["since", "id"]
        verbose_name = "人员类别变动"
        verbose_name_plural = "人员类别变动"

    @property
    def gap_days(self) -> int:
        """Days between the change and its entry (late entry is shown, as for meetings and visits)."""
        return rules.entry_gap_days(self.since, self.recorded_at)


class TransferQuerySet(models.QuerySet["Transfer"]):
    def visible_to(self, user: Any) -> TransferQuerySet:
        """Transfers of people in the user's subtree, or out of an organization in it."""
        return in_user_subtree(self, user, "person__org_path") | in_user_subtree(self, user, "from_org__path")


class Transfer(models.Model):
    """组织关系转接: a person's organization relation moved from one organization to another on a
    day (event date), entered at `recorded_at` (entry date). Appended by `people.actions` on every
    change of a person's organization, never changed; read in date order by the as-of statistics."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey(Organization, verbose_name="转出组织", on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(Organization, verbose_name="转入组织", on_delete=models.PROTECT, related_name="+")
    on = models.DateField("转接日期")
    reason = models.CharField("转接原因", max_length=20, choices=TransferReason.choices, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["on", "id"]
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        indexes = [
            models.Index(fields=["person", "on"], name="transfer_person_on"),
            models.Index(fields=["on"], name="transfer_on"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}组织关系转接"

    @property
    def gap_days(self) -> int:
        return rules.entry_gap_days(self.on, self.recorded_at)


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, user: Any) -> PostQuerySet:
        """Posts of people in the user's subtree."""
        return in_user_subtree(self, user, "person__org_path")

    def current_on(self, on: dt.date) -> PostQuerySet:
        return self.filter(Q(start_on__isnull=True) | Q(start_on__lte=on)).filter(
            Q(end_on__isnull=True) | Q(end_on__gt=on)
        )

    def supervisory_directors(self) -> PostQuerySet:
        """村务监督委员会主任 posts (三委会 invitees: `.current_on(day)` and the village branch)."""
        return self.filter(body=PostBody.SUPERVISORY, title=rules.SupervisoryTitle.DIRECTOR)


class Post(TimeStamped):
    """A post held in a party organization, a village committee or a village supervisory
    committee (村务监督委员会), with its dates, its term (届次) and why it ended.

    For village committee and supervisory committee posts, `organization` is the village branch
    whose village the committee serves (the roster names the person's own organization).
    """

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="posts")
    organization = models.ForeignKey(
        Organization, verbose_name="任职组织", on_delete=models.PROTECT, related_name="posts"
    )
    body = models.CharField("任职机构", max_length=20, choices=PostBody.choices)
    title = models.CharField("职务", max_length=20)
    appointment_mode = models.CharField(
        "任职方式", max_length=20, choices=AppointmentMode.choices, default=AppointmentMode.ELECTED
    )
    # Event dates (the day it happened) beside the entry times: `created_at` records when the
    # post was entered, `end_recorded_at` when its end was (late entry is allowed and shown).
    start_on = models.DateField("任职日期", null=True, blank=True)
    end_on = models.DateField("离任日期", null=True, blank=True)
    end_recorded_at = models.DateTimeField("离任录入时间", null=True, blank=True, editable=False)
    term = models.CharField("届次", max_length=30, blank=True, default="")  # e.g. 第十一届, 2021—2026年
    end_reason = models.CharField("离任原因", max_length=20, choices=PostEndReason.choices, blank=True, default="")

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        ordering = ["body", "start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(start_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="post_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.title_label}"

    @property
    def start_gap_days(self) -> int:
        """Days between taking up the post and entering it (0 when entered on time or undated)."""
        return rules.entry_gap_days(self.start_on, self.created_at)

    @property
    def end_gap_days(self) -> int:
        return rules.entry_gap_days(self.end_on, self.end_recorded_at)

    @property
    def title_label(self) -> str:
        choices = rules.TITLES.get(self.body, rules.CommitteeTitle)
        return str(dict(choices.choices).get(self.title, self.title))


class ReserveCadre(TimeStamped):
    """后备干部: a person in the reserve pool of a village branch for a period."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="reserve_entries")
    organization = models.ForeignKey(Organization, verbose_name="储备组织", on_delete=models.PROTECT)
    intended_post = models.CharField("拟培养岗位", max_length=50, blank=True)
    since = models.DateField("列入日期")
    until = models.DateField("退出日期", null=True, blank=True)
    notes = models.TextField("培养情况", blank=True)

    class Meta:
        verbose_name = "后备干部"
        verbose_name_plural = "后备干部"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    CHECKING = "checking", "正在校验"
    WRITING = "writing", "正在写入"
    FAILED = "failed", "未通过校验"
    DONE = "done", "已完成"
    ERROR = "error", "内部错误"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: Any) -> ImportJobQuerySet:
        """The uploader, and officers whose subtree contains the job's organization."""
        if user_org(user) is None:
            return self.none()
        mine = self.filter(uploaded_by=user)
        if getattr(user, "is_officer", False):
            mine |= in_user_subtree(self, user, "organization__path")
        return mine


ERROR_FILE_DAYS = 7  # the error workbook repeats the upload's ID numbers: kept a week, then deleted


class ImportJob(models.Model):
    """A roster workbook uploaded on the web, checked and written by a background task.

    The upload is deleted when the import ends; the error workbook after ERROR_FILE_DAYS."""

    uploaded_by = models.ForeignKey("accounts.User", verbose_name="上传人", on_delete=models.PROTECT)
    organization = models.ForeignKey(Organization, verbose_name="导入范围", on_delete=models.PROTECT)
    file = models.FileField("花名册", upload_to="imports/%Y/%m/")
    filename = models.CharField("文件名", max_length=200)
    dry_run = models.BooleanField("只校验不写入", default=False)
    status = models.CharField("状态", max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_checked = models.PositiveIntegerField("已校验行数", default=0)
    counts = models.JSONField("结果", default=dict, blank=True)
    problems = models.JSONField("错误", default=list, blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    error_file = models.FileField("带错误说明的花名册", upload_to="imports/%Y/%m/", blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Which process runs the job ("host:pid") and when it last reported: a job whose worker died
    # is finished as interrupted (tasks.recover_stuck_imports).
    worker = models.CharField("后台进程", max_length=100, blank=True)
    heartbeat_at = models.DateTimeField("最近进度", null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "花名册导入"
        verbose_name_plural = "花名册导入"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.FAILED, ImportStatus.DONE, ImportStatus.ERROR)

    @property
    def error_file_until(self) -> dt.datetime | None:
        """Until when the error workbook can be downloaded."""
        if not self.error_file or self.finished_at is None:
            return None
        return self.finished_at + dt.timedelta(days=ERROR_FILE_DAYS)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_checked / self.rows_total))

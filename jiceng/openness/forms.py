from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from jiceng.core.forms import DATE, Styled
from jiceng.core.money import parse_yuan

from . import rules
from .rules import Section

PLACEHOLDER = "收入，村集体资源发包，12000.00\n支出，村道维修，8000"


def category_choices() -> list[tuple[str, Any]]:
    return [
        (Section(s).label, [(f"{s}:{c}", label) for c, label in cats.items()]) for s, cats in rules.CATEGORIES.items()
    ]


class PublicationForm(Styled):
    kind = forms.ChoiceField(label="栏目与类别", choices=category_choices)
    title = forms.CharField(label="标题", max_length=200)
    period_start = forms.DateField(label="所属期间（起）", widget=DATE)
    period_end = forms.DateField(label="所属期间（止）", widget=DATE)
    body = forms.CharField(label="公开内容", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    days = forms.IntegerField(label="公开天数", min_value=1, max_value=rules.MAX_DAYS, initial=rules.DEFAULT_DAYS)
    income_total = forms.CharField(label="收入合计（元）", required=False, max_length=20)
    expense_total = forms.CharField(label="支出合计（元）", required=False, max_length=20)
    lines = forms.CharField(
        label="收支明细（每行：收入或支出，项目，金额）",
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": PLACEHOLDER}),
    )
    statement = forms.FileField(label="或导入收支表（.xlsx：收支、项目、金额三列）", required=False)
    concerned = forms.CharField(label="涉及群众姓名（仅用于核对，不公开）", required=False, max_length=500)

    def money(self, name: str) -> int | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        return parse_yuan(value, what=str(self.fields[name].label or name))

    def section_category(self) -> tuple[str, str]:
        section, _, category = self.cleaned_data["kind"].partition(":")
        return section, category


class PublishForm(Styled):
    on = forms.DateField(label="公开日期", widget=DATE, required=False)


class WithdrawForm(Styled):
    reason = forms.CharField(label="撤回原因", max_length=200)


class AttachmentForm(Styled):
    file = forms.FileField(label="附件")
    caption = forms.CharField(label="说明", max_length=100, required=False)


class SpotCheckForm(Styled):
    village = forms.TypedChoiceField(label="被检查村", coerce=int)
    checked_on = forms.DateField(label="检查日期", widget=DATE, initial=timezone.localdate)
    checker = forms.ChoiceField(label="检查部门", choices=rules.Checker.choices)
    checker_names = forms.CharField(label="检查人", max_length=100, required=False)
    findings = forms.CharField(label="发现问题", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="整改期限", widget=DATE, required=False)


class CheckDoneForm(Styled):
    done_on = forms.DateField(label="整改完成日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="整改情况", max_length=500)


PARTY_CHOICES = [(1, "每月"), (3, "每季度"), (6, "每半年"), (12, "每年")]


class RuleForm(Styled):
    valid_from = forms.DateField(label="施行日期", widget=DATE)
    party_months = forms.TypedChoiceField(label="党务公开周期", coerce=int, initial=3, choices=PARTY_CHOICES)
    village_months = forms.TypedChoiceField(label="村务公开周期", coerce=int, initial=3,
                                            choices=[(1, "每月"), (2, "每两个月"), (3, "每季度")])  # fmt: skip
    finance_months = forms.TypedChoiceField(label="财务公开周期", coerce=int, initial=1,
                                            choices=[(1, "每月（财务往来较多）"), (3, "每季度")])  # fmt: skip
    grace_days = forms.IntegerField(label="期满后公开期限（日）", min_value=0, max_value=60, initial=10)


class ProcedureForm(Styled):
    kind = forms.ChoiceField(label="决策程序", choices=rules.ProcedureKind.choices)
    title = forms.CharField(label="事项", max_length=200)
    started_on = forms.DateField(label="提出日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="情况说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MoveForm(Styled):
    target = forms.CharField(max_length=40)
    on = forms.DateField(label="日期", widget=DATE, required=False)
    note = forms.CharField(label="情况说明", max_length=2000, required=False)


class LinkForm(Styled):
    meeting = forms.IntegerField(label="会议", min_value=1)


class StepPublicationForm(Styled):
    title = forms.CharField(label="公开标题", max_length=200)
    body = forms.CharField(label="公开内容", max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    on = forms.DateField(label="公开日期", widget=DATE, required=False)
    concerned = forms.CharField(label="涉及群众姓名（仅用于核对，不公开）", required=False, max_length=500)

"""Forms of the development pages: parsing only (every rule lives in rules/actions)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.forms import DATE, Styled
from jiceng.people.picker import PeopleField


def split_tags(text: str) -> list[str]:
    """“关怀对象、外出务工经商人员” (顿号, commas, semicolons or spaces between) → the tags."""
    for sep in ("，", ",", "；", ";", " "):
        text = text.replace(sep, "、")
    return [t for t in text.split("、") if t.strip()]


class OpenForm(Styled):
    person = forms.IntegerField(widget=forms.HiddenInput)
    applied_on = dates.DateField(label="递交入党申请书日期", widget=DATE)
    note = forms.CharField(label="说明（可不填）", required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    tags = forms.CharField(label="来源标签（可不填）", required=False, max_length=300,
                           help_text="如：关怀对象、外出务工经商人员；多个标签用顿号分开")  # fmt: skip


class MoveForm(Styled):
    target = forms.CharField(widget=forms.HiddenInput)
    on = dates.DateField(label="办理日期（事情发生的日期）", required=False, widget=DATE,
                         help_text="补录以前的环节时填写当时的日期；不填为今天（支部大会环节为会议日期）")  # fmt: skip
    note = forms.CharField(label="情况说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    opinions = forms.CharField(label="党小组、培养联系人、党员和群众的意见", required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    contacts = PeopleField(label="培养联系人", required=False)
    introducers = PeopleField(label="入党介绍人", required=False)
    vetting = forms.CharField(label="政治审查结论", required=False, max_length=200)
    training_days = forms.IntegerField(label="集中培训天数", required=False, min_value=0, max_value=365,
                                       help_text="不填天数和学时：按“培训”中登记的集中培训计算")  # fmt: skip
    training_hours = forms.IntegerField(label="集中培训学时", required=False, min_value=0, max_value=2000)
    extension_months = forms.IntegerField(label="延长预备期（月）", required=False, min_value=0, max_value=24)

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            for name in ("contacts", "introducers"):
                self.fields[name].queryset = members  # type: ignore[attr-defined]


class ReviewForm(Styled):
    on = dates.DateField(label="考察日期", widget=DATE)
    text = forms.CharField(label="考察情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class LinkForm(Styled):
    meeting = forms.IntegerField(label="支部大会", widget=forms.Select)


class TagsForm(Styled):
    tags = forms.CharField(label="来源标签", required=False, max_length=300,
                           help_text="如：关怀对象、外出务工经商人员；多个标签用顿号或逗号分开")  # fmt: skip

    def tag_list(self) -> list[str]:
        return split_tags(self.cleaned_data["tags"])


class StatsForm(Styled):
    start = dates.DateField(label="入党日期自", widget=DATE)
    end = dates.DateField(label="至", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("开始日期不能晚于结束日期")
        return data

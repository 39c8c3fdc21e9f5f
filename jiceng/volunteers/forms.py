"""Forms of the volunteer and league pages: parsing only (choices of the village's people)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.errors import DomainError
from jiceng.core.forms import DATE, Styled
from jiceng.core.money import parse_yuan

from .rules import LeaveReason, ServiceKind, TeamKind

_MONTH = re.compile(r"^(\d{4})[-年/.](\d{1,2})月?$", re.ASCII)


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2024-03"})

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        match = _MONTH.match(text)
        if not match or not 1 <= int(match[2]) <= 12 or not 1900 < int(match[1]) < 2200:
            raise forms.ValidationError("月份格式应为“2024-03”")
        return dt.date(int(match[1]), int(match[2]), 1)


class YuanField(forms.CharField):
    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError(f"{self.label}不是有效的金额")
        try:
            return parse_yuan(text, what=str(self.label or "金额"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


def _people(field: forms.Field, people: list[tuple[int, str]], blank: bool = False) -> None:
    assert isinstance(field, forms.ChoiceField)
    choices: list[tuple[int | str, str]] = [("", "（不选）")] if blank else []
    field.choices = choices + list(people)


class TeamForm(Styled):
    name = forms.CharField(label="队伍名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=TeamKind.choices)
    founded_on = dates.DateField(label="成立日期", widget=DATE, required=False, past=True)
    leader = forms.TypedChoiceField(label="队长", coerce=int, required=False, empty_value=None, choices=[])
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people(self.fields["leader"], people, blank=True)


class MembersForm(Styled):
    add = forms.TypedMultipleChoiceField(label="加入队员", coerce=int, required=False, choices=[],
                                         widget=forms.SelectMultiple(attrs={"size": 6}))  # fmt: skip
    remove = forms.TypedMultipleChoiceField(label="移出队员", coerce=int, required=False, choices=[],
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args: Any, people: list[tuple[int, str]], members: list[tuple[int, str]],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        _people(self.fields["add"], people)
        _people(self.fields["remove"], members)


class ServiceForm(Styled):
    held_on = dates.DateField(label="服务日期", widget=DATE, help_text="活动当天；补录时填当时的日期")
    kind = forms.ChoiceField(label="服务类别", choices=ServiceKind.choices)
    title = forms.CharField(label="服务内容", max_length=200)
    place = forms.CharField(label="地点", max_length=100, required=False)
    hours = forms.DecimalField(label="每人服务时长（小时）", max_digits=4, decimal_places=1)
    participants = forms.TypedMultipleChoiceField(label="参加的队员", coerce=int, required=False, choices=[],
                                                  widget=forms.CheckboxSelectMultiple)  # fmt: skip
    others = forms.IntegerField(label="其他参加人数", min_value=0, max_value=100_000, initial=0, required=False,
                                help_text="没有人员档案的志愿者（如外村青年）")  # fmt: skip

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people(self.fields["participants"], members)


class BranchForm(Styled):
    name = forms.CharField(label="团支部名称", max_length=100)
    secretary = forms.TypedChoiceField(label="团支部书记", coerce=int, required=False, empty_value=None, choices=[])
    founded_on = dates.DateField(label="成立日期", widget=DATE, required=False, past=True)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people(self.fields["secretary"], people, blank=True)


class LeagueMemberForm(Styled):
    person = forms.TypedChoiceField(label="团员", coerce=int, choices=[], help_text="本村14至28周岁的青年")
    joined_on = dates.DateField(label="入团日期", widget=DATE, past=True)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people(self.fields["person"], people)


class _MemberChoice(Styled):
    member = forms.TypedChoiceField(label="团员", coerce=int, choices=[])

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people(self.fields["member"], members)


class DuesForm(_MemberChoice):
    first_month = MonthField(label="所属月份", help_text="预交多个月的，填第一个月")
    count = forms.IntegerField(label="月数", min_value=1, max_value=12, initial=1)
    amount = YuanField(label="每月金额（元）", required=False, help_text="不填为0.20元")
    paid_on = dates.DateField(label="交纳日期", widget=DATE)


class LeaveForm(_MemberChoice):
    left_on = dates.DateField(label="离团日期", widget=DATE, past=True)
    reason = forms.ChoiceField(label="离团原因", choices=LeaveReason.choices)


class RecommendForm(_MemberChoice):
    recommended_on = dates.DateField(label="推荐日期", widget=DATE, past=True, help_text="团支部大会推荐的日期")
    applied_on = dates.DateField(label="申请入党日期", widget=DATE, required=False, past=True,
                                 help_text="已递交入党申请书的填申请日期；不填按推荐日期")  # fmt: skip
    note = forms.CharField(label="推荐情况", max_length=200, required=False)

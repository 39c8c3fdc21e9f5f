"""Forms of the council pages: parsing only (choices come from the council and its village)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.errors import DomainError
from jiceng.core.forms import DATE, Styled
from jiceng.core.money import parse_yuan

from .rules import CouncillorKind, EntryKind, TargetDetail, TargetKind

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$", re.ASCII)

Choices = list[tuple[int, str]]


def parse_month(text: str, today: dt.date) -> dt.date:
    """ "2026-11" → 1 November 2026; anything else (or empty) → this month."""
    match = _MONTH.match(text or "")
    if match and 1 <= int(match[2]) <= 12 and 2000 <= int(match[1]) <= today.year:
        return dt.date(int(match[1]), int(match[2]), 1)
    return today.replace(day=1)


def _choices(field: forms.Field, choices: Choices, blank: bool = False) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = ([("", "（不选）")] if blank else []) + list(choices)  # type: ignore[operator]


class CouncilForm(Styled):
    founded_on = dates.DateField(label="成立日期", widget=DATE, past=True)
    executive = forms.TypedChoiceField(label="常务理事（支委）", coerce=int, required=False, empty_value=None,
                                       choices=[])  # fmt: skip
    posts = forms.CharField(label="理事岗位", max_length=300, initial="生产关怀、生活关怀、思想关怀、文化关怀",
                            help_text="用顿号分隔，每个岗位成立一个党小组")  # fmt: skip

    def __init__(self, *args: Any, committee: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["executive"], committee, blank=True)

    def clean_posts(self) -> list[str]:
        text = self.cleaned_data["posts"]
        return [p.strip() for p in re.split(r"[、，,\s]+", text) if p.strip()]


class PostForm(Styled):
    name = forms.CharField(label="岗位名称", max_length=30)


class VolunteerForm(Styled):
    post = forms.TypedChoiceField(label="理事岗位", coerce=int, choices=[])
    person = forms.TypedChoiceField(label="从人员名册选择", coerce=int, required=False, empty_value=None, choices=[])
    name = forms.CharField(label="或填写姓名（名册外群众）", max_length=50, required=False)
    kind = forms.ChoiceField(label="身份", choices=CouncillorKind.choices)
    specialty = forms.CharField(label="特长", max_length=100, required=False)
    applied_on = dates.DateField(label="申报日期", widget=DATE, past=True)

    def __init__(self, *args: Any, posts: Choices, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["post"], posts)
        _choices(self.fields["person"], people, blank=True)


class ConfirmForm(Styled):
    confirmed_on = dates.DateField(label="确认日期", widget=DATE, past=True)


class ElectForm(Styled):
    leader = forms.TypedChoiceField(label="当选组长", coerce=int, choices=[])
    elected_on = dates.DateField(label="推选日期", widget=DATE, past=True)
    voters = forms.IntegerField(label="参加推选人数", min_value=1, max_value=999)
    votes = forms.IntegerField(label="得票", min_value=0, max_value=999)

    def __init__(self, *args: Any, candidates: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["leader"], candidates)


class IncomeForm(Styled):
    kind = forms.ChoiceField(label="收入类别", choices=EntryKind.choices)
    received_on = dates.DateField(label="到账日期", widget=DATE, past=True)
    performances = forms.IntegerField(label="演出场次（送戏下乡）", min_value=0, max_value=99, required=False)
    amount = forms.CharField(label="金额（元，其他收入）", max_length=20, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean_amount(self) -> int | None:
        text = self.cleaned_data["amount"]
        if not text:
            return None
        try:
            return parse_yuan(text)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class TargetForm(Styled):
    kind = forms.ChoiceField(label="类别", choices=TargetKind.choices)
    detail = forms.ChoiceField(label="细类", choices=TargetDetail.choices)
    name = forms.CharField(label="姓名", max_length=50)
    councillor = forms.TypedChoiceField(label="负责理事", coerce=int, choices=[])
    household = forms.TypedChoiceField(label="农户", coerce=int, required=False, empty_value=None, choices=[])
    since = dates.DateField(label="列入日期", widget=DATE, past=True)
    note = forms.CharField(label="情况", max_length=200, required=False)

    def __init__(self, *args: Any, councillors: Choices, households: Choices, restricted: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["councillor"], councillors)
        _choices(self.fields["household"], households, blank=True)
        if not restricted:  # 特殊人员 are entered by the branch secretary and officers only
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [c for c in TargetKind.choices if c[0] != TargetKind.SPECIAL]


class CareRecordForm(Styled):
    councillor = forms.TypedChoiceField(label="理事", coerce=int, choices=[])
    cared_on = dates.DateField(label="关怀日期", widget=DATE, past=True)
    content = forms.CharField(label="关怀内容", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, councillors: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["councillor"], councillors)


class VisitForm(Styled):
    councillor = forms.TypedChoiceField(label="理事", coerce=int, choices=[])
    household = forms.TypedChoiceField(label="农户", coerce=int, choices=[],
                                       error_messages={"invalid_choice": "该农户不属于本村，不能登记"})  # fmt: skip
    visited_on = dates.DateField(label="走访日期", widget=DATE, past=True)
    asked = forms.CharField(label="群众诉求", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    done = forms.CharField(label="办理情况", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deed = forms.BooleanField(label="办了一件实事", required=False)
    problem = forms.CharField(label="发现的问题（可转入台账）", max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, councillors: Choices, households: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["councillor"], councillors)
        _choices(self.fields["household"], households)

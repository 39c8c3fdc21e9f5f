"""Forms of the union pages: parsing only (choices come from the union and its village)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.errors import DomainError
from jiceng.core.forms import DATE, Styled
from jiceng.core.money import parse_yuan

from .rules import ActivityKind, OfficerRole, UnionBasis

Choices = list[tuple[Any, str]]


def _choices(field: forms.Field, choices: Choices, blank: bool = False) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = ([("", "（不选）")] if blank else []) + list(choices)  # type: ignore[operator]


_TAKEN = "所选农户不属于本村或已加入其他户联理事会"


class HouseholdsField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class UnionForm(Styled):
    name = forms.CharField(label="名称", max_length=60, initial="户联理事会")
    basis = forms.ChoiceField(label="组建单元", choices=UnionBasis.choices)
    place = forms.CharField(label="屋场院子或自然村落", max_length=60)
    founded_on = dates.DateField(label="成立日期", widget=DATE, past=True)
    households = HouseholdsField(label="加入的农户（一般25至30户）", coerce=int, choices=[],
                                 error_messages={"invalid_choice": _TAKEN})  # fmt: skip
    confirm_size = forms.BooleanField(label="确认规模（不足25户或超过30户时勾选）", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, households: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["households"], households)


class AddHouseholdsForm(Styled):
    households = HouseholdsField(label="加入的农户", coerce=int, choices=[],
                                 error_messages={"invalid_choice": _TAKEN})  # fmt: skip
    joined_on = dates.DateField(label="加入日期", widget=DATE, past=True)
    confirm_size = forms.BooleanField(label="确认规模（超过30户时勾选）", required=False)

    def __init__(self, *args: Any, households: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["households"], households)


class OfficerForm(Styled):
    role = forms.ChoiceField(label="职务", choices=OfficerRole.choices)
    person = forms.TypedChoiceField(label="从人员名册选择", coerce=int, required=False, empty_value=None, choices=[])
    name = forms.CharField(label="或填写姓名（名册外群众）", max_length=50, required=False)
    chosen_on = dates.DateField(label="推选日期", widget=DATE, past=True)
    voting = forms.IntegerField(label="参加推选户数", min_value=0, max_value=999)
    votes = forms.IntegerField(label="得票户数", min_value=0, max_value=999)

    def __init__(self, *args: Any, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["person"], people, blank=True)


class ActivityForm(Styled):
    kind = forms.ChoiceField(label="四联类别", choices=ActivityKind.choices)
    held_on = dates.DateField(label="活动日期", widget=DATE, past=True)
    title = forms.CharField(label="活动内容", max_length=200)
    households = forms.IntegerField(label="参与户数", min_value=0, max_value=999)
    labour = forms.IntegerField(label="互换劳力（人次）", min_value=0, required=False)
    water = forms.IntegerField(label="整修堰塘水渠（人次）", min_value=0, required=False)
    road_km = forms.DecimalField(label="修路（公里）", min_value=Decimal(0), max_digits=8, decimal_places=2,
                                 required=False)  # fmt: skip
    money = forms.CharField(label="集资（元）", max_length=20, required=False)

    def clean_money(self) -> int:
        return _fen(self.cleaned_data["money"])


class RewardForm(Styled):
    rating_ref = forms.ChoiceField(label="所依据的评比结果", choices=[])
    project = forms.CharField(label="惠农项目", max_length=100)
    amount = forms.CharField(label="奖补金额（元）", max_length=20)
    allocated_on = dates.DateField(label="安排日期", widget=DATE, past=True)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, ratings: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["rating_ref"], ratings)

    def clean_amount(self) -> int:
        return _fen(self.cleaned_data["amount"])


def _fen(text: str) -> int:
    if not text:
        return 0
    try:
        return parse_yuan(text)
    except DomainError as exc:
        raise forms.ValidationError(exc.message) from exc


class ProposalForm(Styled):
    title = forms.CharField(label="议案事项", max_length=200)
    started_on = dates.DateField(label="提出日期", widget=DATE, past=True)

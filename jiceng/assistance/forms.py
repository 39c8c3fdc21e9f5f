"""Forms of the pairing and fund pages: parsing only (choices come from the township)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.errors import DomainError
from jiceng.core.forms import DATE, Styled
from jiceng.core.money import parse_yuan
from jiceng.people.picker import PersonField

from .rules import ContactKind, GrantReason, IncomeKind, PairKind, VillageAffair

Choices = list[tuple[int, str]]


def _set(field: forms.Field, choices: Choices, blank: bool = False) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = ([("", "（不选）")] if blank else []) + list(choices)  # type: ignore[operator]


class YuanField(forms.CharField):
    """An amount typed in 元 → fen (core.money)."""

    def clean(self, value: Any) -> int:  # type: ignore[override]
        text = super().clean(value)
        try:
            return parse_yuan(text)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class PoorForm(Styled):
    person = PersonField(label="党员")
    since = dates.DateField(label="建档日期", widget=DATE, past=True)
    situation = forms.CharField(label="困难情况", max_length=300)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class PairingForm(Styled):
    kind = forms.ChoiceField(label="帮扶类型", choices=PairKind.choices)
    helper = PersonField(label="帮扶人（党员）")
    started_on = dates.DateField(label="结对日期", widget=DATE, past=True)
    poor = forms.TypedChoiceField(label="贫困党员（一带一）", coerce=int, required=False, empty_value=None, choices=[])
    affair = forms.ChoiceField(label="联系村务", required=False, choices=[("", "（不选）"), *VillageAffair.choices])
    village = forms.TypedChoiceField(label="村", coerce=int, required=False, empty_value=None, choices=[])
    name = forms.CharField(label="困难群众姓名", max_length=50, required=False)

    def __init__(self, *args: Any, helpers: Any, poor: Choices, villages: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helpers  # type: ignore[attr-defined]
        _set(self.fields["poor"], poor, blank=True)
        _set(self.fields["village"], villages, blank=True)


class ContactForm(Styled):
    kind = forms.ChoiceField(label="类型", choices=ContactKind.choices)
    on = dates.DateField(label="日期", widget=DATE, past=True)
    content = forms.CharField(label="帮扶内容", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class EndForm(Styled):
    ended_on = dates.DateField(label="结束日期", widget=DATE, past=True)


class IncomeForm(Styled):
    kind = forms.ChoiceField(label="来源类别", choices=IncomeKind.choices)
    received_on = dates.DateField(label="到账日期", widget=DATE, past=True)
    amount = YuanField(label="金额（元）", max_length=20)
    source = forms.CharField(label="来源", max_length=200)


class GrantForm(Styled):
    person = PersonField(label="补助对象（党员）")
    reason = forms.ChoiceField(label="补助原因", choices=GrantReason.choices)
    amount = YuanField(label="金额（元）", max_length=20)
    approved_by = forms.CharField(label="批准人", max_length=50)
    approved_on = dates.DateField(label="批准日期", widget=DATE, past=True)
    paid_on = dates.DateField(label="发放日期", widget=DATE, past=True)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]

"""Forms of the training pages: parsing only (every rule lives in rules/actions)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.forms import DATE, Styled
from jiceng.people.picker import PeopleField

from .rules import SessionKind, Unit


class SessionForm(Styled):
    title = forms.CharField(label="培训名称", max_length=200)
    kind = forms.ChoiceField(label="培训形式", choices=SessionKind.choices)
    starts_on = dates.DateField(label="开始日期（培训举办的日期）", widget=DATE,
                                help_text="补录以前的培训时填写当时的日期")  # fmt: skip
    ends_on = dates.DateField(label="结束日期", widget=DATE, required=False, help_text="一天以内的培训可不填")
    unit = forms.ChoiceField(label="计时方式", choices=Unit.choices,
                             help_text="一天计8学时，半天计4学时，其余按实际学时")  # fmt: skip
    amount = forms.DecimalField(label="时长（天数、半天数或学时数）", min_value=Decimal("0.5"), max_value=9999,
                                decimal_places=1)  # fmt: skip
    place = forms.CharField(label="培训地点", max_length=200, required=False)
    trainer = forms.CharField(label="授课人", max_length=100, required=False)
    participants = PeopleField(label="参训人员", required=False, select_all=True)
    sign_in = forms.FileField(label="或上传签到表（.xlsx，含“姓名”列，同名的加“所在党组织”列）", required=False)
    note = forms.CharField(label="说明（可不填）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["participants"].queryset = people  # type: ignore[attr-defined]


class CreditForm(Styled):
    hours = forms.DecimalField(label="计入学时", min_value=Decimal("0.5"), max_value=12, decimal_places=1,
                               initial=Decimal(2))  # fmt: skip

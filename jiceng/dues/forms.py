"""Forms of the dues pages: parsing only (amounts typed in 元 become fen; months as YYYY-MM)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.errors import DomainError
from jiceng.core.forms import DATE, Styled
from jiceng.core.money import parse_yuan

from .models import Place
from .rules import Kind, Relief

MONTH = forms.TextInput(attrs={"type": "month", "placeholder": "2024-03"})
_MONTH = re.compile(r"^(\d{4})[-年/.](\d{1,2})月?$", re.ASCII)


def parse_month(text: str) -> dt.date | None:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 < int(match[1]) < 2200:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


class MonthField(forms.CharField):
    """A month typed as 2024-03 (what <input type=month> sends) → its first day."""

    widget = MONTH

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError("月份格式应为“2024-03”")
        return month


class YuanField(forms.CharField):
    """An amount in 元 (two decimals at most) → integer fen; negative refused in Chinese."""

    def __init__(self, *args: Any, negative: bool = False, **kwargs: Any) -> None:
        self.negative = negative
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError(f"{self.label}不是有效的金额")
        try:
            fen = parse_yuan(text, what=str(self.label or "金额"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        if fen < 0 and not self.negative:
            raise forms.ValidationError(f"{self.label}不能为负数")
        return fen


class BaseForm(Styled):
    from_month = MonthField(label="起始月份", help_text="从这个月起按新基数计算（年中调整的，填调整的月份）")
    kind = forms.ChoiceField(label="交纳类别", choices=Kind.choices)
    income = YuanField(label="月收入（税后，元）", required=False, negative=True,
                       help_text="在职党员填每月税后工资收入，离退休党员填离退休费")  # fmt: skip
    fixed = YuanField(label="定额（元／月）", required=False,
                      help_text="农民党员在0.20元至1.00元之间确定；经批准少交的填少交后的金额")  # fmt: skip
    relief = forms.ChoiceField(label="少交或免交", choices=Relief.choices, required=False)
    approved_by = forms.CharField(label="批准单位（人）", max_length=100, required=False)
    approved_on = dates.DateField(label="批准日期", required=False, widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)
    confirmed = forms.BooleanField(label="确认收入无误（收入超过100万元时勾选）", required=False)


class PaymentForm(Styled):
    first_month = MonthField(label="所属月份", help_text="预交多个月的，填第一个月")
    count = forms.IntegerField(label="月数", min_value=1, max_value=12, initial=1)
    amount = YuanField(label="每月实交（元）", required=False, help_text="不填为应交金额；自愿多交的填实交金额")
    paid_on = dates.DateField(label="交纳日期", widget=DATE, help_text="交钱的日期；补录时填当时的日期")
    place = forms.ChoiceField(label="交纳地点", choices=Place.choices, initial=Place.BRANCH)
    place_name = forms.CharField(label="流入地党组织名称", max_length=100, required=False)
    receipt = forms.CharField(label="收据号", max_length=40, required=False)


class ExcuseForm(Styled):
    first_month = MonthField(label="起始月份")
    last_month = MonthField(label="截止月份")
    reason = forms.CharField(label="理由", max_length=200)


class RemittanceForm(Styled):
    first_month = MonthField(label="起始月份")
    months = forms.TypedChoiceField(label="期间", choices=[(1, "一个月"), (3, "一个季度")], coerce=int, initial=1)
    amount = YuanField(label="上缴金额（元）")
    remitted_on = dates.DateField(label="上缴日期", widget=DATE)
    receiver = forms.CharField(label="接收党组织", max_length=100, required=False, help_text="不填为上级党组织")
    receipt = forms.CharField(label="收据号", max_length=40, required=False)


class ImportForm(Styled):
    file = forms.FileField(label="党费基数表（.xlsx）")
    month = MonthField(label="起始月份（表中未填时）", required=False)

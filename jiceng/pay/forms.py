"""Forms of the pay pages: parsing only (元 → fen, percent → basis points); the rules refuse."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.errors import DomainError
from jiceng.core.forms import DATE, Styled
from jiceng.core.money import parse_yuan

from . import rules


class PercentField(forms.CharField):
    """A percent as typed ("70", "55.5") → basis points; a negative value is passed on, so the
    rule refuses it with its Chinese message (the same for the API)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip().removesuffix("%").removesuffix("％").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise forms.ValidationError(f"{self.label}应为百分数，如“70”") from exc
        if not number.is_finite() or abs(number) > 1000:
            raise forms.ValidationError(f"{self.label}应为百分数，如“70”")
        bp = number * 100
        if bp != bp.to_integral_value():
            raise forms.ValidationError(f"{self.label}最多两位小数")
        return int(bp)


class YuanField(forms.CharField):
    """An amount in 元 (two decimals at most) → integer fen (the rules refuse what is not positive)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

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


class SchemeForm(Styled):
    year = forms.IntegerField(label="起始年度", min_value=2000, max_value=2100,
                              help_text="从这一年起执行，直到制定新方案")  # fmt: skip
    title = forms.CharField(label="名称", max_length=100, required=False)
    secretary_base = YuanField(label="党支部书记年度基本报酬（元）",
                               help_text="各村可在录入考核得分时另定本村书记的基本报酬")  # fmt: skip
    director = PercentField(label="村委会主任（%）", initial="70")
    deputy_secretary = PercentField(label="党支部副书记（%）", initial="55")
    deputy_director = PercentField(label="村委会副主任（%）", initial="50")
    party_member = PercentField(label="党支部委员（%）", initial="45")
    committee_member = PercentField(label="村委会委员（%）", initial="40")
    combined_rule = forms.ChoiceField(label="一肩挑计发办法", choices=rules.CombinedRule.choices)
    combined_share = PercentField(label="一肩挑加发主任报酬的比例（%）", required=False,
                                  help_text="计发办法为“书记报酬加主任报酬的一定比例”时填写")  # fmt: skip
    bands = forms.CharField(label="考核系数表", widget=forms.Textarea(attrs={"rows": 3}),
                            initial="90:1.00，80:0.90，70:0.80，60:0.70，0:0.50",
                            help_text="“分数:系数”，得分达到该分数即按该系数，须有从0分起的一档")  # fmt: skip
    note = forms.CharField(label="依据", max_length=200, required=False,
                           help_text="如《××乡村干部考核管理办法》")  # fmt: skip

    def shares(self) -> dict[str, int]:
        d = self.cleaned_data
        return {rules.PayPost.SECRETARY: rules.BP, **{p: d[p] for p in rules.PayPost.values if p != "secretary"}}


class ScoreForm(Styled):
    score = forms.DecimalField(label="考核得分", max_digits=4, decimal_places=1,
                               help_text="0至100分，最多一位小数")  # fmt: skip
    source = forms.CharField(label="得分来源", max_length=200,
                             help_text="如“2024年度村级目标责任制考核，乡党委会议2025年1月10日确定”")  # fmt: skip
    secretary_base = YuanField(label="本村书记年度基本报酬（元）", required=False, help_text="不填按乡镇方案")


class AwardForm(Styled):
    person = forms.TypedChoiceField(label="获奖人", coerce=int, choices=[])
    title = forms.CharField(label="奖项", max_length=100, initial="单项工作奖")
    amount = YuanField(label="金额（元）")
    awarded_on = dates.DateField(label="决定日期", widget=DATE, past=True)


class PaymentForm(Styled):
    person = forms.TypedChoiceField(label="领取人", coerce=int, choices=[])
    amount = YuanField(label="金额（元）")
    paid_on = dates.DateField(label="发放日期", widget=DATE, help_text="实际发放的日期；补录时填当时的日期")
    voucher = forms.CharField(label="凭证号", max_length=40, required=False)


class AccountForm(Styled):
    name = forms.CharField(label="专户名称", max_length=100)
    bank = forms.CharField(label="开户银行", max_length=100, required=False)
    number = forms.CharField(label="账号", max_length=40, required=False)
    managed_by = forms.CharField(label="管理单位", max_length=100, required=False, initial="乡镇财政所")
    opened_on = dates.DateField(label="设立日期", widget=DATE, required=False, past=True)


def with_people(form: forms.Form, people: list[tuple[int, str]]) -> forms.Form:
    field = form.fields["person"]
    assert isinstance(field, forms.ChoiceField)
    field.choices = people
    return form

"""Forms of the economy pages: parsing only (amounts typed in 元 become fen; the rules live in actions)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.errors import DomainError
from jiceng.core.forms import DATE, Styled
from jiceng.core.money import parse_yuan

from .rules import CollectiveSource, CoopIncomeKind, CoopKind


class YuanField(forms.CharField):
    """An amount in 元 (two decimals at most) → integer fen; a negative amount is refused."""

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
            fen = parse_yuan(text, what=str(self.label or "金额"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        if fen < 0:
            raise forms.ValidationError(f"{self.label}不能为负数")
        return fen


def year_field(label: str = "所属年度") -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1950, max_value=2100)


def mu_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=12, decimal_places=2)


class CoopForm(Styled):
    organization = forms.TypedChoiceField(
        label="所属党组织", coerce=int, help_text="村办的选村党组织，乡镇办的选乡镇党委"
    )
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=CoopKind.choices)
    industry = forms.CharField(label="产业", max_length=50)
    founded_on = dates.DateField(label="成立日期", required=False, widget=DATE)
    listed = forms.BooleanField(label="已挂牌", required=False, initial=True)
    registration = forms.CharField(label="登记注册号", max_length=50, required=False)
    brand = forms.CharField(label="品牌", max_length=50, required=False)
    trademark = forms.CharField(label="注册商标", max_length=50, required=False)
    standards = forms.CharField(label="质量标准", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    standards_done = forms.IntegerField(label="已制定标准（套）", min_value=0, max_value=999, initial=0)
    standards_drafting = forms.IntegerField(label="制定中标准（套）", min_value=0, max_value=999, initial=0)
    share_price = YuanField(label="每股金额（元）", initial="100.00")
    branch = forms.TypedChoiceField(label="合作社党支部", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, orgs: list[Any], branches: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.pk, o.name) for o in orgs]  # type: ignore[attr-defined]
        self.fields["branch"].choices = [("", "（未建）"), *((b.pk, b.name) for b in branches)]  # type: ignore[attr-defined]


class MemberForm(Styled):
    household = forms.IntegerField(label="农户编号", min_value=1, help_text="网格农户名册中的编号")
    joined_on = dates.DateField(label="入社日期", widget=DATE)


class SubscribeForm(Styled):
    household = forms.IntegerField(label="农户编号", min_value=1)
    shares = forms.IntegerField(label="认购股数", min_value=1, max_value=10_000_000)
    on = dates.DateField(label="认购日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)


class TransferForm(Styled):
    source = forms.IntegerField(label="转出户编号", min_value=1)
    target = forms.IntegerField(label="转入户编号", min_value=1)
    shares = forms.IntegerField(label="转让股数", min_value=1, max_value=10_000_000)
    price = YuanField(label="转让价款（元）", required=False)
    on = dates.DateField(label="转让日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)


class RedeemForm(Styled):
    household = forms.IntegerField(label="农户编号", min_value=1)
    shares = forms.IntegerField(label="退股股数", min_value=1, max_value=10_000_000)
    on = dates.DateField(label="退股日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)


class AssetForm(Styled):
    name = forms.CharField(label="资产", max_length=50, help_text="如：运输车")
    count = forms.IntegerField(label="数量", min_value=1, max_value=1_000_000, initial=1)
    price = YuanField(label="总价（元）")
    bought_on = dates.DateField(label="购置日期", widget=DATE)
    lessee = forms.CharField(label="承租单位", max_length=100, required=False)
    rent_rate = forms.DecimalField(label="年租金比例（%）", required=False, min_value=0, max_value=100,
                                   decimal_places=2, help_text="如15：每年租金为总价的15%")  # fmt: skip
    lease_years = forms.IntegerField(label="租期（年）", required=False, min_value=1, max_value=99)
    note = forms.CharField(label="说明", max_length=200, required=False)


class RuleForm(Styled):
    valid_from = dates.DateField(label="施行日期", widget=DATE)
    label = forms.CharField(label="名称", max_length=100, help_text="如：本县“155工程”标准（2027）")
    economic_forest_min_mu = forms.DecimalField(label="高效经济林目标（亩，不少于）", min_value=0, max_digits=10,
                                                decimal_places=2, initial=100)  # fmt: skip
    yield_forest_min_mu = forms.DecimalField(label="高效丰产林目标（亩，不少于）", min_value=0, max_digits=10,
                                             decimal_places=2, initial=500)  # fmt: skip
    net_income_min = YuanField(label="年纯收入目标（元，超过）", initial="50000.00")
    shell_no_income = forms.BooleanField(label="当年无集体经济收入为空壳村", required=False, initial=True)
    shell_land_pct = forms.IntegerField(label="土地已被征用或使用达到（%）", required=False, min_value=1, max_value=100)
    shell_converted_pct = forms.IntegerField(label="村民农转非达到（%）", required=False, min_value=1, max_value=100)
    cite = forms.CharField(label="依据", max_length=200, required=False)


class CoopIncomeForm(Styled):
    year = year_field()
    on = dates.DateField(label="收入日期", widget=DATE)
    kind = forms.ChoiceField(label="收入类别", choices=CoopIncomeKind.choices)
    amount = YuanField(label="金额（元）")
    payer = forms.CharField(label="付款单位", max_length=100, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class DividendForm(Styled):
    year = year_field("收益年度")
    record_on = dates.DateField(label="股权登记日", widget=DATE, help_text="按这一天股权登记簿上的持股分红")
    paid_on = dates.DateField(label="分红日期", widget=DATE)
    per_share = YuanField(label="每股分红（元）", required=False, help_text="与分红总额二选一")
    total = YuanField(label="分红总额（元）", required=False, help_text="按股分配到分，尾差按最大余数法")


class InstallmentForm(Styled):
    due_on = dates.DateField(label="应还日期", widget=DATE)
    percent = forms.IntegerField(label="还本比例（%）", min_value=1, max_value=100)


class RepayForm(Styled):
    paid_on = dates.DateField(label="实还日期", widget=DATE)


class CollectiveForm(Styled):
    year = year_field()
    on = dates.DateField(label="日期", widget=DATE)
    source = forms.ChoiceField(label="来源或支出类别", choices=CollectiveSource.choices)
    amount = YuanField(label="金额（元）")
    note = forms.CharField(label="说明", max_length=200, required=False)


class ProfileForm(Styled):
    year = year_field("年度")
    land_mu = mu_field("集体土地（亩）")
    land_taken_mu = mu_field("已征用或使用（亩）")
    forest_mu = mu_field("集体山林（亩）")
    economic_forest_mu = mu_field("高效经济林（亩）")
    yield_forest_mu = mu_field("高效丰产林（亩）")
    population = forms.IntegerField(label="户籍人口", required=False, min_value=0, max_value=10_000_000)
    converted = forms.IntegerField(label="农转非人数", required=False, min_value=0, max_value=10_000_000)
    note = forms.CharField(label="说明", max_length=200, required=False)

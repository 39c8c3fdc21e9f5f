"""Forms of the assessment pages: parsing only (the actions check the rest)."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.forms import DATE, Styled

from . import rules
from .templates import QUOTAS, SCHEMES


class TemplateForm(Styled):
    template = forms.ChoiceField(label="方案模板", choices=[(k, v["name"]) for k, v in SCHEMES.items()])


class QuotaTemplateForm(Styled):
    template = forms.ChoiceField(label="任务模板", choices=[(k, v["name"]) for k, v in QUOTAS.items()])


class JSONField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 14, "class": "font-monospace small"})

    def to_python(self, value: Any) -> Any:  # type: ignore[override]
        text = super().to_python(value)
        try:
            return json.loads(text or "null")
        except ValueError as exc:
            raise forms.ValidationError(
                f"格式不正确（第{getattr(exc, 'lineno', '?')}行）：请检查括号、逗号和引号"
            ) from exc


class SchemeForm(Styled):
    name = forms.CharField(label="方案名称", max_length=100)
    mode = forms.ChoiceField(label="计分方式", choices=list(rules.MODES.items()))
    tree = JSONField(label="指标体系（类别 → 指标）")
    outcomes = JSONField(label="评定规则（等次、称号、星级、档次）")


class DiaryForm(Styled):
    subject_ref = forms.ChoiceField(label="考核对象")
    indicator = forms.ChoiceField(label="指标")
    on = dates.DateField(label="日期", widget=DATE)
    description = forms.CharField(label="事项", max_length=300)
    points = forms.DecimalField(label="加减分", max_digits=6, decimal_places=2)


class TargetForm(Styled):
    organization = forms.ChoiceField(label="村党组织")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    signed_on = dates.DateField(label="签订日期", widget=DATE)
    signed_by = forms.CharField(label="签订人", max_length=200)

    def __init__(self, *args: Any, indicators: list[rules.Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[f"t_{ind.code}"] = forms.DecimalField(label=f"{ind.name}（目标值）", required=False,
                                                              max_digits=10, decimal_places=2)  # fmt: skip

    def targets(self) -> dict[str, Any]:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("t_") and v is not None}


class RoundForm(Styled):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.ChoiceField(label="周期", choices=list(rules.PERIODS.items()))
    number = forms.IntegerField(label="第几期（半年1–2，季度1–4）", min_value=1, max_value=4, initial=1)


class ReviewForm(Styled):
    subject_ref = forms.CharField(widget=forms.HiddenInput)
    indicator = forms.CharField(widget=forms.HiddenInput)
    points = forms.DecimalField(label="得分", max_digits=6, decimal_places=2)
    comment = forms.CharField(label="评语", max_length=300, required=False)


class ReportForm(Styled):
    organization = forms.ChoiceField(label="村党组织")
    reporter = forms.CharField(label="述职人", max_length=50)
    audience = forms.CharField(label="述职对象", max_length=100, initial="乡镇党委和本村全体党员")
    reported_on = dates.DateField(label="述职日期", widget=DATE)
    text = forms.CharField(label="述职内容", widget=forms.Textarea(attrs={"rows": 4}))


class PublishForm(Styled):
    days = forms.IntegerField(label="公示期（工作日）", min_value=1, max_value=30, required=False)


class EvidenceForm(Styled):
    item = forms.ChoiceField(label="任务")
    person = forms.TypedChoiceField(label="干部", coerce=int)
    on = dates.DateField(label="日期", widget=DATE)
    amount = forms.IntegerField(label="数量", min_value=1, max_value=1000, initial=1)
    description = forms.CharField(label="完成情况", max_length=300)

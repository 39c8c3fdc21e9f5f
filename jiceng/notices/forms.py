"""Forms for 公示 pages: parsing only; every rule (lengths, personal data, dates) lives in
rules/actions, so a refusal reads the same on the page and in the API."""

from __future__ import annotations

from typing import Any

from django import forms

from . import rules
from .models import Channel
from .rules import Decision

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


def _control(**attrs: Any) -> dict[str, Any]:
    return {"class": "form-control", **attrs}


class ObjectionForm(forms.Form):
    # maxlength helps the phone; the 2 000-character rule itself is checked by the action.
    text = forms.CharField(label="异议内容", required=False, strip=False, widget=forms.Textarea(attrs=_control(
        rows=6, maxlength=rules.MAX_OBJECTION, placeholder="请写明您对公示内容的意见和了解到的情况")))  # fmt: skip
    name = forms.CharField(label="姓名（可不填）", required=False, widget=forms.TextInput(
        attrs=_control(maxlength=rules.MAX_NAME, autocomplete="name")))  # fmt: skip
    contact = forms.CharField(label="联系方式（可不填，仅供核实时联系，不会公开）", required=False,
                              widget=forms.TextInput(attrs=_control(maxlength=rules.MAX_CONTACT, inputmode="tel",
                                                                    autocomplete="tel")))  # fmt: skip


class RecordForm(forms.Form):
    """An objection received in writing, by phone or in person, entered by an officer."""

    channel = forms.ChoiceField(label="渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
                                widget=forms.Select(attrs={"class": "form-select"}))  # fmt: skip
    received_on = forms.DateField(
        label="收到日期", widget=DATE, error_messages={"required": "请填写收到日期", "invalid": "收到日期格式不正确"}
    )
    text = forms.CharField(label="异议内容", required=False, strip=False,
                           widget=forms.Textarea(attrs=_control(rows=3, maxlength=rules.MAX_OBJECTION)))  # fmt: skip
    name = forms.CharField(label="提出人姓名（可不填）", required=False,
                           widget=forms.TextInput(attrs=_control(maxlength=rules.MAX_NAME)))  # fmt: skip
    contact = forms.CharField(label="联系方式（可不填）", required=False,
                              widget=forms.TextInput(attrs=_control(maxlength=rules.MAX_CONTACT)))  # fmt: skip


class ReceiptForm(forms.Form):
    code = forms.CharField(label="回执码", required=False, widget=forms.TextInput(attrs=_control(
        maxlength=20, autocomplete="off", autocapitalize="characters", placeholder="例如 3K7M9-4R2T8")))  # fmt: skip


class MoveForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput, required=False)
    answer = forms.CharField(label="答复意见（核实结果，将告知提出人）", required=False,
                             widget=forms.Textarea(attrs=_control(rows=3, maxlength=rules.MAX_ANSWER)))  # fmt: skip
    note = forms.CharField(label="说明", required=False, widget=forms.TextInput(attrs=_control(maxlength=500)))
    on = forms.DateField(label="办理日期", required=False, widget=DATE)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="处理决定", choices=[c for c in Decision.choices if c[0]],
                                 widget=forms.RadioSelect)  # fmt: skip
    note = forms.CharField(label="理由", required=False,
                           widget=forms.Textarea(attrs=_control(rows=3, maxlength=rules.MAX_ANSWER)))  # fmt: skip
    on = forms.DateField(label="决定日期", required=False, widget=DATE)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因（公开页面显示）", required=False,
                             widget=forms.TextInput(attrs=_control(maxlength=200)))  # fmt: skip


class SettingsForm(forms.Form):
    days = forms.IntegerField(
        label="默认公示期（工作日）",
        widget=forms.NumberInput(attrs=_control(min=1, max=rules.MAX_DAYS)),
        error_messages={"required": "请填写公示期", "invalid": "公示期应填写工作日天数（整数）"},
    )
    hotline = forms.CharField(label="受理电话（单位固定电话或12380，可不填）", required=False,
                              widget=forms.TextInput(attrs=_control(maxlength=30)))  # fmt: skip

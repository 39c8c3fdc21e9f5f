"""Forms of the mobile member pages: parsing only (every rule lives in rules/actions)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.forms import DATE, Styled
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.picker import PersonField

from . import rules
from .rules import How, Reason


def _remote_branches() -> Any:
    return Organization.objects.filter(kind=OrgKind.REMOTE_BRANCH, dissolved_on__isnull=True).order_by("path")


class ReceivingFields(Styled):
    receiving_org = forms.ModelChoiceField(label="流入地党组织（本县的流动党员党组织）", required=False,
                                           queryset=Organization.objects.none())  # fmt: skip
    receiving_name = forms.CharField(label="或：系统外的流入地党组织名称", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["receiving_org"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _remote_branches()


class OutflowForm(ReceivingFields):
    person = PersonField(label="党员")
    destination = forms.CharField(label="流入地（省市县）", max_length=100)
    workplace = forms.CharField(label="务工经商单位", max_length=200, required=False)
    contact = forms.CharField(label="在外联系方式（电话、微信、住址）", max_length=200, required=False)
    left_on = dates.DateField(label="外出日期", widget=DATE, past=True, help_text="补录时填写当时的日期")
    expected_return_on = dates.DateField(label="预计返回日期", widget=DATE, required=False)
    reason = forms.ChoiceField(label="外出原因", choices=Reason.choices)
    fixed_place = forms.BooleanField(label="外出地点固定", required=False, initial=True)
    contact_every_months = forms.IntegerField(label="至少每几个月联系一次", min_value=1, max_value=12,
                                              initial=rules.CONTACT_EVERY_MONTHS)  # fmt: skip
    note = forms.CharField(label="说明（可不填）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    field_order = ["person", "destination", "workplace", "contact", "left_on", "expected_return_on", "reason",
                   "fixed_place", "receiving_org", "receiving_name", "contact_every_months", "note"]  # fmt: skip

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class CardForm(Styled):
    number = forms.CharField(label="活动证编号", max_length=50)
    issued_on = dates.DateField(label="发证日期", widget=DATE, past=True)
    valid_until = dates.DateField(label="有效期至", widget=DATE)


class ContactForm(Styled):
    on = dates.DateField(label="联系日期", widget=DATE, past=True)
    how = forms.ChoiceField(label="联系方式", choices=How.choices)
    by_name = forms.CharField(label="联系人（不填为本人）", max_length=50, required=False)
    note = forms.CharField(label="联系内容", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(Styled):
    received_on = dates.DateField(label="收到日期", widget=DATE, past=True)
    note = forms.CharField(label="摘要（可不填）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class DayForm(Styled):
    day = dates.DateField(label="日期", widget=DATE, past=True)


class KeeperForm(Styled):
    cadre = PersonField(label="联系干部")
    since = dates.DateField(label="联系起始日期", widget=DATE, past=True)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["cadre"].queryset = people  # type: ignore[attr-defined]

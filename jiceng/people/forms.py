from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from jiceng.core import dates
from jiceng.organizations.models import Organization

from . import rules

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-check-input" if isinstance(
            widget, forms.CheckboxInput) else "form-control"  # fmt: skip
        widget.attrs.setdefault("class", css)


class OrgChoiceMixin:
    def limit_orgs(self, user: Any) -> None:
        field = self.fields["organization"]  # type: ignore[attr-defined]
        field.queryset = Organization.objects.visible_to(user).active().order_by("path")
        field.label_from_instance = lambda o: "　" * (o.depth - user.organization.depth) + o.name


class PersonForm(OrgChoiceMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    ethnicity = forms.CharField(label="民族", max_length=20, required=False, initial="汉族")
    education = forms.ChoiceField(label="学历", choices=[("", "未知"), *rules.Education.choices], required=False)
    category = forms.ChoiceField(label="人员类别", choices=rules.Category.choices)
    organization = forms.ModelChoiceField(label="所在党组织", queryset=Organization.objects.none())
    joined_on = dates.DateField(label="入党日期", required=False, widget=DATE, past=True)
    confirmed_on = dates.DateField(label="转正日期", required=False, widget=DATE, past=True)
    probation_extended_months = forms.IntegerField(
        label="预备期延长（月）", required=False, min_value=rules.PROBATION_EXTENSION_MONTHS[0],
        max_value=rules.PROBATION_EXTENSION_MONTHS[1],
        help_text="预备期经支部大会决定延长的，填写延长的月数（6至12个月）；未延长的不填",
    )  # fmt: skip
    phone = forms.CharField(label="联系电话", max_length=11, required=False)
    is_mobile = forms.BooleanField(label="流动党员", required=False)
    mobile_destination = forms.CharField(label="流入地", max_length=100, required=False)
    # The day a category change happened (late entry allowed: the entry time is kept beside it).
    changed_on = forms.DateField(
        label="类别变动日期", required=False, widget=DATE,
        help_text="人员类别有变动时填写实际发生的日期；不填则转为正式党员按转正日期、转为预备党员按入党日期、其他按今天",
    )  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_orgs(user)
        _style(self)


class EditPersonForm(PersonForm):
    """A person's page edit: the category is shown, not changed here (issue 13.1); nor the
    organization: a dated 组织关系转接 moves it (issue 13.4)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].disabled = True
        self.fields["category"].help_text = "人员类别通过发展党员流程变动；历史数据通过花名册导入"
        self.fields["organization"].disabled = True
        self.fields["organization"].help_text = "所在党组织通过“组织关系转接”变动（填写转接日期和原因）"
        del self.fields["changed_on"]


class TransferForm(forms.Form):
    """组织关系转接: to which organization, on which day (late entry allowed), why."""

    to_org = forms.ModelChoiceField(label="转入组织", queryset=Organization.objects.none())
    on = dates.DateField(label="转接日期", widget=DATE, past=True, initial=timezone.localdate,
                         help_text="组织关系实际转接的日期，不能晚于今天，也不能早于上一次转接")  # fmt: skip
    reason = forms.ChoiceField(label="转接原因", choices=rules.TransferReason.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, current: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["to_org"]
        field.queryset = Organization.objects.visible_to(user).active().exclude(pk=current.pk).order_by("path")
        field.label_from_instance = lambda o: "　" * (o.depth - user.organization.depth) + o.name
        _style(self)


class NewPersonForm(PersonForm):
    id_number = forms.CharField(label="公民身份号码", max_length=18, min_length=18)

    field_order = ["name", "id_number"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["changed_on"]  # a new person's history follows from their dates

    def clean_id_number(self) -> str:
        number = rules.normalize_id(self.cleaned_data["id_number"])
        if problem := rules.id_problem(number):
            raise forms.ValidationError(problem)
        return number


class PostForm(forms.Form):
    # 党组织书记 … 第一书记, 村委会主任 …, 监委会主任/委员 (村务监督委员会, issue 10.9).
    title = forms.ChoiceField(label="职务", choices=[
        (f"{body}:{v}", f"{rules.BODY_PREFIX[body]}{label}")
        for body, titles in rules.TITLES.items() for v, label in titles.choices
    ])  # fmt: skip
    appointment_mode = forms.ChoiceField(label="任职方式", choices=rules.AppointmentMode.choices)
    start_on = dates.DateField(label="任职日期", required=False, widget=DATE, initial=timezone.localdate)
    term = forms.CharField(label="届次", max_length=30, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["start_on"].widget.attrs.update(max=timezone.localdate().isoformat(), **{"aria-label": "任职日期"})
        self.fields["term"].widget.attrs.update(placeholder="届次，如 第十一届", **{"aria-label": "届次"})


class EndPostForm(forms.Form):
    end_on = dates.DateField(label="离任日期", widget=DATE, initial=timezone.localdate)
    reason = forms.ChoiceField(label="离任原因", choices=[("", "离任原因（不详）"), *rules.PostEndReason.choices],
                               required=False)  # fmt: skip


class ReserveForm(forms.Form):
    since = dates.DateField(label="列入日期", widget=DATE, past=True)
    intended_post = forms.CharField(label="拟培养岗位", max_length=50, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

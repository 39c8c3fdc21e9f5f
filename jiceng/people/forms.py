from __future__ import annotations

from typing import Any

from django import forms

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
    joined_on = forms.DateField(label="入党日期", required=False, widget=DATE)
    confirmed_on = forms.DateField(label="转正日期", required=False, widget=DATE)
    phone = forms.CharField(label="联系电话", max_length=11, required=False)
    is_mobile = forms.BooleanField(label="流动党员", required=False)
    mobile_destination = forms.CharField(label="流入地", max_length=100, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_orgs(user)
        _style(self)


class NewPersonForm(PersonForm):
    id_number = forms.CharField(label="公民身份号码", max_length=18, min_length=18)

    field_order = ["name", "id_number"]

    def clean_id_number(self) -> str:
        number = rules.normalize_id(self.cleaned_data["id_number"])
        if problem := rules.id_problem(number):
            raise forms.ValidationError(problem)
        return number


class PostForm(forms.Form):
    body = forms.ChoiceField(label="任职机构", choices=rules.PostBody.choices[:2])
    title = forms.ChoiceField(label="职务", choices=[
        *[(f"party:{v}", f"党组织{label}") for v, label in rules.PartyTitle.choices],
        *[(f"village_committee:{v}", f"村委会{label}") for v, label in rules.CommitteeTitle.choices],
    ])  # fmt: skip
    appointment_mode = forms.ChoiceField(label="任职方式", choices=rules.AppointmentMode.choices)
    start_on = forms.DateField(label="任职日期", required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["body"]
        _style(self)


class EndPostForm(forms.Form):
    end_on = forms.DateField(label="离任日期", widget=DATE)


class ReserveForm(forms.Form):
    since = forms.DateField(label="列入日期", widget=DATE)
    intended_post = forms.CharField(label="拟培养岗位", max_length=50, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

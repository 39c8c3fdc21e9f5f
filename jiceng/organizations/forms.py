from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core import dates

from .models import Organization
from .rules import ALLOWED_CHILDREN, OrgKind


class ChildForm(forms.Form):
    name = forms.CharField(label="组织名称", max_length=100)
    kind = forms.ChoiceField(label="组织类别", choices=OrgKind.choices)
    village_name = forms.CharField(label="所属行政村", max_length=100, required=False)
    division_code = forms.RegexField(label="行政区划代码", regex=r"^\d{6,12}$", required=False,
                                     error_messages={"invalid": "应为6至12位数字"})  # fmt: skip

    def __init__(self, *args: Any, parent: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_CHILDREN.get(parent.kind, set())
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(v, label) for v, label in OrgKind.choices if v in allowed]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"


class RenameForm(forms.Form):
    name = forms.CharField(label="新名称", max_length=100, widget=forms.TextInput(attrs={"class": "form-control"}))


class MoveForm(forms.Form):
    parent = forms.ModelChoiceField(label="移动到", queryset=Organization.objects.none(),
                                    widget=forms.Select(attrs={"class": "form-select"}))  # fmt: skip

    def __init__(self, *args: Any, user: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = (
            Organization.objects.visible_to(user).active().exclude(path__startswith=org.path).order_by("path")
        )
        parent.label_from_instance = lambda o: o.full_path  # type: ignore[method-assign, assignment]


class DetailsForm(forms.Form):
    """An organization's details on its page: 成立日期 (empty = unknown) and 行政区划代码."""

    founded_on = forms.DateField(label="成立日期", required=False,
                                 widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))  # fmt: skip
    division_code = forms.RegexField(label="行政区划代码", regex=r"^\d{6,12}$", required=False,
                                     error_messages={"invalid": "应为6至12位数字"},
                                     widget=forms.TextInput(attrs={"class": "form-control"}))  # fmt: skip


class DissolveForm(forms.Form):
    on = dates.DateField(
        label="撤销日期", past=True, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

"""Forms for grids, households and visits: parsing only; every rule lives in actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from jiceng.core import dates
from jiceng.core.forms import DATE, Styled
from jiceng.organizations.models import Organization

from .models import Household
from .rules import VisitKind


def village_orgs(user: Any) -> Any:
    return Organization.objects.visible_to(user).active().filter(is_village_level=True).order_by("path")


def preselect_single(form: forms.Form, name: str) -> None:
    """A choice with exactly one option is chosen already (a village secretary has one village)."""
    field: Any = form.fields[name]
    options = list(field.queryset[:2])
    if len(options) == 1 and not form.initial.get(name):
        form.initial[name] = options[0].pk


class GridForm(Styled):
    organization = forms.ModelChoiceField(Organization.objects.none(), label="村")
    name = forms.CharField(label="网格名称", max_length=60)
    responsible = forms.CharField(label="网格责任人", max_length=50)
    visit_cycle_days = forms.IntegerField(label="走访周期（天）", min_value=1, max_value=366, initial=30)
    duties = forms.CharField(label="网格职责", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = village_orgs(user)  # type: ignore[attr-defined]
        preselect_single(self, "organization")


class HouseholdForm(Styled):
    head_name = forms.CharField(label="户主", max_length=50)
    address = forms.CharField(label="住址", max_length=100, required=False)
    size = forms.IntegerField(label="家庭人口", min_value=1, max_value=50, initial=1)
    note = forms.CharField(label="备注", max_length=200, required=False)


class HouseholdImportForm(Styled):
    file = forms.FileField(label="农户表（.xlsx）")


class VisitForm(Styled):
    organization = forms.ModelChoiceField(Organization.objects.none(), label="村")
    kind = forms.ChoiceField(label="走访类型（五访五问）", choices=VisitKind.choices)
    visited_on = dates.DateField(label="走访日期", widget=DATE, past=True)
    visitee = forms.CharField(label="走访对象", max_length=50)
    household = forms.ModelChoiceField(Household.objects.none(), label="农户", required=False, empty_label="（不选）")
    findings = forms.CharField(label="了解情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("visited_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = village_orgs(user)  # type: ignore[attr-defined]
        self.fields["household"].queryset = Household.objects.visible_to(user).select_related("grid")  # type: ignore[attr-defined]
        preselect_single(self, "organization")

    def visit_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("organization", "kind", "visited_on", "visitee", "findings",
                                                  "household")}  # fmt: skip

"""Forms of the talent pages: parsing only (every rule lives in rules/actions)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core.forms import Styled
from jiceng.people.picker import PersonField

from .rules import Category


class TalentForm(Styled):
    name = forms.CharField(label="姓名", max_length=50, required=False, help_text="选了人员档案的可不填")
    category = forms.ChoiceField(label="人才类别", choices=[("", "请选择"), *Category.choices], required=False)
    skills = forms.CharField(label="专长技能", max_length=300, required=False, help_text="如：蛋鸡养殖、鸡苗孵化")
    contact = forms.CharField(label="联系电话", max_length=20, required=False)
    local_top = forms.BooleanField(label="乡土拔尖人才", required=False)
    double_lead = forms.BooleanField(label="致富双带标兵", required=False)
    other_honors = forms.CharField(label="其他荣誉（可不填）", max_length=300, required=False)
    person = PersonField(label="人员档案（可不选）", required=False)
    note = forms.CharField(label="说明（可不填）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]

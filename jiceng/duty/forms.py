"""Forms of the duty pages: parsing only (every rule lives in rules/actions)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiceng.core import dates
from jiceng.core.forms import DATE, Styled
from jiceng.people.models import Person


class EntryForm(Styled):
    on = dates.DateField(label="值班日期", widget=DATE, help_text="补记以前的值班时填写当天的日期")
    person = forms.ModelChoiceField(label="值班干部", queryset=Person.objects.none())
    callers = forms.CharField(label="来访来电群众及事项", max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text="没有来访的填“无”")  # fmt: skip
    handled = forms.CharField(
        label="办理情况", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    referred = forms.CharField(label="转交事项（转交给谁、什么事）", max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people if people is not None else Person.objects.none()

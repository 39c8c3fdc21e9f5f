"""Form helpers shared by every app's pages (parsing only: the rules live in actions)."""

from __future__ import annotations

from typing import Any

from django import forms

from . import dates

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # what <input type=date> accepts


class Styled(forms.Form):
    """Bootstrap classes on every widget (templates/core/_form.html renders the fields)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            else:
                widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class CalendarForm(Styled):
    day = dates.DateField(label="日期", widget=DATE)
    is_workday = forms.BooleanField(label="上班（调休）", required=False)
    name = forms.CharField(label="名称", max_length=30, required=False)

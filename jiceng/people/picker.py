"""One person picker for every form that names people (issue 12.3: no page renders an unbounded list).

A form field (`PersonField`, `PeopleField`) whose choices are a QuerySet of people renders them
inline while they are few (a village's members: a select, or check boxes with 全选), and otherwise
a search box: typing a name, its pinyin (`zhangsan`) or initials (`zs`) asks the page's own URL
(`?pick=<field>&q=<text>`) for the first matches, answered by `serve` from the very queryset the
form validates against, so the search can never offer a person the form would refuse. Only the
people already chosen are rendered with the form (a redisplayed form keeps them).

A view calls `serve(request, form)` after building the form: it binds the pickers to the page's
URL and answers a search (or returns None).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PARAM = "pick"  # ?pick=<field name>&q=<text>
INLINE_MAX = 150  # up to this many choices are shown at once (a village's members); more are searched
FOUND_MAX = 20  # matches answered per search


def label(person: Any) -> str:
    """`姓名（所在党组织）`: a name is told apart from a namesake by the organization."""
    return f"{person.name}（{person.organization.name}）"


class PickerWidget(forms.Widget):
    template_name = "people/_picker.html"

    def __init__(self, multiple: bool = False, select_all: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.select_all = select_all  # 全选 / 全不选 over an inline list (participants, not introducers)
        self.url = ""  # the page's own URL, set by `serve`
        self.choices: Any = ()  # the field's ModelChoiceIterator (set by the field)

    @property
    def allow_multiple_selected(self) -> bool:
        return self.multiple

    def _values(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(getattr(v, "pk", v)) for v in values if str(getattr(v, "pk", v)).isdigit()]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        field = self.choices.field
        queryset = field.queryset.select_related("organization")
        values = self._values(value)
        first = list(queryset[: INLINE_MAX + 1])
        inline = len(first) <= INLINE_MAX
        if inline:
            options = [(str(p.pk), field.label_from_instance(p)) for p in first]
            chosen = [pk for pk, _ in options if pk in values]
        else:
            options = [(str(p.pk), field.label_from_instance(p)) for p in queryset.filter(pk__in=values)]
            chosen = [pk for pk, _ in options]
        separator = "&" if "?" in self.url else "?"
        context["widget"].update(
            multiple=self.multiple, select_all=self.select_all, inline=inline, options=options, chosen=chosen,
            required=field.required, url=f"{self.url}{separator}{PARAM}={name}",
        )  # fmt: skip
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False if self.multiple else name not in data  # an empty list of check boxes is sent as nothing

    def id_for_label(self, id_: str) -> str:
        return id_


class PersonField(forms.ModelChoiceField):
    """One person, picked by name (the queryset is set by the form or the view)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", _none())
        kwargs.setdefault("widget", PickerWidget())
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return label(obj)


class PeopleField(forms.ModelMultipleChoiceField):
    """Several people, picked by name; `select_all` offers 全选 / 全不选 while they are listed inline."""

    def __init__(self, *args: Any, select_all: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", _none())
        kwargs.setdefault("widget", PickerWidget(multiple=True, select_all=select_all))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return label(obj)


def _none() -> QuerySet[Any]:
    from .models import Person

    return Person.objects.none()


def serve(request: HttpRequest, form: forms.BaseForm, page: str | None = None) -> HttpResponse | None:
    """Bind `form`'s pickers to this page (or to the URL `page`, where a form posted elsewhere is
    shown again); answer `?pick=<field>&q=<text>` with the matches."""
    pickers = {form.add_prefix(n): f for n, f in form.fields.items() if isinstance(f.widget, PickerWidget)}
    url = page or request.path
    if page is None and request.GET:
        kept = request.GET.copy()
        for key in (PARAM, "q"):
            kept.pop(key, None)
        if kept:
            url += "?" + kept.urlencode()
    for field in pickers.values():
        field.widget.url = url  # type: ignore[attr-defined]
    name = request.GET.get(PARAM)
    if request.method != "GET" or name not in pickers:
        return None
    field = pickers[name]
    assert isinstance(field, forms.ModelChoiceField)
    text = request.GET.get("q", "").strip()[:20]
    found = []
    if text:
        rows = field.queryset.search(text).select_related("organization")  # type: ignore[union-attr]
        found = [(str(p.pk), field.label_from_instance(p)) for p in rows.order_by("name_pinyin", "pk")[: FOUND_MAX + 1]]
    context = {
        "name": name, "multiple": isinstance(field.widget, PickerWidget) and field.widget.multiple,
        "found": found[:FOUND_MAX], "more": len(found) > FOUND_MAX, "text": text,
    }  # fmt: skip
    return render(request, "people/_picker_results.html", context)

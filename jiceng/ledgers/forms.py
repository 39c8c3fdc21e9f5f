"""Forms for ledger pages: parsing only; every rule lives in actions/rules."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import User
from jiceng.organizations.models import Organization

from . import rules
from .models import Household, LedgerType, is_officer

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # what <input type=date> accepts


def village_orgs(user: Any) -> Any:
    return Organization.objects.visible_to(user).active().filter(is_village_level=True).order_by("path")


def item_orgs(user: Any) -> Any:
    """Villages, and the township/county committees for their own items."""
    return Organization.objects.visible_to(user).active().filter(
        Q(is_village_level=True) | Q(kind__in=["township_committee", "county_committee"])
    ).order_by("path")  # fmt: skip


def usable_types(user: Any) -> Any:
    types = LedgerType.objects.visible_to(user).filter(is_active=True)
    return types if is_officer(user) else types.filter(restricted=False)


class Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            else:
                widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class ItemForm(Styled):
    ledger_type = forms.ModelChoiceField(LedgerType.objects.none(), label="台账")
    organization = forms.ModelChoiceField(Organization.objects.none(), label="所属村（组织）")
    source = forms.ChoiceField(label="来源", choices=rules.Source.choices)
    collected_on = forms.DateField(label="收集日期", widget=DATE)
    category = forms.CharField(label="类别", max_length=40, required=False)
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    concerned_name = forms.CharField(label="当事人/农户", max_length=100, required=False)
    reporter_name = forms.CharField(label="反映人", max_length=50, required=False)
    anonymous = forms.BooleanField(label="匿名反映（不记录反映人）", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("collected_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        types = usable_types(user)
        self.fields["ledger_type"].queryset = types  # type: ignore[attr-defined]
        self.fields["organization"].queryset = item_orgs(user)  # type: ignore[attr-defined]
        # Choosing a type reloads the form with that type's extra fields (htmx; without it, on submit).
        self.fields["ledger_type"].widget.attrs.update({
            "hx-get": reverse("ledgers:item_create"), "hx-trigger": "change", "hx-include": "closest form",
            "hx-target": "#main-form", "hx-select": "#main-form", "hx-swap": "outerHTML",
        })  # fmt: skip
        chosen = self.data.get("ledger_type") or self.initial.get("ledger_type")
        ltype = types.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
        self.extra_specs = add_extra_fields(self, ltype.fields if ltype else [])

    def item_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(EXTRA)}
        return {**data, "extra": extra_values(self, self.extra_specs)}


EXTRA = "extra__"


def _extra_field(spec: dict[str, str]) -> forms.Field:
    if spec.get("kind") == "int":
        return forms.IntegerField(label=spec["label"], required=False, widget=forms.NumberInput(attrs=CONTROL))
    if spec.get("kind") == "date":
        widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", **CONTROL})
        return forms.DateField(label=spec["label"], required=False, widget=widget)
    return forms.CharField(label=spec["label"], max_length=200, required=False, widget=forms.TextInput(attrs=CONTROL))


CONTROL = {"class": "form-control"}


def add_extra_fields(form: forms.Form, specs: list[dict[str, str]], values: dict[str, Any] | None = None) -> list[Any]:
    """The ledger type's own fields (附加字段: text, int or date) as `extra__<key>` inputs."""
    for spec in specs:
        form.fields[EXTRA + spec["key"]] = _extra_field(spec)
        if values and spec["key"] in values:
            form.initial[EXTRA + spec["key"]] = values[spec["key"]]
    return specs


def extra_values(form: forms.Form, specs: list[dict[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in specs:
        value = form.cleaned_data.get(EXTRA + spec["key"])
        if value not in (None, ""):
            out[spec["key"]] = value.isoformat() if isinstance(value, dt.date) else value
    return out


class ItemEditForm(Styled):
    """The fields of an item that `actions.update_item` changes (not its state)."""

    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    category = forms.CharField(label="类别", max_length=40, required=False)
    concerned_name = forms.CharField(label="当事人/农户", max_length=100, required=False)
    reporter_name = forms.CharField(label="反映人", max_length=50, required=False)
    measures = forms.MultipleChoiceField(label="已采取措施", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, item: Any, **kwargs: Any) -> None:
        initial = {f: getattr(item, f) for f in ("description", "category", "concerned_name", "reporter_name",
                                                 "measures")}  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["measures"].choices = [(m, m) for m in item.ledger_type.measures]  # type: ignore[attr-defined]
        if not item.ledger_type.measures:
            del self.fields["measures"]
        if item.anonymous:  # an anonymous reporter stays unrecorded
            del self.fields["reporter_name"]
        self.extra_specs = add_extra_fields(self, item.ledger_type.fields, item.extra)

    def item_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(EXTRA)}
        return {**data, "extra": extra_values(self, self.extra_specs)} if self.extra_specs else data


class VisitForm(Styled):
    organization = forms.ModelChoiceField(Organization.objects.none(), label="村")
    kind = forms.ChoiceField(label="走访类型（五访五问）", choices=rules.VisitKind.choices)
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    visitee = forms.CharField(label="走访对象", max_length=50)
    household = forms.ModelChoiceField(Household.objects.none(), label="农户", required=False)
    findings = forms.CharField(label="了解情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    item_type = forms.ModelChoiceField(LedgerType.objects.none(), label="登记为台账事项", required=False,
                                       empty_label="不登记")  # fmt: skip
    item_category = forms.CharField(label="事项类别", max_length=40, required=False)
    item_description = forms.CharField(label="事项描述", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("visited_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = village_orgs(user)  # type: ignore[attr-defined]
        self.fields["household"].queryset = Household.objects.visible_to(user).select_related("grid")  # type: ignore[attr-defined]
        self.fields["item_type"].queryset = usable_types(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("item_type") and not (data.get("item_description") or "").strip():
            self.add_error("item_description", "登记台账事项时请填写事项描述")
        return data


class MoveForm(Styled):
    target = forms.CharField(max_length=30)
    assignee = forms.ModelChoiceField(User.objects.none(), label="承办人", required=False)
    resolution = forms.CharField(label="处理结果", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)
    measures = forms.MultipleChoiceField(label="已采取措施", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, item: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prefixes = [item.org_path[:i] for i in range(4, len(item.org_path) + 1, 4)]
        people = User.objects.filter(is_active=True, organization__path__in=prefixes).order_by("organization__path")
        self.fields["assignee"].queryset = people  # type: ignore[attr-defined]
        self.fields["measures"].choices = [(m, m) for m in item.ledger_type.measures]  # type: ignore[attr-defined]
        self.fields["measures"].initial = item.measures


class PublishForm(Styled):
    summary = forms.CharField(label="公开内容（不含姓名等个人信息）", max_length=300)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class TypeForm(Styled):
    code = forms.SlugField(label="代码（英文字母）", max_length=40)
    name = forms.CharField(label="台账名称", max_length=60)
    noun = forms.CharField(label="事项称谓（统计语句用）", max_length=30)
    categories = forms.CharField(label="类别（每行一个）", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    measures = forms.CharField(label="解决措施（每行一个）", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    fields_json = forms.CharField(label="附加字段（JSON）", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                  initial="[]")  # fmt: skip
    workflow = forms.CharField(
        label="流程（JSON：状态、流转、办理角色、期限规则、暂缓状态）",
        widget=forms.Textarea(attrs={"rows": 14, "class": "form-control mono small"}),
    )
    restricted = forms.BooleanField(label="限制查看（仅乡镇及以上可见，可匿名反映）", required=False)

    def clean_workflow(self) -> Any:
        return _json(self.cleaned_data["workflow"])

    def clean_fields_json(self) -> Any:
        return _json(self.cleaned_data.get("fields_json") or "[]")

    def type_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"name": d["name"], "noun": d["noun"], "categories": _lines(d["categories"]),
                "measures": _lines(d["measures"]), "fields": d["fields_json"], "workflow": d["workflow"],
                "restricted": d["restricted"]}  # fmt: skip

    @staticmethod
    def initial_for(ltype: LedgerType) -> dict[str, Any]:
        return {
            "code": ltype.code, "name": ltype.name, "noun": ltype.noun, "categories": "\n".join(ltype.categories),
            "measures": "\n".join(ltype.measures), "fields_json": json.dumps(ltype.fields, ensure_ascii=False),
            "workflow": json.dumps(ltype.workflow, ensure_ascii=False, indent=1), "restricted": ltype.restricted,
        }  # fmt: skip


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise forms.ValidationError(f"不是有效的 JSON：{exc}") from exc


class CalendarForm(Styled):
    day = forms.DateField(label="日期", widget=DATE)
    is_workday = forms.BooleanField(label="上班（调休）", required=False)
    name = forms.CharField(label="名称", max_length=30, required=False)


class GridForm(Styled):
    organization = forms.ModelChoiceField(Organization.objects.none(), label="村")
    name = forms.CharField(label="网格名称", max_length=60)
    responsible = forms.CharField(label="网格责任人", max_length=50)
    visit_cycle_days = forms.IntegerField(label="走访周期（天）", min_value=1, max_value=366, initial=30)
    duties = forms.CharField(label="网格职责", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = village_orgs(user)  # type: ignore[attr-defined]


class HouseholdForm(Styled):
    head_name = forms.CharField(label="户主", max_length=50)
    address = forms.CharField(label="住址", max_length=100, required=False)
    size = forms.IntegerField(label="家庭人口", min_value=1, max_value=50, initial=1)
    note = forms.CharField(label="备注", max_length=200, required=False)


class HouseholdImportForm(Styled):
    file = forms.FileField(label="农户表（.xlsx）")


class EndLiaisonForm(forms.Form):
    end_on = forms.DateField(label="结束日期")


class LiaisonForm(Styled):
    user = forms.ModelChoiceField(User.objects.none(), label="干部")
    organization = forms.ModelChoiceField(Organization.objects.none(), label="联系村")
    kind = forms.ChoiceField(label="联系方式", choices=rules.LiaisonKind.choices)
    level = forms.ChoiceField(label="干部类别", choices=rules.LiaisonLevel.choices)
    quota_count = forms.IntegerField(label="下村次数要求（空=默认）", min_value=0, max_value=100, required=False)
    quota_period = forms.ChoiceField(label="周期（空=默认）", choices=[("", "默认"), *rules.QuotaPeriod.choices],
                                     required=False)  # fmt: skip
    start_on = forms.DateField(label="开始日期", widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("start_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        org = user.organization
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, organization__path__startswith=org.path, role__in=["county_officer", "township_officer"]
        ).order_by("username")
        self.fields["organization"].queryset = village_orgs(user)  # type: ignore[attr-defined]


class DiaryForm(Styled):
    written_on = forms.DateField(label="日期", widget=DATE)
    topic = forms.ChoiceField(label="内容类别", choices=[(t, t) for t in rules.DIARY_TOPICS])
    text = forms.CharField(label="记录内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("written_on", timezone.localdate())
        super().__init__(*args, **kwargs)

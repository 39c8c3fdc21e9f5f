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
from jiceng.core import dates
from jiceng.core.actor import display_name
from jiceng.core.calendar import ancestor_paths
from jiceng.core.forms import DATE, Styled
from jiceng.core.params import int_param
from jiceng.households import forms as households
from jiceng.organizations.models import Organization

from . import rules
from .models import LedgerItem, LedgerType, is_officer


def item_orgs(user: Any) -> Any:
    """Villages, and the township/county committees for their own items."""
    return Organization.objects.visible_to(user).active().filter(
        Q(is_village_level=True) | Q(kind__in=["township_committee", "county_committee"])
    ).order_by("path")  # fmt: skip


def usable_types(user: Any) -> Any:
    types = LedgerType.objects.visible_to(user).filter(is_active=True)
    return types if is_officer(user) else types.filter(restricted=False)


class ItemForm(Styled):
    ledger_type = forms.ModelChoiceField(LedgerType.objects.none(), label="台账")
    organization = forms.ModelChoiceField(Organization.objects.none(), label="所属村（组织）")
    source = forms.ChoiceField(label="来源", choices=rules.Source.choices)
    collected_on = dates.DateField(label="收集日期", widget=DATE, past=True)
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
        chosen_id = int_param(chosen)
        ltype = types.filter(pk=chosen_id).first() if chosen_id else None
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
        return dates.DateField(label=spec["label"], required=False, widget=widget)
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


class VisitForm(households.VisitForm):
    """记录走访 with what was found as a ledger item at once: the type's categories as a choice
    and its extra fields (the form reloads on a type change, as the item form does)."""

    item_type = forms.ModelChoiceField(LedgerType.objects.none(), label="登记为台账事项", required=False,
                                       empty_label="不登记")  # fmt: skip
    item_category = forms.ChoiceField(label="事项类别", required=False, choices=[("", "（不选）")])
    item_description = forms.CharField(label="事项描述", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        types = usable_types(user)
        self.fields["item_type"].queryset = types  # type: ignore[attr-defined]
        self.fields["item_type"].widget.attrs.update({
            "hx-get": reverse("ledgers:visit_create"), "hx-trigger": "change", "hx-include": "closest form",
            "hx-target": "#main-form", "hx-select": "#main-form", "hx-swap": "outerHTML",
        })  # fmt: skip
        chosen = self.data.get("item_type") or self.initial.get("item_type")
        self.ltype = types.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
        categories = self.ltype.categories if self.ltype else []
        self.fields["item_category"].choices = [("", "（不选）"), *((c, c) for c in categories)]  # type: ignore[attr-defined]
        if self.ltype is not None and not categories:
            del self.fields["item_category"]
        self.extra_specs = add_extra_fields(self, self.ltype.fields if self.ltype else [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("item_type") and not (data.get("item_description") or "").strip():
            self.add_error("item_description", "登记台账事项时请填写事项描述")
        return data

    def items(self) -> list[dict[str, Any]]:
        """The ledger item found on the visit (none when 不登记)."""
        d = self.cleaned_data
        if not d.get("item_type"):
            return []
        entry = {"ledger_type": d["item_type"], "description": d["item_description"],
                 "category": d.get("item_category") or ""}  # fmt: skip
        return [{**entry, "extra": extra_values(self, self.extra_specs)}]


def assignees(item: LedgerItem) -> Any:
    """Who may be an item's assignee: active officers and secretaries of its village or above
    (a restricted ledger: officers only), never a read-only member; shown by name."""
    people = User.objects.filter(is_active=True, organization__path__in=ancestor_paths(item.org_path))
    roles = ["county_officer", "township_officer"] if item.restricted else ["county_officer", "township_officer",
                                                                             "village_secretary"]  # fmt: skip
    return people.filter(role__in=roles).select_related("organization").order_by("-organization__depth", "username")


class UserField(forms.ModelChoiceField):
    """Users shown by the person's name and organization, never by login name alone."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{display_name(obj)}（{obj.organization.name}）" if obj.organization_id else display_name(obj)


class MoveForm(Styled):
    target = forms.CharField(max_length=30, widget=forms.HiddenInput)
    expected = forms.CharField(max_length=30, required=False, widget=forms.HiddenInput)  # the state the user saw
    on = dates.DateField(
        # Not `past=True`: the engine refuses a future date itself, naming the step.
        label="办理日期",
        widget=DATE,
        required=False,
        help_text="事情发生的日期；补录时填实际日期",
    )
    assignee = UserField(User.objects.none(), label="承办人", required=False)
    resolution = forms.CharField(label="处理结果", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)
    measures = forms.MultipleChoiceField(label="已采取措施", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, item: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update({"on": timezone.localdate(), "expected": item.status})
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees(item)  # type: ignore[attr-defined]
        self.fields["measures"].choices = [(m, m) for m in item.ledger_type.measures]  # type: ignore[attr-defined]
        self.fields["measures"].initial = item.measures
        self.fields["on"].widget.attrs["max"] = timezone.localdate().isoformat()


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


class EndLiaisonForm(forms.Form):
    end_on = dates.DateField(label="结束日期")


class LiaisonForm(Styled):
    user = UserField(User.objects.none(), label="干部")
    organization = forms.ModelChoiceField(Organization.objects.none(), label="联系村")
    kind = forms.ChoiceField(label="联系方式", choices=rules.LiaisonKind.choices)
    level = forms.ChoiceField(label="干部类别", choices=rules.LiaisonLevel.choices)
    quota_count = forms.IntegerField(label="下村次数要求（空=默认）", min_value=0, max_value=100, required=False)
    quota_period = forms.ChoiceField(label="周期（空=默认）", choices=[("", "默认"), *rules.QuotaPeriod.choices],
                                     required=False)  # fmt: skip
    start_on = dates.DateField(label="开始日期", widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("start_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        org = user.organization
        cadres = User.objects.filter(
            is_active=True, organization__path__startswith=org.path, role__in=["county_officer", "township_officer"]
        )
        self.fields["user"].queryset = cadres.select_related("organization").order_by("organization__path", "username")  # type: ignore[attr-defined]
        self.fields["organization"].queryset = households.village_orgs(user)  # type: ignore[attr-defined]


class DiaryForm(Styled):
    written_on = dates.DateField(label="日期", widget=DATE, past=True)
    topic = forms.ChoiceField(label="内容类别", choices=[(t, t) for t in rules.DIARY_TOPICS])
    text = forms.CharField(label="记录内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("written_on", timezone.localdate())
        super().__init__(*args, **kwargs)

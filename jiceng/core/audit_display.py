"""The audit trail in words (issue 10.10): "字段名：旧值 → 新值", never a code dict.

The stored `changes` stay as they are (keys are model field names, Chinese labels or a few
pseudo keys; values JSON). Shown here:
- a key's label: Chinese keys as they are; else what the app registered for the object type
  (`register_audit_labels`), else the model's verbose name of that field, else the shared table
  below (pseudo keys used by several apps);
- a value: a choice code by its label (the field's own choices, else the choices of the models
  that point to the object, e.g. an attendance's presence under a meeting), booleans as 是/否,
  datetimes as local "YYYY-MM-DD HH:MM", lists joined by "、";
- `[old, new]` of an update as "旧 → 新".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from .audit import ACTION_LABELS

# Pseudo keys written by several apps' actions (not model fields).
COMMON_LABELS = {
    "name": "名称", "kind": "类别", "parent": "上级组织", "status": "状态", "state": "状态",
    "person": "人员", "organization": "组织", "role": "角色", "password": "密码", "text": "内容",
    "reason": "事由", "topic": "主题", "caption": "说明", "quality": "汇报质量", "period": "周期",
    "invitees": "应到人数", "invitee_added": "增加参会人员", "attendance": "出席情况",
    "notice": "会议通知（份数、提前天数）", "notice_late": "通知晚于规定", "entry_gap_days": "补录相差天数",
    "vote": "表决（赞成、反对、弃权）", "passed": "通过", "decision": "处理决定", "subjects": "评议对象",
    "slips_generated": "生成评议码", "slip_voided": "作废评议码", "paper_entry": "录入纸质票",
    "paper_corrected": "更正纸质票", "ledger_ref": "转入台账", "published": "公开", "end_on": "结束日期",
    "visited_on": "走访日期", "dissolved_on": "撤销日期", "workflow": "办理流程", "owner": "责任人",
    "route": "处理方式", "deadline": "期限", "resolved_on": "办结日期",
}  # fmt: skip
# Keys whose list value is one value (several figures), not a [before, after] pair.
PLAIN_LISTS = {"notice", "vote"}
EMPTY = "空"

_REGISTERED: dict[str, dict[str, str]] = {}
_VALUES: dict[tuple[str, str], dict[str, str]] = {}


def register_audit_labels(object_type: str, labels: dict[str, str]) -> None:
    """Labels of pseudo keys an app writes for one object type ("app_label.model"): from AppConfig.ready."""
    _REGISTERED.setdefault(object_type, {}).update(labels)


def register_audit_values(object_type: str, key: str, labels: dict[str, str]) -> None:
    """Labels of the codes a key takes where no field choices name them (a post's title, whose
    codes depend on the body): from AppConfig.ready."""
    _VALUES.setdefault((object_type, key), {}).update(labels)


@dataclass(frozen=True)
class ChangeLine:
    label: str
    value: str
    before: str | None = None  # set for an update "before → value"

    def __str__(self) -> str:
        if self.before is None:
            return f"{self.label}：{self.value}"
        return f"{self.label}：{self.before} → {self.value}"


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, "其他操作")


def type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else ""


def describe(object_type: str, action: str, changes: Any) -> list[ChangeLine]:
    if not isinstance(changes, dict):
        return [ChangeLine("变更", _text(changes, {}))] if changes else []
    model = _model(object_type)
    lines = []
    for key, value in _in_field_order(model, changes):
        label = _label(object_type, model, str(key))
        choices = {**_choices(model, str(key)), **_VALUES.get((object_type, str(key)), {})}
        pair = isinstance(value, list) and len(value) == 2 and action != "create" and key not in PLAIN_LISTS
        if pair:
            lines.append(ChangeLine(label, _text(value[1], choices), _text(value[0], choices)))
        else:
            lines.append(ChangeLine(label, _text(value, choices)))
    return lines


def _in_field_order(model: type[models.Model] | None, changes: dict[str, Any]) -> list[tuple[str, Any]]:
    """The model's fields in their declared order, then other keys as written: the same line on
    SQLite and PostgreSQL (jsonb keeps keys sorted by length, not as written)."""
    order = {f.name: i for i, f in enumerate(model._meta.concrete_fields)} if model is not None else {}
    ranked = sorted(enumerate(changes.items()), key=lambda ikv: (order.get(str(ikv[1][0]), len(order)), ikv[0]))
    return [kv for _, kv in ranked]


@cache
def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


CJK = re.compile(r"[\u4e00-\u9fff]")


def _label(object_type: str, model: type[models.Model] | None, key: str) -> str:
    if CJK.search(key):
        return key
    if key in _REGISTERED.get(object_type, {}):
        return _REGISTERED[object_type][key]
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            pass
        else:
            verbose = getattr(field, "verbose_name", None)
            if verbose and CJK.search(str(verbose)):
                return str(verbose)
    return COMMON_LABELS.get(key, "其他")


def _choices(model: type[models.Model] | None, key: str) -> dict[str, str]:
    """The choice labels a value of `key` may use: the field's own, else the vocabulary around the model."""
    if model is None:
        return {}
    try:
        own = dict(getattr(model._meta.get_field(key), "flatchoices", None) or [])
    except FieldDoesNotExist:
        own = {}
    return {**_vocabulary(model), **{str(k): str(v) for k, v in own.items()}}


@cache
def _vocabulary(model: type[models.Model]) -> dict[str, str]:
    """Choice codes of the model and of the models pointing to it (an attendance row's presence
    shown under its meeting); a code two of them label differently is left out."""
    labels: dict[str, set[str]] = {}
    related = [r.related_model for r in model._meta.related_objects if isinstance(r.related_model, type)]
    for m in (model, *related):
        for field in m._meta.concrete_fields:
            for code, label in getattr(field, "flatchoices", None) or []:
                if isinstance(code, str) and code:
                    labels.setdefault(code, set()).add(str(label))
    return {code: next(iter(names)) for code, names in labels.items() if len(names) == 1}


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _text(value: Any, choices: dict[str, str]) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_text(v, choices) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_dict_value(v, choices)}" for k, v in value.items())
    if isinstance(value, str):
        if value in choices:
            return choices[value]
        if ISO_DATETIME.match(value):
            return _local(value)
    return str(value)


def _dict_value(value: Any, choices: dict[str, str]) -> str:
    """A nested [before, after] (an attendance change) as "旧 → 新"; a longer list as it is."""
    if isinstance(value, list) and len(value) >= 2:
        head = f"{_text(value[0], choices)} → {_text(value[1], choices)}"
        return "、".join([head, *(_text(v, choices) for v in value[2:])])
    return _text(value, choices)


def _local(value: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")

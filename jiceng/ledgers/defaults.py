"""The shipped ledger types (seed 004: 三本台账 plus 计生, 60岁以上老人, 扫黑除恶, 人居环境).

They are loaded as editable templates (rows without an owner) by a data migration; a township
copies one to change it, or adds its own type, without code.
"""

from __future__ import annotations

import copy
from typing import Any

OFFICERS = ["county_officer", "township_officer"]
EDITORS = [*OFFICERS, "village_secretary"]
WORKERS = [*EDITORS, "assignee"]


def standard_workflow(days: int = 20, editors: list[str] | None = None) -> dict[str, Any]:
    """collected → assigned → in_progress → resolved, with 暂缓 (clock stops) and 解释说明.

    Seed 004 (例会制度 §4): problems are assigned to a responsible person and resolved within a
    month (20 working days), or explained to the villagers when they cannot be solved now.
    """
    editors = editors or EDITORS
    workers = [*editors, "assignee"]
    return {
        "states": [
            {"key": "collected", "label": "已收集"},
            {"key": "assigned", "label": "已交办"},
            {"key": "in_progress", "label": "正在解决"},
            {"key": "paused", "label": "暂缓", "paused": True},
            {"key": "resolved", "label": "已解决", "final": True, "resolved": True},
            {"key": "explained", "label": "已解释说明", "final": True},
        ],
        "initial": "collected",
        "transitions": [
            {"from": "collected", "to": "assigned", "label": "交办", "roles": editors, "requires": ["assignee"]},
            {"from": "assigned", "to": "in_progress", "label": "开始办理", "roles": workers},
            {"from": "assigned", "to": "resolved", "label": "办结", "roles": workers, "requires": ["resolution"]},
            {"from": "in_progress", "to": "resolved", "label": "办结", "roles": workers, "requires": ["resolution"]},
            {"from": "assigned", "to": "paused", "label": "暂缓", "roles": OFFICERS, "requires": ["note"]},
            {"from": "in_progress", "to": "paused", "label": "暂缓", "roles": OFFICERS, "requires": ["note"]},
            {"from": "paused", "to": "in_progress", "label": "恢复办理", "roles": OFFICERS},
            {"from": "in_progress", "to": "explained", "label": "解释说明", "roles": editors,
             "requires": ["resolution"]},
            {"from": "resolved", "to": "in_progress", "label": "重新办理", "roles": OFFICERS, "requires": ["note"]},
        ],
        "deadline": {"from": "assigned", "days": days, "business": True},
        "warn_share": 0.8,
    }  # fmt: skip


TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "livelihood",
        "name": "民生问题台账",
        "noun": "民生问题",
        "categories": ["道路交通", "饮水", "用电", "住房", "医疗", "教育", "就业", "土地", "其他"],
        "measures": ["一事一议", "村内协调", "上报乡镇", "争取项目", "解释说明"],
        "fields": [],
        "workflow": standard_workflow(20),
    },
    {
        "code": "stability",
        "name": "稳定问题台账",
        "noun": "稳定问题",
        "categories": ["矛盾纠纷", "信访", "土地纠纷", "邻里纠纷", "其他"],
        "measures": ["调解", "依法处理", "上报乡镇", "解释说明"],
        "fields": [{"key": "parties", "label": "涉及人数", "kind": "int"}],
        "workflow": standard_workflow(10),
    },
    {
        "code": "hardship",
        "name": "困难群众台账",
        "noun": "困难群众问题",
        "categories": ["因病", "因残", "因灾", "因学", "缺劳力", "其他"],
        "measures": ["一事一议", "挂包帮", "低保", "五保", "临时救助", "医疗救助", "新农合", "小额意外保险"],
        "fields": [{"key": "household_size", "label": "家庭人口", "kind": "int"}],
        "workflow": standard_workflow(15),
    },
    {
        "code": "family_planning",
        "name": "计生台账",
        "noun": "计生事项",
        "categories": ["奖励扶助", "特别扶助", "生育登记", "其他"],
        "measures": ["奖励扶助", "特别扶助", "政策宣传"],
        "fields": [],
        "workflow": standard_workflow(20),
    },
    {
        "code": "elderly",
        "name": "60岁以上老人台账",
        "noun": "老人事项",
        "categories": ["独居", "空巢", "失能", "高龄", "其他"],
        "measures": ["定期走访", "高龄津贴", "养老保险", "医疗救助"],
        "fields": [{"key": "age", "label": "年龄", "kind": "int"}],
        "workflow": standard_workflow(20),
    },
    {
        "code": "crime_clues",
        "name": "扫黑除恶线索台账",
        "noun": "线索",
        "categories": ["涉黑涉恶", "村霸", "宗族势力", "黄赌毒", "其他"],
        "measures": ["核查", "移交公安", "移交纪委"],
        "fields": [],
        # Restricted: only officers see these items or act on them; reporters may stay anonymous.
        "restricted": True,
        "workflow": standard_workflow(10, editors=OFFICERS),
    },
    {
        "code": "environment",
        "name": "人居环境包保台账",
        "noun": "人居环境问题",
        "categories": ["垃圾", "污水", "厕所", "村容村貌"],
        "measures": ["包保责任人整改", "集中整治"],
        "fields": [{"key": "guarantor", "label": "包保责任人", "kind": "text"}],
        "workflow": standard_workflow(10),
    },
]


def template_rows() -> list[dict[str, Any]]:
    return copy.deepcopy(TEMPLATES)


def install_templates(model: Any = None) -> int:
    """Create the shipped templates that are missing (the data migration passes its model)."""
    if model is None:
        from .models import LedgerType as model
    created = 0
    for row in template_rows():
        _, made = model.objects.get_or_create(owner=None, code=row.pop("code"), defaults=row)
        created += int(made)
    return created

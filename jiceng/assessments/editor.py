"""The scheme editor in Chinese: a scheme's tree and outcomes are JSON data (rules.parse_tree reads
English keys), shown to the officer and read back with Chinese keys and words — “分值”, “计分方式”:
“业务数据”, the metric by its name (“三会一课达标率”) — so no English is on the page (issue 10:
Chinese everywhere) and what is saved is the same data as before.
"""

from __future__ import annotations

from typing import Any

from jiceng.core.registry import metrics

KEYS = {
    "code": "编号", "name": "名称", "points": "分值", "weight": "权重", "indicators": "指标", "method": "计分方式",
    "metric": "业务数据", "via": "取数对象", "rule": "计分规则", "rubric": "评分标准", "floor": "最低分",
    "kind": "规则", "zero": "零分线", "full": "满分线", "target": "目标值", "direction": "方向", "per": "每次扣分",
    "limit": "上限", "bands": "分档", "empty": "无记录时", "grades": "等次", "rating": "称号", "label": "称号名称",
    "min_total": "总分不低于", "min_category_percent": "各类得分率不低于", "stars": "星级", "percent": "得分率",
    "classes": "升降档", "levels": "各档", "min": "下限", "step": "每年最多升档", "margin": "降档缓冲分",
    "goal": "目标", "class": "档次", "share": "占比",
}  # fmt: skip
WORDS = {
    "method": {"metric": "业务数据", "review": "评审打分", "diary": "台账日记"},
    "kind": {"linear": "线性", "target": "达标", "bands": "分档", "deduction": "按次扣分", "veto": "一票否决"},
    "direction": {"min": "不低于", "max": "不高于"},
    "empty": {"zero": "记零分", "full": "记满分"},
    "via": {"own": "本人所在组织"},
}
BACK_KEYS = {zh: en for en, zh in KEYS.items()}


def _words(key: str) -> dict[str, str]:
    found = dict(WORDS.get(key, {}))
    if key in ("metric", "via"):
        found.update({m.key: m.label for m in metrics()})
    return found


def _convert(data: Any, keys: dict[str, str], back: bool) -> Any:
    if isinstance(data, list):
        return [_convert(item, keys, back) for item in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        english = str(keys.get(key, key) if back else key)
        words = _words(english)
        if back:
            words = {zh: en for en, zh in words.items()}
        if isinstance(value, str) and value in words:
            value = words[value]
        out[str(keys.get(key, key))] = _convert(value, keys, back)
    return out


def to_chinese(data: Any) -> Any:
    return _convert(data, KEYS, back=False)


def from_chinese(data: Any) -> Any:
    """What the officer saved, read back into the scheme's data (unknown words stay as typed, so
    the scheme's check refuses them in Chinese: “数据“X”未登记”)."""
    return _convert(data, BACK_KEYS, back=True)

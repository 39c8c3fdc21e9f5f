"""The dashboard's figures and chart options (ECharts, drawn by static/js)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.organizations.models import Organization
from jiceng.people.rules import Sex

from .live import member_ages_by_sex

PEOPLE_LABELS = {"full": "正式党员", "probationary": "预备党员", "candidate": "发展对象", "activist": "入党积极分子",
                 "applicant": "入党申请人", "resident": "群众"}  # fmt: skip
BANDS = [f"{lo}-{lo + 4}" for lo in range(15, 95, 5)] + ["95+"]


def figures(stats: dict[str, Any]) -> dict[str, int]:
    """The percentages on the figure cards (of members, and of village secretaries/directors)."""
    members = stats["members"]
    total = members["total"] or 1
    ages = {int(k): v for k, v in members["age"].items()}
    cadres = stats["cadres"]
    low = sum(cadres["education"][label] for label in ("初中", "小学", "未上学"))
    return {
        "aged_55": round(100 * sum(v for a, v in ages.items() if a >= 55) / total),
        "aged_35": round(100 * sum(v for a, v in ages.items() if a <= 35) / total),
        "female": round(100 * members["female"] / total),
        "cadre_low_edu": round(100 * low / cadres["total"]) if cadres["total"] else 0,
    }


def pyramid(org: Organization, today: dt.date) -> dict[str, Any]:
    """Members by sex and five-year age band (the age pyramid)."""
    male, female = [0] * len(BANDS), [0] * len(BANDS)
    for (sex, age), n in member_ages_by_sex(org, today).items():
        index = min(max((age - 15) // 5, 0), len(BANDS) - 1)
        (male if sex == Sex.MALE else female)[index] += n
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": ["男", "女"]},
        "grid": {"left": 60, "right": 20, "top": 30, "bottom": 20},
        "xAxis": {"type": "value", "minInterval": 1, "axisLabel": {"formatter": "abs"}},
        "yAxis": {"type": "category", "data": BANDS},
        "series": [
            {"name": "男", "type": "bar", "stack": "all", "data": [-v for v in male]},
            {"name": "女", "type": "bar", "stack": "all", "data": female},
        ],
    }


def bar(labels: list[str], values: list[int]) -> dict[str, Any]:
    return {"tooltip": {}, "grid": {"left": 40, "right": 10, "top": 20, "bottom": 60},
            "xAxis": {"type": "category", "data": labels, "axisLabel": {"rotate": 45}},
            "yAxis": {"type": "value"}, "series": [{"type": "bar", "data": values}]}  # fmt: skip


def pie(items: dict[str, int]) -> dict[str, Any]:
    return {"tooltip": {"trigger": "item"}, "legend": {"bottom": 0, "type": "scroll"},
            "series": [{"type": "pie", "radius": ["35%", "65%"],
                        "data": [{"name": k, "value": v} for k, v in items.items()]}]}  # fmt: skip

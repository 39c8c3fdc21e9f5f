"""Template filters of the pay pages: shares and coefficients in basis points as typed."""

from __future__ import annotations

from typing import Any

from django import template

from jiceng.pay import rules

register = template.Library()


@register.filter
def percent_bp(bp: Any) -> str:
    return "" if bp is None or bp == "" else rules.percent_text(int(bp))


@register.filter
def coefficient(bp: Any) -> str:
    return "" if bp is None or bp == "" else rules.coefficient_text(int(bp))


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None

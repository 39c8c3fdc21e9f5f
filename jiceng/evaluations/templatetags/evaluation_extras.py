from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`counts|get:value` — a dict item in a template (results are stored as JSON)."""
    if not isinstance(mapping, dict):
        return ""
    return mapping.get(str(key), mapping.get(key, ""))

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """{{ labels|get_item:code }}: a dict's value in a template."""
    return mapping.get(key) if hasattr(mapping, "get") else None

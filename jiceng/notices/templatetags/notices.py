"""`{% load notices %}{% notice_board org %}`: the notices in progress on a public page (a
village's or a township's), for boards rendered by other apps without importing this one."""

from __future__ import annotations

from typing import Any

from django import template

from jiceng.notices.queries import on_board

register = template.Library()


@register.inclusion_tag("notices/_board.html")
def notice_board(org: Any) -> dict[str, Any]:
    return {"notices": list(on_board(org))}

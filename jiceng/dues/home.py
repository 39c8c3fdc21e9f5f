"""The dues section of the home page of what to do (core.registry.register_my_page): the branch
secretary sees the members of the branch six consecutive months in arrears (党章第九条) — a flag
for the branch to talk to them, never a change of anyone's status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.access import user_org
from jiceng.core.registry import MY_PAGE_SLOTS

from . import queries

SLOT = MY_PAGE_SLOTS["dues_arrears"]


def arrears_section(user: Any, today: dt.date) -> dict[str, Any] | None:
    org = user_org(user)
    if org is None or str(getattr(user, "role", "")) != "village_secretary":
        return None
    rows = queries.arrears(org, today)
    return {"arrears": rows} if rows else None


def register() -> None:
    from jiceng.core.registry import register_my_page

    register_my_page(SLOT, "dues_arrears", "dues/_my_page.html", arrears_section)

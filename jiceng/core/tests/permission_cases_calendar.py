"""Permission cases for the business calendar (see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actions import set_calendar_day
from jiceng.core.actor import SYSTEM
from jiceng.core.models import CalendarDay
from jiceng.core.testing import EVERYONE, Fixtures, UrlCase


def county_day(f: Fixtures) -> dict[str, Any]:
    made = set_calendar_day(SYSTEM, dt.date(2026, 10, 8), is_workday=False, name="县庆", scope=f.tree.county.path)
    return {"kwargs": {"pk": made.pk}}


def day_saved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    rows = CalendarDay.objects.filter(day=dt.date(2026, 10, 8)).values_list("scope", "is_workday", "name")
    assert list(rows) == [(f.tree.county.path, False, "县庆")]


def day_removed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert not CalendarDay.objects.filter(pk=prepared["kwargs"]["pk"]).exists()


CASES = [
    UrlCase("calendar", allowed=EVERYONE),
    # County officers keep their county's days; everyone else reads (the other township's
    # officer is refused like any non-county persona: the county's page is not theirs to edit).
    UrlCase(
        "calendar",
        method="post",
        note="save",
        allowed={"county_officer"},
        outside_scope=(),
        setup=lambda f: {"data": {"day": "2026-10-08", "name": "县庆"}},
        expect=day_saved,
    ),
    UrlCase("calendar_remove", method="post", allowed={"county_officer"}, setup=county_day, expect=day_removed),
]

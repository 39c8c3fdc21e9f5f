"""Permission cases for the operations pages (schedules), see jiceng/core/testing.py."""

from typing import Any

from jiceng.core.testing import COUNTY_ONLY, EVERYONE, Fixtures, UrlCase


def _enqueued(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    from jiceng.core.models import ScheduleState

    assert ScheduleState.objects.get(name="warm_stats").last_enqueued is not None


CASES = [
    # The county officer watches the nightly jobs; everyone else gets 404 (not even a hint).
    UrlCase("schedules", allowed=COUNTY_ONLY, outside_scope=()),
    UrlCase(
        "schedule_run",
        method="post",
        allowed=COUNTY_ONLY,
        outside_scope=(),
        setup=lambda f: {"kwargs": {"name": "warm_stats"}},
        expect=_enqueued,
    ),
    # Everyone signed in changes their own password (GET shows the form).
    UrlCase("password_change", allowed=EVERYONE),
]

"""What meetings register with core: the lifecycle definitions, the step check "meeting" and a
section of a person's own page. Called once from `MeetingsConfig.ready`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core import engine
from jiceng.core.errors import DomainError
from jiceng.core.workflow import State

from . import rules

MEETING_REF = "meetings.meeting:"


def register() -> None:
    from jiceng.core.registry import register_my_page

    engine.register_definition("meetings.meeting", rules.MEETING_FLOW, roles=rules.MEETING_ROLES)
    engine.register_definition("meetings.leave", rules.LEAVE_FLOW, roles=rules.LEAVE_ROLES,
                               requirements=rules.LEAVE_REQUIREMENTS)  # fmt: skip
    engine.register_step("meeting", meeting_step_done)
    register_my_page(20, "meetings", "meetings/_my_page.html", my_page)


def meeting_step_done(case: engine.WorkflowCase, state: State, on: dt.date) -> None:
    """A step of kind "meeting" (e.g. the 支部大会 that admits a member) is complete only when a
    linked meeting was held on or before `on`; a 党员大会 must also have reached its quorum
    (支部工作条例 Art. 11: more than half of the voting members who should attend)."""
    from .models import Meeting
    from .services import quorum_of

    ids = [int(ref.removeprefix(MEETING_REF)) for ref in engine.links(case, state.key) if ref.startswith(MEETING_REF)]
    if not ids:
        raise DomainError(f"“{state.label}”环节还没有关联会议记录")
    meetings = list(Meeting.objects.filter(pk__in=ids).order_by("held_on", "pk"))
    held = [m for m in meetings if m.is_held and m.held_on <= on]
    if not held:
        raise DomainError(f"“{state.label}”环节关联的会议还没有召开")
    if all(m.is_congress and not quorum_of(m).reached for m in held):
        quorum = quorum_of(held[-1])
        raise DomainError(f"“{state.label}”环节关联的党员大会到会有表决权党员 {quorum.present} 人，"
                          f"未超过应到 {quorum.should_attend} 人的半数")  # fmt: skip


def my_page(user: Any, today: dt.date) -> dict[str, Any] | None:
    from .services import my_meetings

    return my_meetings(user, today)

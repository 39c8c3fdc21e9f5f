"""The stale cancel and concurrent holds, with real threads and connections (SQLite and PostgreSQL).

Before the engine a cancel loaded before the meeting was held overwrote it unconditionally: the
meeting ended cancelled while its month's tally counted it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core import testing
from jiceng.core.engine import StaleState
from jiceng.core.models import CaseEvent
from jiceng.meetings import actions
from jiceng.meetings.models import Meeting, MeetingTally
from jiceng.meetings.rules import Kind, Status

from .factories import SYSTEM, at

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.date(2026, 3, 10)


def run_at_once(calls: Sequence[Callable[[], Any]]) -> Counter[str]:
    return testing.run_at_once(calls, done=str, refused=lambda exc: f"refused:{type(exc).__name__}")


def scheduled(tree: Any) -> Meeting:
    return actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.COMMITTEE, theme="三月支委会",
                                    starts_at=at(DAY))  # fmt: skip


def counted(meeting: Meeting) -> int:
    tally = MeetingTally.objects.filter(branch=meeting.organization, kind=meeting.kind, year=DAY.year).first()
    return tally.m03 if tally else 0


def hold(pk: int) -> str:
    actions.hold_meeting(SYSTEM, Meeting.objects.get(pk=pk), now=at(DAY, 18))
    return "held"


def test_a_cancel_from_a_page_loaded_before_the_hold_is_refused(tree: Any) -> None:
    meeting = scheduled(tree)
    page = Meeting.objects.get(pk=meeting.pk)  # the officer's page, loaded while still scheduled
    hold(meeting.pk)
    with pytest.raises(StaleState, match="状态已变化"):
        actions.cancel_meeting(SYSTEM, page)
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD and counted(meeting) == 1
    moves = list(CaseEvent.objects.filter(case_id=meeting.pk, case_type="meetings.meeting", kind="move")
                 .values_list("to_state", flat=True))  # fmt: skip
    assert moves == [Status.HELD]


def test_cancel_and_hold_at_once_end_consistent(tree: Any) -> None:
    for _ in range(3):
        meeting = scheduled(tree)
        page = Meeting.objects.get(pk=meeting.pk)

        def cancel(page: Meeting = page) -> str:
            actions.cancel_meeting(SYSTEM, page)
            return "cancelled"

        def hold_it(pk: int = meeting.pk) -> str:
            return hold(pk)

        outcomes = run_at_once([hold_it, cancel])
        meeting.refresh_from_db()
        assert sum(n for k, n in outcomes.items() if k in ("held", "cancelled")) == 1, outcomes
        assert outcomes[meeting.status] == 1
        assert sum(n for k, n in outcomes.items() if k.startswith("refused:")) == 1, outcomes
        tallied = counted(meeting)
        assert tallied == (1 if meeting.status == Status.HELD else 0)
        MeetingTally.objects.all().delete()


def test_ten_concurrent_holds_count_once(tree: Any) -> None:
    meeting = scheduled(tree)
    outcomes = run_at_once([lambda: hold(meeting.pk)] * 10)
    assert outcomes["held"] == 1 and sum(outcomes.values()) == 10, outcomes
    # A thread that loaded the meeting before the hold is refused as stale; one that loaded it
    # after (a slow thread on a busy machine) is refused the illegal move held → held.
    assert set(outcomes) - {"held"} <= {"refused:StaleState", "refused:IllegalTransition"}, outcomes
    assert counted(meeting) == 1
    assert CaseEvent.objects.filter(case_id=meeting.pk, case_type="meetings.meeting", to_state="held").count() == 1


def test_the_cancel_button_of_an_old_page_leaves_the_held_meeting(tree: Any, personas: Any) -> None:
    meeting = scheduled(tree)
    hold(meeting.pk)
    client = Client()
    client.force_login(personas["village_secretary"])
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), follow=True)
    assert "当前状态为“已召开”，不能变更为“已取消”" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD and counted(meeting) == 1

"""The step kind "meeting": a workflow step completed by a held meeting (a 党员大会 with its quorum)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.core import engine
from jiceng.core.errors import DomainError
from jiceng.core.models import CaseEvent
from jiceng.core.workflow import parse_definition
from jiceng.meetings import actions
from jiceng.meetings.hooks import meeting_step_done
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind, Presence
from jiceng.people.models import Person

from .factories import SYSTEM, at, members

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 10)
ADMISSION = parse_definition(
    {
        "states": [
            {"key": "discussion", "label": "支部大会讨论", "step": "meeting"},
            {"key": "admitted", "label": "已接收为预备党员", "final": True},
        ],
        "initial": "discussion",
        "transitions": [{"from": "discussion", "to": "admitted", "label": "接收", "roles": ["officer"]}],
    },
    roles={"officer": "乡镇组织委员"},
)


class Admission:
    """A small case of another app: the step "支部大会讨论" is done by a meeting."""

    SINCE_FIELD = None
    definition = ADMISSION
    pk = 41
    state_value = "discussion"

    @staticmethod
    def case_type() -> str:
        return "tests.admission"

    def workflow_roles(self, actor: Any) -> set[str]:
        return {"officer"}

    def events(self) -> Any:
        return CaseEvent.objects.none()


def admit(on: dt.date = DAY) -> Any:
    return engine.check_move(SYSTEM, Admission(), "admitted", on=on, today=on, given={})  # type: ignore[arg-type]


def congress(tree: Any, present: int) -> Meeting:
    """A 党员大会 of 东一村's four members (made on first use), `present` of them present."""
    people = list(Person.objects.in_subtree(tree.east1).members().order_by("pk")) or members(tree.east1, 4)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.PARTY_CONGRESS,
                                       theme="讨论接收预备党员", starts_at=at(DAY))  # fmt: skip
    rows = {a.person_id: a.pk for a in meeting.attendances.all()}
    actions.record_attendance(SYSTEM, meeting, {rows[p.pk]: Presence.PRESENT for p in people[:present]})
    return meeting


def test_meetings_register_the_meeting_step() -> None:
    assert engine._STEPS["meeting"] is meeting_step_done


def test_the_step_needs_a_linked_meeting(tree: Any) -> None:
    with pytest.raises(DomainError, match="“支部大会讨论”环节还没有关联会议记录"):
        admit()


def test_a_scheduled_or_later_meeting_does_not_complete_the_step(tree: Any) -> None:
    meeting = congress(tree, present=3)
    engine.link(Admission(), "discussion", meeting)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="关联的会议还没有召开"):
        admit()
    actions.hold_meeting(SYSTEM, meeting, now=at(DAY, 18))
    with pytest.raises(DomainError, match="关联的会议还没有召开"):  # held after the date of the move
        admit(DAY - dt.timedelta(days=1))
    assert admit().target == "admitted"


def test_a_congress_without_quorum_does_not_complete_the_step(tree: Any) -> None:
    meeting = congress(tree, present=2)  # 2 of 4 voting members: not more than half
    actions.hold_meeting(SYSTEM, meeting, now=at(DAY, 18))
    engine.link(Admission(), "discussion", f"meetings.meeting:{meeting.pk}")  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="到会有表决权党员 2 人，未超过应到 4 人的半数"):
        admit()
    second = congress(tree, present=4)  # a second congress, with its quorum
    actions.hold_meeting(SYSTEM, second, now=at(DAY, 20))
    engine.link(Admission(), "discussion", second)  # type: ignore[arg-type]
    assert admit().target == "admitted"


def test_a_committee_meeting_needs_no_quorum(tree: Any) -> None:
    members(tree.east1, 3)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.COMMITTEE, theme="支委会",
                                       starts_at=at(DAY))  # fmt: skip
    actions.hold_meeting(SYSTEM, meeting, now=at(DAY, 18))
    engine.link(Admission(), "discussion", meeting)  # type: ignore[arg-type]
    assert admit().target == "admitted"

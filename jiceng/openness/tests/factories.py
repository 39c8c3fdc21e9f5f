"""Openness test data: publications (finance statements in fen), a held 村民代表会议 with a vote."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind, Presence
from jiceng.meetings.tests.factories import at
from jiceng.openness import actions
from jiceng.openness.models import Publication
from jiceng.openness.rules import EXPENSE, INCOME, Line
from jiceng.organizations.models import Organization
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

D = dt.date
LINES = [Line(INCOME, "村集体资源发包收入", 1_200_000), Line(INCOME, "上级转移支付", 3_000_000),
         Line(EXPENSE, "村道维修", 800_000), Line(EXPENSE, "村干部报酬", 1_500_000)]  # fmt: skip


SEPT, SEPT_END = D(2026, 9, 1), D(2026, 9, 30)


def draft(org: Organization, *, section: str = "finance", category: str = "statement", title: str = "2026年9月财务收支",
          start: dt.date = SEPT, end: dt.date = SEPT_END, actor: Any = SYSTEM,
          **extra: Any) -> Publication:  # fmt: skip
    if section == "finance":
        extra.setdefault("lines", LINES)
        extra.setdefault("income_total", 4_200_000)
        extra.setdefault("expense_total", 2_300_000)
    extra.setdefault("body", "经村务监督委员会审核，现将本期财务收支情况公布如下。")
    return actions.create_publication(actor, org, section=section, category=category, title=title,
                                      period_start=start, period_end=end, **extra)  # fmt: skip


def published(org: Organization, on: dt.date, **kw: Any) -> Publication:
    pub = draft(org, **kw)
    return actions.publish(SYSTEM, pub, on=on, today=max(on, timezone.localdate()))


def representatives_vote(org: Organization, day: dt.date, present: int, votes_for: int,
                         text: str = "村道硬化每户筹资100元") -> Meeting:  # fmt: skip
    """A held 村民代表会议 of `org` with six representatives, `present` of them came, and the vote."""
    meeting = meeting_actions.schedule_meeting(SYSTEM, organization=org, kind=Kind.REPRESENTATIVES,
                                               theme="村民代表会议", starts_at=at(day))  # fmt: skip
    for i in range(6):
        meeting_actions.add_invitee(SYSTEM, meeting, make_person(org, f"代表{chr(0x4e00 + i + day.day)}",
                                                                 Category.RESIDENT))  # fmt: skip
    rows = list(meeting.attendances.order_by("pk"))
    meeting_actions.record_attendance(SYSTEM, meeting, {r.pk: Presence.PRESENT for r in rows[:present]})
    decision = meeting_actions.add_decision(SYSTEM, meeting, text)
    if votes_for:
        meeting_actions.record_vote(SYSTEM, decision, votes_for, present - votes_for, 0)
    return meeting_actions.hold_meeting(SYSTEM, meeting, minutes="会议记录", now=at(day, 18))

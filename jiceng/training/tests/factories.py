"""Training test data: sessions with participants, and held meetings with who came."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind, Presence
from jiceng.meetings.tests.factories import at
from jiceng.organizations.models import Organization
from jiceng.people import actions as people_actions
from jiceng.people.models import Person
from jiceng.people.rules import PartyTitle, PostBody
from jiceng.training import actions
from jiceng.training.models import Session
from jiceng.training.rules import SessionKind, Unit

D = dt.date
MARCH_5 = D(2024, 3, 5)
TOOK_UP = D(2021, 1, 15)


def session(org: Organization, people: Sequence[Person], *, unit: str = Unit.DAY, amount: int | str = 1,
            starts_on: dt.date = MARCH_5, ends_on: dt.date | None = None, kind: str = SessionKind.CONCENTRATED,
            actor: Any = SYSTEM, **extra: Any) -> Session:  # fmt: skip
    return actions.create_session(actor, org, title=extra.pop("title", "党员冬训"), kind=kind, starts_on=starts_on,
                                  ends_on=ends_on or starts_on, unit=unit, amount=Decimal(amount),
                                  participants=[p.pk for p in people], **extra)  # fmt: skip


def held(org: Organization, day: dt.date, kind: str = Kind.LESSON, came: Sequence[Person] | None = None,
         absent: Sequence[Person] = ()) -> Meeting:  # fmt: skip
    """A held meeting of `org` on `day`: its members invited, `came` present (default all), `absent` absent."""
    meeting = meeting_actions.schedule_meeting(SYSTEM, organization=org, kind=kind, theme="学习党章", starts_at=at(day))
    rows = list(meeting.attendances.select_related("person"))
    away = {p.pk for p in absent}
    wanted = {p.pk for p in came} if came is not None else {a.person_id for a in rows} - away
    presences = {a.pk: (Presence.PRESENT if a.person_id in wanted else Presence.ABSENT) for a in rows}
    meeting_actions.record_attendance(SYSTEM, meeting, presences)
    return meeting_actions.hold_meeting(SYSTEM, meeting, now=at(day, 18))


def secretary(person: Person, start: dt.date = TOOK_UP, title: str = PartyTitle.SECRETARY) -> Person:
    people_actions.add_post(SYSTEM, person, body=PostBody.PARTY, title=title, start_on=start)
    return person

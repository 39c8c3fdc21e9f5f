"""Every change to training records: permission-checked, atomic, audited.

A session needs at least one participant, each visible to the actor and born before the
session began; bad input is refused in Chinese and nothing is written. Late entry is allowed:
the session keeps its own dates beside the entry time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_user, is_system
from jiceng.core.errors import DomainError
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Status
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules
from .models import MeetingCredit, Participant, Session
from .rules import SessionKind


def _participants(actor: Actor, ids: Iterable[Any]) -> list[Person]:
    wanted = {int(i) for i in ids if str(i).isdigit()}
    if not wanted:
        raise DomainError("请至少选择一名参训人员")
    people = Person.objects.all() if is_system(actor) else Person.objects.visible_to(actor)
    found = list(people.filter(pk__in=wanted).order_by("pk"))
    if len(found) != len(wanted):
        raise DomainError("所选参训人员不存在或不在本组织范围内")
    return found


def create_session(actor: Actor, organization: Organization, *, title: str, kind: str, starts_on: dt.date,
                   ends_on: dt.date, unit: str, amount: Decimal, participants: Iterable[Any], place: str = "",
                   trainer: str = "", note: str = "", today: dt.date | None = None) -> Session:  # fmt: skip
    """Record a session (held, possibly long ago) with its participants, each getting its 学时."""
    require(actor.has_perm("training.add_session_to", organization))
    today = today or timezone.localdate()
    if not title.strip():
        raise DomainError("请填写培训名称")
    if kind not in SessionKind.values:
        raise DomainError("请选择培训形式")
    if starts_on > today:
        raise DomainError("只能登记已经举办的培训（开始日期不能晚于今天）")
    problem = rules.length_problem(unit, amount, starts_on, ends_on)
    if problem:
        raise DomainError(problem)
    people = _participants(actor, participants)
    for person in people:
        if problem := rules.birth_problem(person.name, person.birth_date, starts_on):
            raise DomainError(problem)
    hours = rules.session_hours(unit, amount)
    session = Session(organization=organization, org_path=organization.path, title=title.strip(), kind=kind,
                      starts_on=starts_on, ends_on=ends_on, unit=unit, amount=amount, hours=hours,
                      days=rules.session_days(unit, amount), place=place.strip(), trainer=trainer.strip(),
                      note=note.strip(), created_by=actor_user(actor))  # fmt: skip
    with transaction.atomic():
        session.save()
        Participant.objects.bulk_create([Participant(session=session, person=p, hours=hours) for p in people])
        audit.record(actor, "create", session, org=organization,
                     changes={"培训名称": session.title, "开始日期": starts_on.isoformat(), "每人学时": str(hours),
                              "参训人数": len(people)})  # fmt: skip
    return session


def credit_meeting(actor: Actor, meeting: Meeting, hours: Decimal) -> MeetingCredit:
    """Mark a held meeting as "以会代训" with the 学时 each attendee present receives."""
    require(actor.has_perm("training.credit_meeting", meeting))
    if meeting.status != Status.HELD:
        raise DomainError("只有已召开的会议才能计入培训学时")
    if not Decimal(0) < hours <= 12:
        raise DomainError("以会代训的学时应在0到12之间")
    credit = MeetingCredit(meeting=meeting, org_path=meeting.org_path, hours=hours, created_by=actor_user(actor))
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the meeting is marked once (unique)
                credit.save()
        except IntegrityError as exc:
            raise DomainError("这次会议已经计入培训学时") from exc
        audit.record(actor, "create", credit, org=meeting.organization,
                     changes={"会议": str(meeting), "计入学时": str(hours)})  # fmt: skip
    return credit

"""Development test data: applicants and full members, held 支部大会, a file walked to any step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.development import actions
from jiceng.development.models import File
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind, Presence
from jiceng.meetings.tests.factories import at
from jiceng.notices.models import Notice
from jiceng.organizations.models import Organization
from jiceng.people.models import Person
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

D = dt.date
APPLIED = D(2023, 3, 1)
ADMITTED = D(2024, 7, 1)  # the 支部大会 of the main path
BORN = D(1998, 4, 1)


def applicant(org: Organization, name: str = "李小青", birth: dt.date = BORN) -> Person:
    return make_person(org, name, Category.RESIDENT, birth=birth)


def full_members(org: Organization, count: int = 4) -> list[Person]:
    found = list(Person.objects.filter(organization=org, category=Category.FULL).order_by("pk"))
    return found + [make_person(org, f"老党员{i + 1}") for i in range(len(found), count)]


def congress(org: Organization, day: dt.date, present: int | None = None) -> Meeting:
    """A held 党员大会 of `org` on `day` (its members invited; `present` of them came: default all)."""
    meeting = meeting_actions.schedule_meeting(SYSTEM, organization=org, kind=Kind.PARTY_CONGRESS,
                                               theme="讨论发展党员", starts_at=at(day))  # fmt: skip
    rows = list(meeting.attendances.order_by("pk"))
    count = len(rows) if present is None else present
    meeting_actions.record_attendance(SYSTEM, meeting, {a.pk: Presence.PRESENT for a in rows[:count]})
    return meeting_actions.hold_meeting(SYSTEM, meeting, now=at(day, 18))


def open_file(org: Organization, actor: Any = SYSTEM, **extra: Any) -> File:
    person = extra.pop("person", None) or applicant(org)
    return actions.open_file(actor, person, extra.pop("applied_on", APPLIED), **extra)


def end_notice(file: File) -> dt.date:
    notice = Notice.objects.get(subject_ref=f"development.file:{file.pk}")
    return notice.ends_on + dt.timedelta(days=1)


# (target, date or None (computed), extra data) of the main path up to the 公示
MAIN: list[tuple[str, dt.date, dict[str, Any]]] = [
    ("talked", D(2023, 3, 20), {"note": "书记、组织委员同申请人谈话"}),
    ("activist", D(2023, 4, 10), {}),
    ("candidate", D(2024, 4, 10), {"opinions": "党小组、培养联系人、党员和群众均同意"}),
    ("introduced", D(2024, 5, 6), {}),
    ("vetted", D(2024, 5, 10), {"vetting": "政治审查合格"}),
    ("trained", D(2024, 5, 20), {"training_days": 3}),
    ("checked", D(2024, 6, 3), {}),
    ("prereviewed", D(2024, 6, 4), {}),
    ("notice", D(2024, 6, 5), {}),
]


def walk(file: File, until: str, actor: Any = SYSTEM) -> File:
    """Take the main path's steps up to and including `until`."""
    members = full_members(file.organization)
    data: dict[str, dict[str, Any]] = {
        "activist": {"contacts": [members[0].pk]},
        "introduced": {"introducers": [members[0].pk, members[1].pk]},
    }
    for target, on, extra in MAIN:
        actions.move(actor, file, target, on=on, today=on, **{**extra, **data.get(target, {})})
        if target == until:
            return file
    later: list[tuple[str, dt.date | None]] = [
             ("pledged", None), ("congress", None), ("admitted", ADMITTED), ("interviewed", D(2024, 7, 15)),
             ("probationary", D(2024, 8, 1)), ("sworn", D(2024, 8, 1)), ("confirm_applied", D(2025, 6, 20)),
             ("confirm_congress", D(2025, 6, 21)), ("confirmed", D(2025, 7, 1)), ("full", D(2025, 7, 20))]  # fmt: skip
    for target, day in later:
        when = end_notice(file) if target in ("pledged", "congress") else day
        if target in ("admitted", "confirmed") and when is not None:
            actions.link_meeting(actor, file, congress(file.organization, when))
            when = None  # the linked meeting's date
        actions.move(actor, file, target, on=when, note="已办理")
        if target == until:
            return file
    return file

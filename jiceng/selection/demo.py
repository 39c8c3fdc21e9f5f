"""Demo cadre selection for the demo county (registered with `core.registry`), and the scripted
walk through an exercise that the demo and the tests share.

- A finished 二推一选 in the first village: 党员推荐 and 群众推荐 counted, a candidate below the
  threshold left out, 考察, the 党员大会 held and the elected 委员's post started.
- An ongoing 干部选拔 in the first township: its 考察对象 公示 is running now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.core.calendar import load_calendar
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind as MeetingKind
from jiceng.meetings.rules import Presence
from jiceng.notices import queries as notice_queries
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person
from jiceng.people.rules import AppointmentMode, Category, PartyTitle, PostBody

from . import actions
from .models import Exercise, Kind, SignRole

PREVIEW = {
    "method": "个别谈话、民主测评、查阅资料、实地走访",
    "team": "镇党委组织委员（组长）、镇纪委副书记、党建办干事",
    "discipline": "考察组严格执行考察回避制、考察责任制和考察保密责任制，不得泄露考察情况。",
    "hotline": "0571-88881234",
}


def notice_end(exercise: Exercise, step: str) -> dt.date:
    """The first day after the step's 公示 (the day the next step may be taken)."""
    notice = notice_queries.current(exercise, step)
    assert notice is not None
    return notice.ends_on + dt.timedelta(days=1)


def held_congress(org: Organization, day: dt.date) -> Meeting:
    at = lambda hour: timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))  # noqa: E731
    meeting = meeting_actions.schedule_meeting(
        SYSTEM, organization=org, kind=MeetingKind.PARTY_CONGRESS, theme="选举村党支部委员", starts_at=at(9)
    )
    rows = list(meeting.attendances.order_by("pk"))
    meeting_actions.record_attendance(SYSTEM, meeting, {a.pk: Presence.PRESENT for a in rows})
    return meeting_actions.hold_meeting(SYSTEM, meeting, now=at(18))


STANDARD_STEPS = (
    "draft",
    "announced",
    "recommending",
    "candidate_notice",
    "inspection",
    "appointment_notice",
    "appointed",
)
VILLAGE_STEPS = ("draft", "announced", "recommending", "candidate_notice", "inspection", "election", "appointed")


def walk(
    exercise: Exercise,
    people: Sequence[Person],
    until: str,
    actor: Any = SYSTEM,
    votes: Sequence[dict[str, Any]] | None = None,
) -> Exercise:
    """Take the exercise from 准备 to `until` with three candidates (the third below the
    threshold), each step on the first day it may be taken (from its start date on). At
    "recommending" the forms are counted and one talk recorded; the first two become 考察对象."""
    steps = STANDARD_STEPS if exercise.kind == Kind.STANDARD else VILLAGE_STEPS
    day = exercise.started_on
    position = exercise.positions.get()
    candidates = [
        actions.add_candidate(actor, exercise, position, p, recommended_by=f"推荐人{i + 1}")
        for i, p in enumerate(people[:3])
    ]
    ids = [c.pk for c in candidates]
    counts: Sequence[dict[str, Any]] = votes or (
        [{"issued": 40, "returned": 38, "valid": 36, "votes": (30, 22, 8)}]
        if exercise.kind == Kind.STANDARD
        else [
            {"issued": 30, "returned": 29, "valid": 28, "votes": (20, 18, 9)},
            {"issued": 60, "returned": 57, "valid": 55, "votes": (40, 30, 20)},
        ]
    )
    for target in steps[1:]:
        if target == "announced":
            actions.move(actor, exercise, target, on=day, today=day)
        elif target == "recommending":
            day = notice_end(exercise, "announced")
            actions.move(actor, exercise, target, on=day, today=day)
            for pool, count in zip(exercise.pools, counts, strict=True):
                actions.record_round(
                    actor,
                    exercise,
                    pool=pool,
                    held_on=day,
                    issued=count["issued"],
                    returned=count["returned"],
                    valid=count["valid"],
                    votes=dict(zip(ids, count["votes"], strict=True)),
                    today=day,
                )
            actions.record_talk(
                actor,
                exercise,
                talked_on=day,
                interviewee="镇机关干部代表",
                interviewer="镇党委书记",
                summary="认为该同志群众基础好、工作实",
                candidate=candidates[0],
                today=day,
            )
        elif target == "candidate_notice":
            actions.move(actor, exercise, target, on=day, today=day, candidates=ids[:2])
        elif target == "inspection":
            day = notice_end(exercise, "candidate_notice")
            actions.move(actor, exercise, target, on=day, today=day, **PREVIEW)
            for c in candidates[:2]:
                actions.record_test(actor, c, total=35, favourable=33, conclusion="政治坚定，群众公认，考察合格")
                actions.sign(actor, c, role=SignRole.RECOMMENDER, name=c.recommended_by, signed_on=day, today=day)
                actions.sign(
                    actor, c, role=SignRole.LEADER, name="王组长", unit="镇党委组织委员", signed_on=day, today=day
                )
        elif target == "appointment_notice":
            actions.move(actor, exercise, target, on=day, today=day, candidates=ids[:1])
        elif target == "election":
            actions.move(actor, exercise, target, on=day, today=day, candidates=ids[:2])
            actions.link_meeting(actor, exercise, held_congress(position.organization, day))
            actions.record_election(actor, exercise, present=26, votes={ids[0]: 17, ids[1]: 9})
        elif target == "appointed":
            if exercise.kind == Kind.STANDARD:
                day = notice_end(exercise, "appointment_notice")
            actions.move(actor, exercise, target, on=day, today=day)
        if target == until:
            return exercise
    return exercise


def _business_day_before(path: str, day: dt.date, days: int) -> dt.date:
    calendar = load_calendar(path)
    for _ in range(days):
        day -= dt.timedelta(days=1)
        while not calendar.is_business_day(day):
            day -= dt.timedelta(days=1)
    return day


def new_exercise(
    org: Organization, kind: str, start: dt.date, target: Organization, title: str = "", actor: Any = SYSTEM
) -> Exercise:
    village = kind == Kind.VILLAGE
    exercise = actions.create_exercise(
        actor,
        organization=org,
        kind=kind,
        on=start,
        today=start,
        title=title or (f"{target.name}委员“二推一选”" if village else f"{org.name}委员选拔"),
        conditions="中共正式党员，政治坚定，群众公认，具有带头致富和带领群众致富能力，年龄一般在45周岁以下。",
    )
    actions.add_position(
        actor,
        exercise,
        organization=target,
        body=PostBody.PARTY,
        title=PartyTitle.MEMBER,
        appointment_mode=AppointmentMode.ELECTED if village else AppointmentMode.SELECTED,
    )
    return exercise


def seed_for_demo(today: dt.date, seed: int, progress: Callable[[str], None]) -> None:
    township = Organization.objects.filter(kind=OrgKind.TOWNSHIP_COMMITTEE).order_by("path").first()
    village = (
        Organization.objects.filter(is_village_level=True, path__startswith=township.path).order_by("path").first()
        if township
        else None
    )
    if township is None or village is None:
        return
    members = list(
        Person.objects.filter(organization=village, category=Category.FULL, posts__isnull=True).order_by(
            "joined_on", "pk"
        )[:6]
    )
    if len(members) < 6:
        return
    with transaction.atomic():
        done = new_exercise(village, Kind.VILLAGE, _business_day_before(village.path, today, 60), village)
        walk(done, members[:3], "appointed")
        ongoing = new_exercise(township, Kind.STANDARD, _business_day_before(township.path, today, 7), township)
        started = ongoing.started_on
        walk(ongoing, members[3:6], "candidate_notice")
    progress(
        f"{village.name}：二推一选 1 次（已任职）；{township.name}：干部选拔 1 次（考察对象公示中，{started:%m-%d}起）"
    )

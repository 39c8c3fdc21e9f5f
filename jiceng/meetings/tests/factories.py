"""Meeting test data: village cadres with posts, township rules, meetings through the real actions.

`SYSTEM` is core's system actor (re-exported here for the tests that import it from this module).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["SYSTEM", "at", "cadre", "held_meeting", "members", "regular_meeting", "village_cadres"]

from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.meetings import actions
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind
from jiceng.organizations.models import Organization
from jiceng.people import actions as people_actions
from jiceng.people.models import Person
from jiceng.people.rules import Category, CommitteeTitle, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def cadre(org: Organization, name: str, title: str = PartyTitle.SECRETARY, body: str = PostBody.PARTY) -> Person:
    person = make_person(org, name)
    people_actions.add_post(SYSTEM, person, body=body, title=title, start_on=dt.date(2021, 1, 15))
    return person


def village_cadres(tree: Any) -> dict[str, Person]:
    """Secretary and director of 东一村 and 东二村 (the invitees of a 东镇 例会)."""
    return {
        "east1_secretary": cadre(tree.east1, "王书记"),
        "east1_director": cadre(tree.east1, "李主任", CommitteeTitle.DIRECTOR, PostBody.VILLAGE_COMMITTEE),
        "east2_secretary": cadre(tree.east2, "赵书记"),
        "east2_director": cadre(tree.east2, "钱主任", CommitteeTitle.DIRECTOR, PostBody.VILLAGE_COMMITTEE),
    }


def members(org: Organization, count: int, prefix: str = "党员", probationary: int = 0) -> list[Person]:
    people = [make_person(org, f"{prefix}{i + 1}") for i in range(count - probationary)]
    people += [
        make_person(org, f"{prefix}预{i + 1}", Category.PROBATIONARY, joined_on=dt.date(2025, 12, 1))
        for i in range(probationary)
    ]
    return people


def regular_meeting(tree: Any, starts: dt.datetime, actor: Any = SYSTEM, **extra: Any) -> Meeting:
    return actions.schedule_meeting(
        actor, organization=tree.east, kind=Kind.REGULAR, theme=extra.pop("theme", "年度工作目标交流"),
        starts_at=starts, place="镇政府三楼会议室", leader="周书记", recorder="吴干事", **extra,
    )  # fmt: skip


def held_meeting(org: Organization, kind: str, day: dt.date, actor: Any = SYSTEM) -> Meeting:
    meeting = actions.schedule_meeting(actor, organization=org, kind=kind, theme=f"{day:%m}月会议", starts_at=at(day))
    return actions.hold_meeting(actor, meeting, minutes="会议记录", now=at(day, 18))

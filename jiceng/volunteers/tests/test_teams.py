"""Volunteer teams and service records: members from people records, late entry shown, refusals
write nothing; team figures (services, 人次, hours)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent
from jiceng.volunteers import actions, queries
from jiceng.volunteers.models import Service, Team
from jiceng.volunteers.rules import ServiceKind, TeamKind

from .factories import D, villager

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(tree):
    a, b = villager(tree.east1, "甲"), villager(tree.east1, "乙")
    t = actions.create_team(SYSTEM, tree.east1, "党员志愿服务队", TeamKind.PARTY, leader=a, founded_on=D(2020, 3, 5))
    actions.change_members(SYSTEM, t, add=[b.pk])
    return t


def test_team_members_and_a_duplicate_name(tree, team):
    assert sorted(team.members.values_list("name", flat=True)) == ["乙", "甲"]
    with pytest.raises(DomainError, match="本村已有“党员志愿服务队”"):
        actions.create_team(SYSTEM, tree.east1, "党员志愿服务队", TeamKind.PARTY)
    actions.create_team(SYSTEM, tree.east2, "党员志愿服务队", TeamKind.PARTY)  # another village may
    assert Team.objects.count() == 2


def test_service_late_entry_and_figures(tree, team):
    today = timezone.localdate()
    ids = list(team.members.values_list("pk", flat=True))
    on_time = actions.record_service(SYSTEM, team, today, ServiceKind.CLINIC, "义诊", ids, Decimal(2))
    late = actions.record_service(
        SYSTEM, team, today - dt.timedelta(days=10), ServiceKind.PATROL, "巡查", ids, Decimal(1)
    )
    assert (on_time.late, late.late, late.gap_days) == (False, True, 10)
    actions.record_service(SYSTEM, team, D(2024, 5, 1), ServiceKind.BLOOD, "无偿献血", ids, Decimal(3), others=5)
    actions.record_service(SYSTEM, team, D(2024, 5, 3), ServiceKind.PUBLICITY, "登革热宣传", ids[:1], Decimal("1.5"))
    assert queries.team_figures([team.pk], 2024)[team.pk] == queries.TeamFigures(2, 8, 22.5)  # 7 × 3 h + 1 × 1.5 h


def test_service_refusals_write_nothing(tree, team):
    other = villager(tree.east2, "外村人")
    today = timezone.localdate()
    events = AuditEvent.objects.count()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"held_on": today + dt.timedelta(days=1)}, "不能晚于今天"),
        ({"hours": Decimal(0)}, "大于零"),
        ({"participant_ids": []}, "请选择参加服务的人员"),
        ({"participant_ids": [other.pk]}, "不在本村"),
        ({"held_on": D(1999, 1, 1)}, "尚未出生"),
    ]
    for change, message in cases:
        args: dict[str, Any] = {"held_on": today, "participant_ids": list(team.members.values_list("pk", flat=True)),
                "hours": Decimal(2), **change}  # fmt: skip
        with pytest.raises(DomainError, match=message):
            actions.record_service(SYSTEM, team, args["held_on"], ServiceKind.PATROL, "巡查", args["participant_ids"],
                                   args["hours"])  # fmt: skip
    assert (Service.objects.count(), AuditEvent.objects.count()) == (0, events)

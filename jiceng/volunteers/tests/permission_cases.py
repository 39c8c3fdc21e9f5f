"""Permission cases for the volunteer and league pages and API (see jiceng/core/testing.py):
everyone of the subtree sees teams and services; editors record; the league page (团员, 团费) is
for editors only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EVERYONE, Fixtures, UrlCase
from jiceng.development.models import File
from jiceng.volunteers import actions
from jiceng.volunteers.models import LeagueBranch, LeagueDues, LeagueMember, Recommendation, Service, Team
from jiceng.volunteers.rules import ServiceKind, TeamKind

from .factories import D, branch, villager


def _village(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": f.tree.east1.pk}, **extra}


def _team(f: Fixtures, **extra: Any) -> dict[str, Any]:
    leader = villager(f.tree.east1, "队长甲")
    team = actions.create_team(SYSTEM, f.tree.east1, "义务巡查队", TeamKind.PATROL, leader=leader)
    actions.record_service(SYSTEM, team, D(2024, 5, 1), ServiceKind.PATROL, "村内巡查", [leader.pk], Decimal(2))
    return {"kwargs": {"pk": team.pk}, "leader": leader, **extra}


def _member(f: Fixtures, **extra: Any) -> dict[str, Any]:
    person = villager(f.tree.east1, "团员乙", D(2001, 3, 1))
    member = actions.add_league_member(SYSTEM, branch(f.tree.east1), person, D(2016, 5, 4))
    if "data" in extra:
        extra["data"] = {**extra["data"], "member": str(member.pk)}
    return {"kwargs": {"pk": f.tree.east1.pk}, "person": person, **extra}


def _team_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    t = Team.objects.get()
    assert (t.organization, t.name, t.kind, t.founded_on) == (f.tree.east1, "五老志愿服务队", "elders", D(2019, 9, 9))


def _members_changed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    team = Team.objects.get(pk=prepared["kwargs"]["pk"])
    assert sorted(team.members.values_list("name", flat=True)) == ["新队员", "队长甲"]


def _served(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    s = Service.objects.get(title="义诊")
    assert (s.held_on, s.kind, s.hours, s.others, list(s.participants.values_list("name", flat=True))) == (
        D(2024, 6, 1),
        "clinic",
        Decimal("2.5"),
        3,
        ["队长甲"],
    )


def _branch_saved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    b = LeagueBranch.objects.get()
    assert (b.organization, b.name, b.founded_on) == (f.tree.east1, "东一村团支部", D(1985, 5, 4))


def _joined(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    m = LeagueMember.objects.get()
    assert (m.person, m.joined_on) == (prepared["person"], D(2017, 5, 4))


def _dues(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    rows = LeagueDues.objects.order_by("month")
    assert [(d.month, d.amount, d.paid_on) for d in rows] == [(D(2024, 1, 1), 50, D(2024, 1, 9)),
                                                             (D(2024, 2, 1), 50, D(2024, 1, 9))]  # fmt: skip


def _left(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    m = LeagueMember.objects.get()
    assert (m.left_on, m.left_reason) == (D(2024, 3, 1), "over_age")


def _recommended(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    r = Recommendation.objects.get()
    assert (r.recommended_on, r.file, File.objects.get().applied_on) == (D(2024, 10, 1), File.objects.get(),
                                                                         D(2024, 9, 1))  # fmt: skip


def _new_member(f: Fixtures) -> dict[str, Any]:
    branch(f.tree.east1)
    person = villager(f.tree.east1, "团员丙", D(2002, 8, 1))
    return _village(f, person=person, data={"person": str(person.pk), "joined_on": "2017-05-04"})


def _add_member(f: Fixtures) -> dict[str, Any]:
    prepared = _team(f)
    newcomer = villager(f.tree.east1, "新队员")
    prepared["data"] = {"add": [str(newcomer.pk)]}
    return prepared


def _service(f: Fixtures) -> dict[str, Any]:
    prepared = _team(f)
    prepared["data"] = {"held_on": "2024-06-01", "kind": "clinic", "title": "义诊", "hours": "2.5", "others": "3",
                        "participants": [str(prepared["leader"].pk)]}  # fmt: skip
    return prepared


TEAM = {"name": "五老志愿服务队", "kind": "elders", "founded_on": "2019-09-09"}
BRANCH = {"name": "东一村团支部", "founded_on": "1985-05-04"}

CASES = [
    UrlCase("volunteers:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("volunteers:village", allowed=EAST1_SCOPE, setup=_village),
    UrlCase(
        "volunteers:team_new",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _village(f, data=TEAM),
        expect=_team_made,
    ),
    UrlCase("volunteers:team", allowed=EAST1_SCOPE, setup=_team),
    UrlCase("volunteers:team_xlsx", allowed=EAST1_SCOPE, setup=lambda f: _team(f, data={"year": "2024"})),
    UrlCase(
        "volunteers:team_members", method="post", allowed=EAST1_EDITORS, setup=_add_member, expect=_members_changed
    ),
    UrlCase("volunteers:service_new", method="post", allowed=EAST1_EDITORS, setup=_service, expect=_served),
    UrlCase("volunteers:league", allowed=EAST1_EDITORS, setup=_member),
    UrlCase("volunteers:league_xlsx", allowed=EAST1_EDITORS, setup=_member),
    UrlCase(
        "volunteers:league_save",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _village(f, data=BRANCH),
        expect=_branch_saved,
    ),
    UrlCase("volunteers:league_member", method="post", allowed=EAST1_EDITORS, setup=_new_member, expect=_joined),
    UrlCase(
        "volunteers:league_dues",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_dues,
        setup=lambda f: _member(
            f, data={"first_month": "2024-01", "count": "2", "amount": "0.50", "paid_on": "2024-01-09"}
        ),
    ),
    UrlCase(
        "volunteers:recommend",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_recommended,
        setup=lambda f: _member(f, data={"recommended_on": "2024-10-01", "applied_on": "2024-09-01"}),
    ),
    UrlCase(
        "volunteers:league_leave",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_left,
        setup=lambda f: _member(f, data={"left_on": "2024-03-01", "reason": "over_age"}),
    ),
    UrlCase("api-v1:list_teams", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:get_team",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"team_id": _team(f)["kwargs"]["pk"]}},
    ),
    UrlCase(
        "api-v1:get_league",
        api=True,
        allowed=EAST1_EDITORS,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}, "data": {"on": "2024-06-30"}},
    ),
]

"""Permission cases for the 户联理事会 pages and API (see jiceng/core/testing.py): everyone of the
subtree sees the unions; editors form them and record; officers allocate 以奖代补 projects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.unions.models import Activity, Reward, Union, UnionOfficer

from .factories import D, five_good, make_union, register


def _u(f: Fixtures, **extra: Any) -> dict[str, Any]:
    u = make_union(f.tree.east1, 26)
    return {"kwargs": {"pk": u.pk}, "union": u, **extra}


def _new_union(f: Fixtures) -> dict[str, Any]:
    houses = register(f.tree.east1, 12)
    data = {"name": "李家冲户联理事会", "basis": "hamlet", "place": "李家冲", "founded_on": "2024-03-01",
            "households": [str(h.pk) for h in houses], "confirm_size": "on"}  # fmt: skip
    return {"kwargs": {"org_id": f.tree.east1.pk}, "data": data}


def _founded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    u = Union.objects.get()
    assert (u.name, u.basis, u.place, u.size_confirmed, u.members.count()) == ("李家冲户联理事会", "hamlet", "李家冲",
                                                                              True, 12)  # fmt: skip


def _officer(f: Fixtures) -> dict[str, Any]:
    return _u(f, data={"role": "chair", "name": "王德厚", "chosen_on": "2024-03-05", "voting": "20", "votes": "18"})


def _chosen(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(UnionOfficer.objects.values_list("role", "name", "voting", "votes")) == [("chair", "王德厚", 20, 18)]


def _activity(f: Fixtures) -> dict[str, Any]:
    return _u(f, data={"kind": "good_deeds", "held_on": "2024-05-01", "title": "集资修通组路", "households": "26",
                       "road_km": "2.8", "money": "12000"})  # fmt: skip


def _recorded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    a = Activity.objects.get()
    assert (a.kind, a.held_on, a.road_km, a.money, a.households, a.labour) == (
        "good_deeds", D(2024, 5, 1), Decimal("2.80"), 1_200_000, 26, 0)  # fmt: skip


def _proposal(f: Fixtures) -> dict[str, Any]:
    return _u(f, data={"title": "村内主干道路灯安装", "started_on": "2024-05-06"})


def _proposed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    from jiceng.core.models import CaseLink
    from jiceng.openness.models import Procedure

    proc = Procedure.objects.get()
    assert (proc.kind, proc.title, proc.started_on, proc.organization) == ("zizhi", "村内主干道路灯安装",
                                                                           D(2024, 5, 6), f.tree.east1)  # fmt: skip
    assert list(CaseLink.objects.filter(case_id=proc.pk).values_list("ref", flat=True)) == [prepared["union"].ref]


def _add_households(f: Fixtures) -> dict[str, Any]:
    prepared = _u(f)
    houses = register(f.tree.east1, 2, "二组")
    prepared["data"] = {"households": [str(h.pk) for h in houses], "joined_on": "2024-04-01"}
    return prepared


def _added(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert prepared["union"].members.count() == 28


def _reward(f: Fixtures) -> dict[str, Any]:
    prepared = _u(f)
    ref = five_good(prepared["union"], f.tree.east)
    prepared["data"] = {"rating_ref": ref, "project": "通组公路硬化", "amount": "50000", "allocated_on": "2025-01-10"}
    return prepared


def _rewarded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Reward.objects.values_list("project", "amount", "rating_ref")) == [
        ("通组公路硬化", 5_000_000, prepared["data"]["rating_ref"])]  # fmt: skip


def _api_activity(f: Fixtures) -> dict[str, Any]:
    u = make_union(f.tree.east1, 26)
    data = {"kind": "economy", "held_on": "2024-05-02", "title": "农忙互换劳力", "households": 26, "labour": 120}
    return {"kwargs": {"union_id": u.pk}, "data": data}


def _api_recorded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(Activity.objects.values_list("kind", "labour", "households")) == [("economy", 120, 26)]


CASES = [
    UrlCase("unions:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("unions:export", allowed=EVERYONE, outside_scope=()),
    UrlCase("unions:union_new", allowed=EAST1_EDITORS, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase("unions:union_new", method="post", allowed=EAST1_EDITORS, setup=_new_union, expect=_founded),
    UrlCase("unions:union", allowed=EAST1_SCOPE, setup=_u),
    UrlCase("unions:officer_new", method="post", allowed=EAST1_EDITORS, setup=_officer, expect=_chosen),
    UrlCase("unions:activity_new", method="post", allowed=EAST1_EDITORS, setup=_activity, expect=_recorded),
    UrlCase("unions:proposal_new", method="post", allowed=EAST1_EDITORS, setup=_proposal, expect=_proposed),
    UrlCase("unions:households_add", method="post", allowed=EAST1_EDITORS, setup=_add_households, expect=_added),
    UrlCase("unions:reward_new", method="post", allowed=EAST_OFFICERS, setup=_reward, expect=_rewarded),
    UrlCase("api-v1:list_unions", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:get_union",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"union_id": make_union(f.tree.east1, 26).pk}},
    ),
    UrlCase(
        "api-v1:union_activity_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=_api_activity,
        expect=_api_recorded,
    ),
]

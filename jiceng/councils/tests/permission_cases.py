"""Permission cases for the care council pages and API (see jiceng/core/testing.py): everyone of
the subtree sees the council; editors set it up and record; 特殊人员 targets only for the
branch secretary's account and officers (a member or anonymous visitor never sees one)."""

from __future__ import annotations

from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EDITORS_ANYWHERE, EVERYONE, Fixtures, UrlCase
from jiceng.councils import actions
from jiceng.councils.models import AccountEntry, CareRecord, CareTarget, Council, Councillor, CouncilPost, CouncilVisit
from jiceng.councils.rules import TargetDetail, TargetKind
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import template

from .factories import FOUNDED, D, cadre, council, councillor, register

EAST1_SPECIAL = EAST1_EDITORS  # officers of the subtree and the branch secretary's account


def _c(f: Fixtures, **extra: Any) -> dict[str, Any]:
    c = council(f.tree.east1)
    return {"kwargs": {"pk": c.pk}, "council": c, **extra}


def _special(f: Fixtures) -> dict[str, Any]:
    prepared = _c(f)
    c = prepared["council"]
    member = councillor(c)
    target = actions.add_target(SYSTEM, c, kind=TargetKind.SPECIAL, detail=TargetDetail.RELEASED, name="特殊甲",
                                councillor=member, since=FOUNDED)  # fmt: skip
    return {"kwargs": {"pk": target.pk}, "council": c, "member": member, "target": target}


def _visit(f: Fixtures, **extra: Any) -> dict[str, Any]:
    prepared = _c(f)
    c = prepared["council"]
    (house,) = register(f.tree.east1, 1)
    v = actions.record_visit(SYSTEM, c, councillor=councillor(c), household=house, visited_on=D(2024, 5, 6),
                             asked="反映水渠堵塞", problem="三组水渠堵塞，需清淤")  # fmt: skip
    return {"kwargs": {"pk": v.pk}, "visit": v, **extra}


def _new_council(f: Fixtures) -> dict[str, Any]:
    cadre(f.tree.east1, "简书记")
    member = cadre(f.tree.east1, "王支委", "member")
    data = {"founded_on": "2024-03-01", "executive": str(member.pk), "posts": "生产关怀、生活关怀"}
    return {"kwargs": {"org_id": f.tree.east1.pk}, "data": data}


def _founded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    c = Council.objects.get()
    groups = [(p.name, p.group.name, p.group.kind, p.group.parent()) for p in c.posts.order_by("pk")]
    assert (c.chair.name, c.executive and c.executive.name, groups) == ("简书记", "王支委", [
        ("生产关怀", "生产关怀党小组", "party_group", f.tree.east1),
        ("生活关怀", "生活关怀党小组", "party_group", f.tree.east1)])  # fmt: skip


def _post_added(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(CouncilPost.objects.order_by("pk").values_list("name", flat=True)) == [
        "生产关怀", "生活关怀", "思想关怀", "文化关怀", "法律关怀"]  # fmt: skip


def _volunteer(f: Fixtures) -> dict[str, Any]:
    prepared = _c(f)
    post = prepared["council"].posts.order_by("pk")[1]
    prepared["data"] = {"post": str(post.pk), "name": "李木匠", "kind": "craftsman", "specialty": "木工",
                        "applied_on": "2024-04-01"}  # fmt: skip
    return prepared


def _volunteered(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    m = Councillor.objects.get()
    assert (m.name, m.person, m.kind, m.status, m.post.name, m.applied_on) == (
        "李木匠", None, "craftsman", "pending", "生活关怀", D(2024, 4, 1))  # fmt: skip


def _pending(f: Fixtures) -> dict[str, Any]:
    m = councillor(council(f.tree.east1), confirmed=False)
    return {"kwargs": {"pk": m.pk}, "data": {"confirmed_on": "2024-04-02"}}


def _confirmed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    m = Councillor.objects.get(pk=prepared["kwargs"]["pk"])
    assert (m.status, m.confirmed_on) == ("confirmed", D(2024, 4, 2))


def _election(f: Fixtures) -> dict[str, Any]:
    c = council(f.tree.east1)
    a, _ = councillor(c, "林理事"), councillor(c, "周理事")
    post = c.posts.order_by("pk")[0]
    data = {f"p{post.pk}-leader": str(a.pk), f"p{post.pk}-elected_on": "2024-04-10", f"p{post.pk}-voters": "2",
            f"p{post.pk}-votes": "2"}  # fmt: skip
    return {"kwargs": {"pk": post.pk}, "data": data, "leader": a}


def _elected(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    post = CouncilPost.objects.get(pk=prepared["kwargs"]["pk"])
    e = post.elections.get()
    assert (post.leader, e.electors, e.voters, e.votes, e.elected_on) == (prepared["leader"], 2, 2, 2, D(2024, 4, 10))


def _income_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    e = AccountEntry.objects.get()
    assert (e.kind, e.performances, e.amount, e.year, actions.balance(e.council)) == ("performance", 3, 150_000,
                                                                                       2024, 150_000)  # fmt: skip


def _target(f: Fixtures) -> dict[str, Any]:
    prepared = _c(f)
    member = councillor(prepared["council"])
    prepared["data"] = {"kind": "hardship", "detail": "alone", "name": "孤寡老人甲", "councillor": str(member.pk),
                        "since": "2024-05-01"}  # fmt: skip
    return prepared


def _target_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    t = CareTarget.objects.get()
    assert (t.kind, t.detail, t.name, t.since, t.councillor.name) == ("hardship", "alone", "孤寡老人甲",
                                                                      D(2024, 5, 1), "林理事")  # fmt: skip


def _record(f: Fixtures) -> dict[str, Any]:
    prepared = _special(f)
    prepared["data"] = {"councillor": str(prepared["member"].pk), "cared_on": "2024-06-01", "content": "帮助办理低保"}
    return prepared


def _recorded(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    r = CareRecord.objects.get()
    assert (r.target, r.cared_on, r.content) == (prepared["target"], D(2024, 6, 1), "帮助办理低保")


def _new_visit(f: Fixtures) -> dict[str, Any]:
    prepared = _c(f)
    c = prepared["council"]
    (house,) = register(f.tree.east1, 1)
    prepared["data"] = {"councillor": str(councillor(c).pk), "household": str(house.pk), "visited_on": "2024-05-06",
                        "asked": "想学柑橘嫁接", "done": "联系农技员上门", "deed": "on"}  # fmt: skip
    return prepared


def _visited(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    v = CouncilVisit.objects.get()
    assert (v.visited_on, v.asked, v.done, v.deed, v.entered_by) == (D(2024, 5, 6), "想学柑橘嫁接", "联系农技员上门",
                                                                     True, f.personas[persona])  # fmt: skip


def _to_ledger(f: Fixtures) -> dict[str, Any]:
    return _visit(f, data={"ledger_type": str(template("livelihood").pk)})


def _ledgered(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    v = CouncilVisit.objects.get(pk=prepared["kwargs"]["pk"])
    item = LedgerItem.objects.get(source_ref=f"councils.councilvisit:{v.pk}")
    assert (v.ledger_ref, item.description, item.source, item.collected_on) == (
        item.pk, "一组农户1户：三组水渠堵塞，需清淤", "visit", D(2024, 5, 6))  # fmt: skip


def _api_council(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"council_id": council(f.tree.east1).pk}, "data": {"month": "2024-05"}}


def _api_targets(f: Fixtures) -> dict[str, Any]:
    return {"kwargs": {"council_id": _special(f)["council"].pk}}


def _api_visit(f: Fixtures) -> dict[str, Any]:
    prepared = _new_visit(f)
    d = prepared["data"]
    data = {"councillor_id": int(d["councillor"]), "household_id": int(d["household"]), "visited_on": "2024-05-06",
            "asked": "想学柑橘嫁接", "done": "联系农技员上门", "deed": True}  # fmt: skip
    return {"kwargs": {"council_id": prepared["council"].pk}, "data": data}


CASES = [
    UrlCase("councils:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("councils:dashboard", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase("councils:council_new", allowed=EAST1_EDITORS, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase("councils:council_new", method="post", allowed=EAST1_EDITORS, setup=_new_council, expect=_founded),
    UrlCase("councils:council", allowed=EAST1_SCOPE, setup=_c),
    UrlCase(
        "councils:post_new",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _c(f, data={"name": "法律关怀"}),
        expect=_post_added,
    ),
    UrlCase("councils:volunteer", method="post", allowed=EAST1_EDITORS, setup=_volunteer, expect=_volunteered),
    UrlCase("councils:confirm", method="post", allowed=EAST1_EDITORS, setup=_pending, expect=_confirmed),
    UrlCase("councils:elect", method="post", allowed=EAST1_EDITORS, setup=_election, expect=_elected),
    UrlCase(
        "councils:income",
        method="post",
        allowed=EAST1_EDITORS,
        expect=_income_made,
        setup=lambda f: _c(f, data={"kind": "performance", "received_on": "2024-05-01", "performances": "3"}),
    ),
    UrlCase("councils:targets", allowed=EAST1_EDITORS, setup=_c),
    UrlCase("councils:target_new", method="post", allowed=EAST1_EDITORS, setup=_target, expect=_target_made),
    # A 特殊人员 target: the member of the village gets 403/404 like any refused persona.
    UrlCase("councils:target", allowed=EAST1_SPECIAL, setup=_special, note="special"),
    UrlCase("councils:care_record", method="post", allowed=EAST1_SPECIAL, setup=_record, expect=_recorded),
    UrlCase("councils:visits", allowed=EAST1_EDITORS, setup=_c),
    UrlCase("councils:visit_new", method="post", allowed=EAST1_EDITORS, setup=_new_visit, expect=_visited),
    UrlCase("councils:visits_xlsx", allowed=EAST1_EDITORS, setup=lambda f: _c(f, data={"month": "2024-05"})),
    UrlCase("councils:visit_ledger", method="post", allowed=EAST1_EDITORS, setup=_to_ledger, expect=_ledgered),
    UrlCase("api-v1:list_councils", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase("api-v1:get_council", api=True, allowed=EAST1_SCOPE, setup=_api_council),
    UrlCase("api-v1:list_targets", api=True, allowed=EAST1_EDITORS, setup=_api_targets),
    UrlCase(
        "api-v1:council_visits",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {**_visit(f, data={"month": "2024-05"}), "kwargs": {"council_id": Council.objects.get().pk}},
    ),
    UrlCase(
        "api-v1:council_visit_create", api=True, method="post", allowed=EAST1_EDITORS, setup=_api_visit, expect=_visited
    ),
]

"""户联理事会: 25–30 households (12 or 45 warned, stored only when confirmed), households of the
village only and in one union only, 理事长 1 and 理事 1–2 chosen by the households, 四联 records
and the seed's figures summed from them — refusals in Chinese with nothing written."""

from decimal import Decimal
from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.unions import actions, queries, rules
from jiceng.unions.models import Activity, Union, UnionHousehold, UnionOfficer
from jiceng.unions.rules import ActivityKind, OfficerRole, UnionBasis

from .factories import FOUNDED, D, make_union, register


def _counts() -> tuple[int, int, int, int]:
    return (Union.objects.count(), UnionHousehold.objects.count(), UnionOfficer.objects.count(),
            Activity.objects.count())  # fmt: skip


def test_a_union_of_26_households_is_stored_without_question(tree: Any) -> None:
    union = make_union(tree.east1, 26)
    assert (union.name, union.basis, union.place, union.org_path, union.size_confirmed) == (
        "王家湾户联理事会", "courtyard", "王家湾", tree.east1.path, False)  # fmt: skip
    assert queries.sizes([union]) == {union.pk: 26}


@pytest.mark.parametrize(("count", "side"), [(12, "少于"), (45, "多于"), (24, "少于"), (31, "多于")])
def test_outside_25_to_30_warned_and_stored_only_when_confirmed(tree: Any, count: int, side: str) -> None:
    houses = register(tree.east1, count)
    with pytest.raises(DomainError) as info:
        make_union(tree.east1, houses=houses)
    assert info.value.message == (f"户联理事会一般由25至30户组成，现为{count}户（{side}规定规模），"
                                  "确认无误后请勾选“确认规模”再保存")  # fmt: skip
    assert _counts() == (0, 0, 0, 0)
    union = make_union(tree.east1, houses=houses, confirm_size=True)
    assert (union.size_confirmed, UnionHousehold.objects.filter(union=union).count()) == (True, count)


@pytest.mark.parametrize("count", [25, 30])
def test_the_bounds_are_inside(count: int) -> None:
    assert rules.size_warning(count) == ""


def test_a_household_of_another_village_is_refused(tree: Any) -> None:
    houses = register(tree.east1, 25) + register(tree.east2, 1, "东二一组")
    with pytest.raises(DomainError, match=r"^农户东二一组农户1不属于东一村党支部，不能加入本村的户联理事会$"):
        make_union(tree.east1, houses=houses)
    assert _counts() == (0, 0, 0, 0)


def test_a_household_in_two_unions_is_refused(tree: Any) -> None:
    first = make_union(tree.east1, 25)
    taken = next(iter(first.members.select_related("household").order_by("pk")[:1])).household
    others = [*register(tree.east1, 24, "二组"), taken]
    with pytest.raises(
        DomainError, match=r"^农户一组农户1（已在王家湾户联理事会）已加入其他户联理事会，一户只能加入一个$"
    ):
        make_union(tree.east1, houses=others, name="李家冲户联理事会")
    assert _counts() == (1, 25, 0, 0)
    with pytest.raises(DomainError, match="一户只能加入一个"):
        actions.add_households(SYSTEM, make_union(tree.east1, houses=others[:-1] + register(tree.east1, 1, "三组"),
                                                  name="李家冲户联理事会"),
                               [taken], joined_on=D(2024, 4, 1))  # fmt: skip
    assert UnionHousehold.objects.get(household=taken).union == first


def test_adding_households_past_30_needs_confirmation(tree: Any) -> None:
    union = make_union(tree.east1, 29)
    more = register(tree.east1, 2, "二组")
    with pytest.raises(DomainError, match="现为31户（多于规定规模）"):
        actions.add_households(SYSTEM, union, more, joined_on=D(2024, 4, 1))
    assert UnionHousehold.objects.filter(union=union).count() == 29
    assert actions.add_households(SYSTEM, union, more, joined_on=D(2024, 4, 1), confirm_size=True) == 2
    union.refresh_from_db()
    assert (union.size_confirmed, UnionHousehold.objects.filter(union=union).count()) == (True, 31)


def test_one_chair_and_one_or_two_members_chosen_by_the_households(tree: Any) -> None:
    union = make_union(tree.east1, 26, chair=True)
    for name in ("李秀英", "张大山"):
        actions.choose_officer(SYSTEM, union, role=OfficerRole.MEMBER, name=name, chosen_on=FOUNDED, voting=20,
                               votes=11)  # fmt: skip
    with pytest.raises(DomainError, match=r"^户联理事会只设理事长1名，已推选理事长$"):
        actions.choose_officer(SYSTEM, union, role=OfficerRole.CHAIR, name="赵", chosen_on=FOUNDED, voting=26, votes=26)
    with pytest.raises(DomainError, match=r"^户联理事会理事为1至2名，已推选2名理事$"):
        actions.choose_officer(
            SYSTEM, union, role=OfficerRole.MEMBER, name="赵", chosen_on=FOUNDED, voting=26, votes=26
        )
    assert list(union.officers.order_by("role", "name").values_list("role", "name", "votes")) == [
        ("chair", "王德厚", 26), ("member", "张大山", 11), ("member", "李秀英", 11)]  # fmt: skip


@pytest.mark.parametrize(("voting", "votes", "message"), [
    (13, 13, "参加推选的户数应超过本会农户的一半（26户中13户参加）"),
    (20, 10, "得票应超过参加推选户数的一半（20户中得10票）"),
    (27, 20, "参加推选的户数（27户）不能多于本会农户（26户）"),
    (20, 21, "得票户数（21户）不能多于参加推选的户数（20户）"),
    (0, 0, "请填写参加推选的户数和得票户数"),
])  # fmt: skip
def test_a_choice_without_a_majority_of_households_is_refused(tree: Any, voting: int, votes: int,
                                                             message: str) -> None:  # fmt: skip
    union = make_union(tree.east1, 26)
    with pytest.raises(DomainError) as info:
        actions.choose_officer(SYSTEM, union, role=OfficerRole.CHAIR, name="王", chosen_on=FOUNDED, voting=voting,
                               votes=votes)  # fmt: skip
    assert info.value.message == message
    assert UnionOfficer.objects.count() == 0


def test_activities_and_the_seed_figures_summed_from_them(tree: Any) -> None:
    """Seed 002: 村民互换劳力21.2万人次，自发整修堰塘水渠11.8万人次，修路105公里 — here for two unions of
    two villages, per village and for the township, from the records."""
    a = make_union(tree.east1, 26)
    b = make_union(tree.east2, 28, grid="东二一组", name="李家冲户联理事会")
    rec = actions.record_activity
    rec(SYSTEM, a, kind=ActivityKind.ECONOMY, held_on=D(2024, 4, 1), title="互换劳力", households=26, labour=120_000)
    rec(SYSTEM, a, kind=ActivityKind.GOOD_DEEDS, held_on=D(2024, 5, 1), title="修通组路、清淤堰塘", households=20,
        water=70_000, road_km=Decimal("62.5"), money=1_200_000)  # fmt: skip
    rec(SYSTEM, b, kind=ActivityKind.ECONOMY, held_on=D(2024, 4, 2), title="互换劳力", households=28, labour=92_000)
    rec(SYSTEM, b, kind=ActivityKind.GOOD_DEEDS, held_on=D(2024, 6, 1), title="修路", households=28, water=48_000,
        road_km=Decimal("42.5"), money=800_000)  # fmt: skip
    rec(SYSTEM, b, kind=ActivityKind.CULTURE, held_on=D(2024, 6, 2), title="老曲新唱", households=15)
    whole = queries.network(tree.east)
    assert (whole["unions"], whole["officers"], whole["households"]) == (2, 0, 54)
    t = whole["totals"]
    assert (t.labour, t.water, t.road_km, t.money) == (212_000, 118_000, Decimal("105.00"), 2_000_000)
    assert (rules.wan(t.labour), rules.wan(t.water)) == ("21.2万", "11.8万")
    east1 = queries.network(tree.east1)["totals"]
    assert (east1.labour, east1.water, east1.road_km) == (120_000, 70_000, Decimal("62.50"))
    assert [(label, n, q.labour, q.households) for label, n, q in queries.by_kind(b.activities.all())] == [
        ("经济联合", 1, 92_000, 28), ("治安联防", 0, 0, 0), ("好事联办", 1, 0, 28), ("文化联学", 1, 0, 15)]  # fmt: skip
    may = queries.totals(a.activities.all(), D(2024, 5, 1), D(2024, 5, 31))
    assert (may.labour, may.water, may.money) == (0, 70_000, 1_200_000)


@pytest.mark.parametrize(("extra", "message"), [
    ({"households": 27}, "参与户数（27户）不能多于本会农户（26户）"),
    ({"households": 0}, "请填写参与户数"),
    ({"labour": -1}, "数量不能为负数"),
    ({"road_km": Decimal("1.255")}, "修路公里数最多保留两位小数"),
    ({"labour": 10_000_001}, "数量过大，请核实"),
    ({"road_km": Decimal("1000000")}, "数量过大，请核实"),
    ({"kind": "sports"}, "请选择四联类别：经济联合、治安联防、好事联办、文化联学"),
    ({"title": " "}, "请填写活动内容"),
    ({"held_on": D(2024, 2, 1)}, "活动日期不能早于户联理事会成立日期"),
    ({"held_on": D(2999, 1, 1)}, "活动日期不能晚于今天"),
])  # fmt: skip
def test_bad_activities_refused_and_nothing_written(tree: Any, extra: dict[str, Any], message: str) -> None:
    union = make_union(tree.east1, 26)
    data = {"kind": ActivityKind.SECURITY, "held_on": D(2024, 4, 1), "title": "夜间巡逻", "households": 10, **extra}
    with pytest.raises(DomainError) as info:
        actions.record_activity(SYSTEM, union, **data)
    assert info.value.message == message
    assert Activity.objects.count() == 0


def test_a_union_outside_a_village_or_without_households_is_refused(tree: Any) -> None:
    with pytest.raises(DomainError, match=r"^户联理事会在村内组建，请选择村党组织$"):
        actions.create_union(SYSTEM, tree.east, name="甲", basis=UnionBasis.HAMLET, place="甲", founded_on=FOUNDED,
                             households=register(tree.east1, 25))  # fmt: skip
    with pytest.raises(DomainError, match=r"^请选择加入的农户$"):
        actions.create_union(SYSTEM, tree.east1, name="甲", basis=UnionBasis.HAMLET, place="甲", founded_on=FOUNDED,
                             households=[])  # fmt: skip
    assert _counts() == (0, 0, 0, 0)

"""Setting up a council: chair, 常务理事, posts as 党小组 of the tree; 理事 volunteer and are
confirmed; 组长 elected by member-councillors; the account in fen."""

from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent
from jiceng.councils import actions
from jiceng.councils.models import AccountEntry, Council, Councillor, LeaderElection
from jiceng.organizations.models import Organization
from jiceng.people.models import Post
from jiceng.people.rules import PartyTitle
from jiceng.people.tests.factories import make_person

from .factories import FOUNDED, D, cadre, council, councillor


def test_the_secretary_chairs_and_each_default_post_is_a_party_group(tree: Any) -> None:
    c = council(tree.east1)
    groups = Organization.objects.filter(path__startswith=tree.east1.path, depth=tree.east1.depth + 1)
    assert (c.chair.name, c.executive and c.executive.name) == ("简书记", "王支委")
    assert sorted(groups.values_list("name", "kind")) == sorted([
        ("第一党小组", "party_group"), ("生产关怀党小组", "party_group"), ("生活关怀党小组", "party_group"),
        ("思想关怀党小组", "party_group"), ("文化关怀党小组", "party_group")])  # fmt: skip
    assert list(c.posts.values_list("name", flat=True)) == ["生产关怀", "生活关怀", "思想关怀", "文化关怀"]
    assert AuditEvent.objects.filter(action="create", object_type__icontains="council").exists()


def test_no_secretary_no_council_and_nothing_is_written(tree: Any) -> None:
    before = Organization.objects.count()
    with pytest.raises(DomainError, match="本支部尚未登记现任书记"):
        actions.create_council(SYSTEM, tree.east1, founded_on=FOUNDED)
    assert (Council.objects.count(), Organization.objects.count()) == (0, before)


def test_the_executive_is_a_committee_member_not_the_secretary(tree: Any) -> None:
    secretary = cadre(tree.east1, "简书记")
    outsider = make_person(tree.east1, "普通党员")
    for person in (secretary, outsider):
        with pytest.raises(DomainError, match="常务理事应为本支部现任支委"):
            actions.create_council(SYSTEM, tree.east1, founded_on=FOUNDED, executive=person)
    deputy = cadre(tree.east1, "副书记甲", PartyTitle.DEPUTY_SECRETARY)
    assert actions.create_council(SYSTEM, tree.east1, founded_on=FOUNDED, executive=deputy).executive == deputy


def test_a_council_only_for_a_village_branch_once(tree: Any) -> None:
    council(tree.east1)
    with pytest.raises(DomainError, match="本支部已成立关怀理事会"):
        actions.create_council(SYSTEM, tree.east1, founded_on=FOUNDED)
    with pytest.raises(DomainError, match="请选择村党支部"):
        actions.create_council(SYSTEM, tree.east, founded_on=FOUNDED)


def test_a_post_by_need_with_its_group_and_no_duplicate(tree: Any) -> None:
    c = council(tree.east1)
    post = actions.add_post(SYSTEM, c, "法律关怀")
    assert (post.group.name, post.group.parent()) == ("法律关怀党小组", tree.east1)
    with pytest.raises(DomainError, match="已有“法律关怀”岗位"):
        actions.add_post(SYSTEM, c, "法律关怀")


def test_a_member_cannot_set_up_a_council(tree: Any, personas: dict[str, Any]) -> None:
    cadre(tree.east1, "简书记")
    with pytest.raises(AccessDenied):
        actions.create_council(personas["member"], tree.east1, founded_on=FOUNDED)
    assert Council.objects.count() == 0


def test_anyone_volunteers_and_the_branch_confirms_once(tree: Any) -> None:
    c = council(tree.east1)
    post = c.posts.get(name="文化关怀")
    craftsman = actions.volunteer(SYSTEM, c, post, kind="craftsman", name="李木匠", applied_on=D(2024, 4, 1))
    assert (craftsman.status, craftsman.person, craftsman.is_member) == ("pending", None, False)
    done = actions.confirm(SYSTEM, craftsman, D(2024, 4, 2))
    assert (done.status, done.confirmed_on) == ("confirmed", D(2024, 4, 2))
    with pytest.raises(DomainError, match="该理事已确认"):
        actions.confirm(SYSTEM, craftsman, D(2024, 4, 3))
    with pytest.raises(DomainError, match="确认日期不能早于申报日期"):
        actions.confirm(SYSTEM, councillor(c, "新人", confirmed=False), D(2024, 1, 1))


def test_a_member_without_post_must_be_a_member_of_the_roster(tree: Any) -> None:
    c = council(tree.east1)
    post = c.posts.first()
    assert post is not None
    with pytest.raises(DomainError, match="“无职党员”须从人员名册中选择一名党员"):
        actions.volunteer(SYSTEM, c, post, kind="member_no_post", name="张三", applied_on=D(2024, 4, 1))
    person = make_person(tree.east1, "林和玉")
    actions.volunteer(SYSTEM, c, post, kind="member_no_post", person=person, applied_on=D(2024, 4, 1))
    with pytest.raises(DomainError, match="林和玉已申报本理事会理事"):
        actions.volunteer(SYSTEM, c, post, kind="member_no_post", person=person, applied_on=D(2024, 4, 1))
    stranger = make_person(tree.east2, "外村人")
    with pytest.raises(DomainError, match="所选人员不在本村人员名册中"):
        actions.volunteer(SYSTEM, c, post, kind="retired", person=stranger, applied_on=D(2024, 4, 1))
    assert Councillor.objects.count() == 1


def test_the_member_councillors_elect_the_leader(tree: Any) -> None:
    c = council(tree.east1)
    a, b = councillor(c, "林理事"), councillor(c, "周理事")
    craftsman = councillor(c, "李木匠", member=False)
    post = c.posts.order_by("pk")[0]
    with pytest.raises(DomainError, match="组长应为本岗位已确认的党员理事"):
        actions.elect_leader(SYSTEM, post, craftsman, elected_on=D(2024, 4, 10), voters=2, votes=2)
    with pytest.raises(DomainError, match="得票未超过参加推选人数的半数"):
        actions.elect_leader(SYSTEM, post, a, elected_on=D(2024, 4, 10), voters=2, votes=1)
    election = actions.elect_leader(SYSTEM, post, b, elected_on=D(2024, 4, 10), voters=2, votes=2)
    post.refresh_from_db()
    assert (post.leader, election.electors, LeaderElection.objects.count()) == (b, 2, 1)
    actions.elect_leader(SYSTEM, post, a, elected_on=D(2024, 9, 1), voters=2, votes=2)
    leaders = Post.objects.filter(organization=post.group, title="group_leader").order_by("start_on")
    assert [(p.person.name, p.start_on, p.end_on) for p in leaders] == [
        ("周理事", D(2024, 4, 10), D(2024, 9, 1)), ("林理事", D(2024, 9, 1), None)]  # fmt: skip


def test_the_account_county_grant_once_a_year_and_performances(tree: Any) -> None:
    c = council(tree.east1)
    actions.add_income(SYSTEM, c, kind="county_grant", received_on=D(2024, 1, 5))
    with pytest.raises(DomainError, match="2024年的县拨年度经费已登记"):
        actions.add_income(SYSTEM, c, kind="county_grant", received_on=D(2024, 6, 5))
    actions.add_income(SYSTEM, c, kind="performance", received_on=D(2024, 2, 1), performances=2)
    actions.add_income(SYSTEM, c, kind="county_grant", received_on=D(2025, 1, 5))
    assert AccountEntry.objects.count() == 3
    assert (actions.balance(c), actions.balance(c, D(2024, 12, 31))) == (300_000, 200_000)

"""Recording outflows and keeping them up to date: exact outcomes, refusals write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.mobile import actions, queries
from jiceng.mobile.models import Contact, Keeper, Outflow
from jiceng.mobile.rules import Advice
from jiceng.organizations import actions as org_actions
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

from .factories import TODAY, D, outflow

pytestmark = pytest.mark.django_db


def _row(o: Outflow, on: dt.date) -> queries.Row:
    return queries.rows(Outflow.objects.filter(pk=o.pk), on)[0]


def test_recording_an_outflow_sets_the_persons_mobile_flag_through_people(tree: Any) -> None:
    person = make_person(tree.east1, "王流动")
    o = outflow(person, workplace="东莞某电子厂", contact="13800000001", expected_return_on=D(2024, 12, 31))
    person.refresh_from_db()
    assert (person.is_mobile, person.mobile_destination) == (True, "广东省东莞市")
    assert (o.org_path, o.contact_every_months, o.late) == (tree.east1.path, 3, True)  # entered today, left 2024


def test_a_second_open_outflow_is_refused(tree: Any) -> None:
    person = make_person(tree.east1, "王流动")
    outflow(person)
    with pytest.raises(DomainError, match="已登记外出且尚未返回"):
        outflow(person, destination="浙江省义乌市")
    assert Outflow.objects.count() == 1


def test_a_resident_cannot_be_a_mobile_member(tree: Any) -> None:
    with pytest.raises(DomainError, match="不是党员"):
        outflow(make_person(tree.east1, "李群众", Category.RESIDENT))
    assert Outflow.objects.count() == 0


def test_receiving_organization_in_the_tree_or_outside_not_both(tree: Any) -> None:
    remote = org_actions.create_organization(SYSTEM, parent=tree.east, name="东镇驻东莞流动党员党支部",
                                             kind=OrgKind.REMOTE_BRANCH, check_access=False)  # fmt: skip
    o = outflow(make_person(tree.east1, "甲"), receiving_org=remote)
    assert o.receiving_label == "东镇驻东莞流动党员党支部"
    o2 = outflow(make_person(tree.east1, "乙"), receiving_name="东莞市长安镇党委")
    assert o2.receiving_label == "东莞市长安镇党委"
    with pytest.raises(DomainError, match="二者选一"):
        outflow(make_person(tree.east1, "丙"), receiving_org=remote, receiving_name="东莞市长安镇党委")


def test_six_month_boundary_on_the_record(tree: Any) -> None:
    o = outflow(make_person(tree.east1, "王流动"))
    assert _row(o, D(2024, 9, 1)).advice == Advice.CARD
    assert _row(o, D(2024, 9, 2)).advice == Advice.TRANSFER
    assert _row(o, D(2024, 9, 1)).card_missing
    actions.issue_card(SYSTEM, o, number="DG-2024-017", issued_on=D(2024, 3, 1), valid_until=D(2024, 9, 1),
                       today=TODAY)  # fmt: skip
    row = _row(o, D(2024, 9, 2))
    assert (row.card_missing, row.card_expired, row.advice_label) == (False, True, "在外超过六个月，应转移组织关系")


def test_contact_overdue_a_quarter_after_the_last_contact(tree: Any) -> None:
    o = outflow(make_person(tree.east1, "王流动"))
    assert (_row(o, D(2024, 6, 1)).overdue, _row(o, D(2024, 6, 2)).overdue) == (False, True)
    actions.record_contact(SYSTEM, o, on=D(2024, 5, 10), how="phone", by_name="李书记", today=TODAY)
    row = _row(o, D(2024, 8, 11))
    assert (row.last_contact, row.due, row.overdue, row.status) == (D(2024, 5, 10), D(2024, 8, 10), True,
                                                                    "联系逾期（应于2024-08-10前联系）")  # fmt: skip


def test_lost_contact_then_found_again(tree: Any) -> None:
    o = outflow(make_person(tree.east1, "王流动"))
    actions.record_contact(SYSTEM, o, on=D(2024, 4, 1), how="phone", by_name="李书记", today=TODAY)
    with pytest.raises(DomainError, match="不能早于最近一次联系（2024-04-01）"):
        actions.mark_lost(SYSTEM, o, lost_on=D(2024, 3, 20), today=TODAY)
    actions.mark_lost(SYSTEM, o, lost_on=D(2024, 5, 1), today=TODAY)
    row = _row(o, D(2024, 8, 1))
    assert (row.lost, row.overdue, row.status) == (True, False, "失联（2024-05-01起）")
    assert queries.figures([row]).lost == 1 and queries.figures([row]).overdue == 0
    actions.record_contact(SYSTEM, o, on=D(2024, 6, 10), how="message", by_name="李书记", today=TODAY)
    o.refresh_from_db()
    assert o.lost_on is None


def test_a_contact_before_leaving_is_refused(tree: Any) -> None:
    o = outflow(make_person(tree.east1, "王流动"))
    with pytest.raises(DomainError, match="不能早于外出日期"):
        actions.record_contact(SYSTEM, o, on=D(2024, 2, 1), how="phone", today=TODAY)
    assert Contact.objects.count() == 0


def test_keepers_in_turn_and_the_assessment_count(tree: Any) -> None:
    o = outflow(make_person(tree.east1, "王流动"))
    first, second = make_person(tree.east1, "李书记"), make_person(tree.east1, "赵委员")
    actions.assign_keeper(SYSTEM, o, first, since=D(2024, 3, 5), today=TODAY)
    actions.assign_keeper(SYSTEM, o, second, since=D(2024, 5, 1), today=TODAY)
    turns = list(Keeper.objects.order_by("since").values_list("cadre__name", "since", "until"))
    assert turns == [("李书记", D(2024, 3, 5), D(2024, 5, 1)), ("赵委员", D(2024, 5, 1), None)]
    counts = queries.keeping_counts([first.pk, second.pk], D(2024, 1, 1), D(2024, 12, 31))
    assert counts == {first.pk: 1, second.pk: 1}
    assert queries.keeping_counts([first.pk], D(2024, 6, 1), D(2024, 12, 31)) == {}


def test_return_closes_the_record_and_clears_the_flag(tree: Any) -> None:
    person = make_person(tree.east1, "王流动")
    o = outflow(person)
    actions.assign_keeper(SYSTEM, o, make_person(tree.east1, "李书记"), since=D(2024, 3, 5), today=TODAY)
    actions.record_return(SYSTEM, o, returned_on=D(2024, 6, 1), today=TODAY)
    person.refresh_from_db()
    assert (person.is_mobile, person.mobile_destination) == (False, "")
    assert Keeper.objects.get().until == D(2024, 6, 1)
    with pytest.raises(DomainError, match="已返回"):
        actions.record_contact(SYSTEM, o, on=D(2024, 6, 2), how="phone", today=TODAY)
    outflow(person, left_on=D(2024, 6, 10))  # may go away again
    assert Person.objects.get(pk=person.pk).is_mobile


def test_figures_by_destination(tree: Any) -> None:
    for name, dest in (("甲", "广东省东莞市"), ("乙", "广东省东莞市"), ("丙", "浙江省义乌市")):
        outflow(make_person(tree.east1, name), destination=dest)
    outflow(make_person(tree.west1, "丁"), destination="浙江省义乌市")
    found = queries.rows(queries.open_outflows(tree.east), D(2024, 6, 2))
    f = queries.figures(found)
    assert (f.total, f.by_destination, f.overdue, f.card_missing) == (
        3, [("广东省东莞市", 2), ("浙江省义乌市", 1)], 3, 3)  # fmt: skip

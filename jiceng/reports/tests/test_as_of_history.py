"""Statistics as of a past date: each person in the organization and the category of that day
(issue 13.4): dated transfers and the development pipeline's dated steps."""

import datetime as dt

import pytest

from jiceng.development import actions as dev_actions
from jiceng.people import actions
from jiceng.people.rules import Category, TransferReason
from jiceng.people.tests.factories import make_person
from jiceng.reports.live import compute_org_stats_live
from jiceng.reports.stats import org_stats

pytestmark = pytest.mark.django_db
D = dt.date
YEAR_END = D(2024, 12, 31)


@pytest.fixture
def history(tree, system):
    """王明 (正式党员) moves from 东一村 to 西一村 on 2025-03-01; 李青 applies in 东二村 in 2024
    and becomes an activist on 2025-02-10."""
    wang = make_person(tree.east1, "王明")
    actions.transfer_person(system, wang, tree.west1, on=D(2025, 3, 1), reason=TransferReason.OUT)
    contact = make_person(tree.east2, "老党员")
    li = make_person(tree.east2, "李青", Category.RESIDENT, birth=D(1998, 4, 1))
    file = dev_actions.open_file(system, li, D(2024, 5, 10))
    dev_actions.move(system, file, "talked", on=D(2024, 5, 20), note="谈话")
    dev_actions.move(system, file, "activist", on=D(2025, 2, 10), contacts=[contact.pk])
    return {"wang": wang, "li": li}


def test_as_of_2024_year_end_the_transferred_member_counts_in_the_old_branch_and_the_activist_as_applicant(
    tree, history
):
    east, west = org_stats(tree.east, YEAR_END), org_stats(tree.west, YEAR_END)
    assert east["people"] == {"full": 2, "probationary": 0, "candidate": 0, "activist": 0, "applicant": 1,
                              "resident": 0}  # fmt: skip
    assert west["people"]["full"] == 0 and west["members"]["total"] == 0
    assert org_stats(tree.east1, YEAR_END)["people"]["full"] == 1


def test_today_the_member_counts_in_the_new_branch_and_the_activist_as_activist(tree, history):
    today = dt.date.today()
    east, west = org_stats(tree.east, today), org_stats(tree.west, today)
    assert east["people"] == {"full": 1, "probationary": 0, "candidate": 0, "activist": 1, "applicant": 0,
                              "resident": 0}  # fmt: skip
    assert west["people"]["full"] == 1


def test_between_the_steps_and_before_the_application(tree, history):
    assert org_stats(tree.east, D(2025, 2, 10))["people"]["activist"] == 1
    before = org_stats(tree.east, D(2024, 5, 9))["people"]
    # Before applying 李青 was what she was first entered as: 群众.
    assert (before["applicant"], before["resident"]) == (0, 1)


def test_a_second_transfer_follows_the_chain(tree, history, system):
    actions.transfer_person(system, history["wang"], tree.east2, on=D(2025, 9, 1), reason=TransferReason.RETURN)
    assert [org_stats(o, D(2025, 6, 1))["people"]["full"] for o in (tree.east1, tree.west1, tree.east2)] == [0, 1, 1]
    assert [org_stats(o, YEAR_END)["people"]["full"] for o in (tree.east1, tree.west1, tree.east2)] == [1, 0, 1]


def test_a_backdated_transfer_drops_the_cached_figures_of_both_ends(tree, system):
    zhao = make_person(tree.east2, "赵六")
    assert org_stats(tree.west, YEAR_END)["people"]["full"] == 0
    actions.transfer_person(system, zhao, tree.west1, on=D(2024, 6, 1), reason=TransferReason.MOBILE)
    assert org_stats(tree.west, YEAR_END)["people"]["full"] == 1
    assert org_stats(tree.east, YEAR_END) == compute_org_stats_live(tree.east, YEAR_END)
    assert org_stats(tree.east, YEAR_END)["people"]["full"] == 0

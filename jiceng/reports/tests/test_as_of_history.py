"""Statistics as of a past date: each person in the organization and the category of that day
(issue 13.4): dated transfers and the development pipeline's dated steps."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiceng.development import actions as dev_actions
from jiceng.people import actions
from jiceng.people.models import Person
from jiceng.people.rules import MEMBER_CATEGORIES, Category, TransferReason, category_on
from jiceng.people.tests.factories import make_person
from jiceng.reports.live import PEOPLE_KEYS, compute_org_stats_live
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


# -- the SQL against a plain Python reading of the same rows (the rules in live.py's docstrings)


def reference_counts(org, as_of: dt.date) -> dict[str, int]:
    counts = dict.fromkeys(PEOPLE_KEYS.values(), 0)
    for person in Person.objects.filter(birth_date__lte=as_of):
        later = sorted((t for t in person.transfers.all() if t.on > as_of), key=lambda t: (t.on, t.pk))
        path = later[0].from_org.path if later else person.org_path
        if not path.startswith(org.path):
            continue
        changes = list(person.category_changes.all())
        by_dates = category_on(person.category, person.joined_on, person.confirmed_on, as_of) or person.category
        if not any(c.since > as_of for c in changes):
            cat = by_dates
        elif before := [c for c in changes if c.since <= as_of]:
            cat = max(before, key=lambda c: (c.since, c.pk)).category
        else:
            first = min(changes, key=lambda c: c.pk).category
            cat = first if first not in MEMBER_CATEGORIES else by_dates
        counts[PEOPLE_KEYS[Category(cat)]] += 1
    return counts


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["transfer", "category"]),
        st.integers(0, 1000),
        st.dates(min_value=D(2015, 1, 1), max_value=D(2026, 11, 30)),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, as_of=st.dates(min_value=D(2014, 1, 1), max_value=D(2026, 12, 1)))
def test_as_of_counts_equal_a_plain_reading_of_transfers_and_category_history(tree, system, steps, as_of):
    Person.objects.all().delete()
    orgs = [tree.east1, tree.east2, tree.west1, tree.group]
    make_person(tree.east1, "甲", Category.RESIDENT, birth=D(1990, 1, 1))
    make_person(tree.west1, "乙", Category.APPLICANT, birth=D(1985, 6, 1))
    make_person(tree.east2, "丙", birth=D(1970, 1, 1), joined_on=D(2016, 7, 1), confirmed_on=D(2017, 7, 1))
    for op, n, day in steps:
        person = list(Person.objects.order_by("pk"))[n % 3]
        if op == "transfer":
            org = orgs[n % len(orgs)]
            if org == person.organization:
                continue
            last = person.transfers.order_by("-on").values_list("on", flat=True).first()
            actions.transfer_person(system, person, org, on=max(day, last or day), reason=TransferReason.OUT)
        elif person.category not in MEMBER_CATEGORIES:
            category = [Category.RESIDENT, Category.APPLICANT, Category.ACTIVIST, Category.CANDIDATE][n % 4]
            if category != person.category:
                actions.update_person(system, person, category=category, changed_on=day, via="pipeline")
    for org in (tree.county, tree.east, tree.west, tree.east1, tree.west1):
        assert compute_org_stats_live(org, as_of)["people"] == reference_counts(org, as_of), org.name

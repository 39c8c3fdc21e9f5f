"""The statistics contract on a hand-made dataset, and the exact cache."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiceng.core.models import AuditEvent
from jiceng.organizations import actions as org_actions
from jiceng.people import actions
from jiceng.people.models import Person
from jiceng.people.rules import Category, CommitteeTitle, Education, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person
from jiceng.reports import stats
from jiceng.reports.live import compute_org_stats_live
from jiceng.reports.models import StatsSnapshot
from jiceng.reports.stats import org_stats

AS_OF = dt.date(2026, 11, 23)
EDU_ZERO = {
    "研究生": 0,
    "大学本科": 0,
    "大学专科": 0,
    "中专": 0,
    "高中": 0,
    "初中": 0,
    "小学": 0,
    "未上学": 0,
    "未知": 0,
}


@pytest.fixture
def dataset(tree, system):
    zhang = make_person(tree.east1, "张三", birth=dt.date(1970, 5, 17), education=Education.JUNIOR_HIGH)
    actions.add_post(system, zhang, body=PostBody.PARTY, title=PartyTitle.SECRETARY)
    actions.add_post(system, zhang, body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR)
    make_person(
        tree.east1,
        "李芳",
        Category.PROBATIONARY,
        birth=dt.date(1990, 3, 1),
        male=False,
        joined_on=dt.date(2026, 6, 1),
        ethnicity="苗族",
        education=Education.BACHELOR,
    )
    make_person(tree.east2, "王五", Category.ACTIVIST)
    zhao = make_person(
        tree.east2, "赵六", birth=dt.date(1980, 12, 1), joined_on=dt.date(2010, 1, 1), confirmed_on=dt.date(2011, 1, 1)
    )
    actions.add_post(system, zhao, body=PostBody.PARTY, title=PartyTitle.SECRETARY, start_on=dt.date(2021, 1, 1))
    make_person(tree.group, "钱七", Category.RESIDENT)
    make_person(tree.west1, "孙八")
    return {"zhang": zhang, "zhao": zhao}


def test_township_statistics_match_the_hand_count(tree, dataset):
    assert org_stats(tree.east, AS_OF) == {
        "org": {"id": tree.east.pk, "path": "测试县委/东镇党委"},
        "as_of": "2026-11-23",
        "people": {"full": 2, "probationary": 1, "candidate": 0, "activist": 1, "applicant": 0, "resident": 1},
        "members": {
            "total": 3,
            "female": 1,
            "minority": 1,
            "age": {"36": 1, "45": 1, "56": 1},
            "education": {**EDU_ZERO, "初中": 1, "大学本科": 1, "未知": 1},
        },
        "cadres": {
            "total": 2,
            "dual_post": 1,
            "age": {"45": 1, "56": 1},
            "education": {**EDU_ZERO, "初中": 1, "未知": 1},
        },
    }


def test_as_of_before_joining_counts_the_earlier_stage(tree, dataset):
    stats = org_stats(tree.east, dt.date(2026, 5, 1))
    assert stats["people"]["probationary"] == 0 and stats["people"]["candidate"] == 1
    assert stats["members"]["total"] == 2
    # 赵六's post starts in 2021: in 2020 only 张三 (no start date) is a cadre.
    assert org_stats(tree.east, dt.date(2020, 6, 1))["cadres"]["total"] == 1


def test_county_includes_both_townships(tree, dataset):
    assert org_stats(tree.county, AS_OF)["people"]["full"] == 3


def test_snapshot_is_reused_and_invalidated_by_writes_in_the_subtree(tree, dataset, monkeypatch):
    # The snapshot is taken an hour later than the dataset's audit events (beyond the grace window).
    later = timezone.now() + dt.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    first = org_stats(tree.east, AS_OF)
    monkeypatch.undo()
    assert StatsSnapshot.objects.filter(organization=tree.east, as_of=AS_OF).count() == 1
    calls = spy_on_computations(monkeypatch)
    # Nothing written since: the whole snapshot is returned.
    assert org_stats(tree.east, AS_OF) == first
    assert calls == []
    # A write in another township: the people figures are reused, the cadres recomputed.
    make_person(tree.west1, "周九")
    assert org_stats(tree.east, AS_OF) == first
    assert calls == ["cadre_stats"]
    # A write inside: everything is recomputed.
    make_person(tree.east2, "吴十", Category.APPLICANT)
    assert org_stats(tree.east, AS_OF)["people"]["applicant"] == 1
    assert calls == ["cadre_stats", "people_stats", "cadre_stats"]


def test_transfer_invalidates_both_ends(tree, dataset, system):
    org_stats(tree.east, AS_OF), org_stats(tree.west, AS_OF)
    actions.transfer_person(system, dataset["zhao"], tree.west1, on=dt.date(2026, 11, 1), reason="out")
    assert org_stats(tree.east, AS_OF)["people"]["full"] == 1
    assert org_stats(tree.west, AS_OF)["people"]["full"] == 2


def test_an_undated_change_of_organization_is_a_transfer_of_today(tree, dataset, system):
    actions.update_person(system, dataset["zhao"], organization=tree.west1)
    (transfer,) = dataset["zhao"].transfers.all()
    assert (transfer.from_org, transfer.to_org, transfer.on) == (tree.east2, tree.west1, timezone.localdate())
    assert org_stats(tree.east, AS_OF)["people"]["full"] == 2  # still in 东二村 on AS_OF


def test_move_invalidates_old_and_new_parent(tree, dataset, system):
    org_stats(tree.east, AS_OF), org_stats(tree.west, AS_OF)
    org_actions.move_organization(system, tree.east2, tree.west)
    assert org_stats(tree.east, AS_OF) == compute_org_stats_live(tree.east, AS_OF)
    assert org_stats(tree.west, AS_OF) == compute_org_stats_live(tree.west, AS_OF)
    assert org_stats(tree.west, AS_OF)["people"]["activist"] == 1


def test_ending_a_post_invalidates(tree, dataset, system):
    org_stats(tree.east, AS_OF)
    post = dataset["zhang"].posts.get(body=PostBody.VILLAGE_COMMITTEE)
    actions.end_post(system, post, dt.date(2026, 1, 1))
    assert org_stats(tree.east, AS_OF)["cadres"]["dual_post"] == 0


OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "category", "transfer", "post", "delete"]),
        st.integers(min_value=0, max_value=10_000),
        st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2026, 11, 1)),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS, as_of=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)))
def test_cache_always_equals_live(tree, system, ops, as_of):
    orgs = [tree.east1, tree.east2, tree.west1, tree.group]
    for op, n, day in ops:
        people = list(Person.objects.order_by("pk"))
        org = orgs[n % len(orgs)]
        if op == "add" or not people:
            birth = dt.date(1940 + n % 60, 1 + n % 12, 1 + n % 28)
            category = [c for c, _ in Category.choices][n % 6]
            extra = {"joined_on": birth.replace(year=birth.year + 20)} if category in ("full", "probationary") else {}
            if category == "full":
                extra["confirmed_on"] = birth.replace(year=birth.year + 21)
            make_person(org, "测试", category, birth=birth, male=n % 2 == 0, **extra)
            continue
        person = people[n % len(people)]
        if op == "category":
            actions.update_person(system, person, category=Category.RESIDENT, via="roster")
        elif op == "transfer" and n % 2 and org != person.organization:  # a backdated transfer, in order
            last = person.transfers.order_by("-on").values_list("on", flat=True).first()
            on = max(day, person.birth_date, last or day)
            actions.transfer_person(system, person, org, on=on, reason="out")
        elif op == "transfer":  # an undated change of organization: a transfer of today
            actions.update_person(system, person, organization=org)
        elif op == "post":  # a party post starts neither before birth nor before joining
            start = max(day, person.birth_date, person.joined_on or day)
            actions.add_post(
                system, person, body=PostBody.PARTY, title=PartyTitle.SECRETARY, organization=org, start_on=start
            )
        else:
            actions.delete_person(system, person)
        for target in (tree.county, tree.east, tree.west):
            assert org_stats(target, as_of) == compute_org_stats_live(target, as_of)


def _cached_later(monkeypatch, tree):
    """Snapshots of the county taken an hour after the dataset (beyond the grace window), and a
    spy on what is recomputed from then on."""
    later = timezone.now() + dt.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    first = org_stats(tree.county, AS_OF)
    monkeypatch.undo()
    return first, spy_on_computations(monkeypatch)


def spy_on_computations(monkeypatch) -> list[str]:
    """The names of the live computations run from now on, in order."""
    calls: list[str] = []

    def spy(name, real):
        def wrapper(*args):
            calls.append(name)
            return real(*args)

        return wrapper

    for name in ("people_stats", "cadre_stats"):
        monkeypatch.setattr(stats, name, spy(name, getattr(stats, name)))
    return calls


def test_records_that_do_not_feed_the_statistics_keep_the_cache(tree, dataset, system, monkeypatch):
    from jiceng.core import audit

    first, calls = _cached_later(monkeypatch, tree)
    # A ledger item, a meeting, a reserve cadre, a roster export: audited in the subtree, not counted.
    AuditEvent.objects.create(action="create", object_type="ledgers.item", object_id="1", org_id=tree.east1.pk)
    AuditEvent.objects.create(action="create", object_type="meetings.meeting", object_id="1", org_id=tree.east1.pk)
    actions.add_reserve_cadre(system, dataset["zhang"], since=dt.date(2026, 1, 1))
    audit.record(system, "export", tree.east, org=tree.east, changes={"完整身份证号": True})
    assert org_stats(tree.county, AS_OF) == first
    assert calls == []


@pytest.mark.parametrize("write", ["post", "end_post", "category", "organization", "person"])
def test_records_that_feed_the_statistics_drop_the_cache(tree, dataset, system, monkeypatch, write):
    first, calls = _cached_later(monkeypatch, tree)
    zhao = dataset["zhao"]
    if write == "post":
        actions.add_post(system, zhao, body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR)
    elif write == "end_post":
        actions.end_post(system, zhao.posts.get(), dt.date(2026, 11, 1))
    elif write == "category":
        actions.update_person(system, zhao, category=Category.RESIDENT, changed_on=dt.date(2026, 11, 1), via="roster")
    elif write == "organization":
        org_actions.update_organization(system, tree.east2, village_name="东二村新址")
    else:
        make_person(tree.east2, "吴十", Category.APPLICANT)
    fresh = org_stats(tree.county, AS_OF)
    assert fresh == compute_org_stats_live(tree.county, AS_OF)
    assert calls == ["people_stats", "cadre_stats"]  # a write in the subtree: all recomputed
    assert (fresh != first) == (write != "organization")

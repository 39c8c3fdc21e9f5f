"""Category and post changes carry the day they happened, keep the day they were entered, and the
person page shows the gap when they were entered late (DOMAIN.md: late entry allowed, shown)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent
from jiceng.people import actions
from jiceng.people.models import CategoryChange, Person, Post
from jiceng.people.rules import Category, CommitteeTitle, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

LATER = timezone.localdate() + dt.timedelta(days=2)  # after today even if the run crosses midnight


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_category_change_takes_the_day_it_happened(tree, personas):
    person = make_person(tree.east1, "刘洋", Category.APPLICANT, birth=dt.date(1995, 4, 1))
    actions.update_person(personas["village_secretary"], person, category=Category.ACTIVIST,
                          changed_on=dt.date(2026, 3, 1), via="roster")  # fmt: skip
    change = CategoryChange.objects.filter(person=person).latest("id")
    assert (change.category, change.since, timezone.localdate(change.recorded_at)) == ("activist", dt.date(2026, 3, 1),
                                                                                       timezone.localdate())  # fmt: skip
    assert change.gap_days == (timezone.localdate() - dt.date(2026, 3, 1)).days
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {"category": ["applicant", "activist"], "category_since": [None, "2026-03-01"]}


def test_the_default_dates_of_a_category_change(tree, personas):
    officer = personas["township_officer"]
    person = make_person(tree.east1, "陈静", Category.PROBATIONARY, joined_on=dt.date(2025, 6, 1))
    actions.update_person(officer, person, category=Category.FULL, confirmed_on=dt.date(2026, 6, 1), via="roster")
    other = make_person(tree.east1, "黄磊", Category.ACTIVIST)
    actions.update_person(officer, other, category=Category.RESIDENT, via="roster")
    assert CategoryChange.objects.filter(person=person).latest("id").since == dt.date(2026, 6, 1)  # 转正日期
    assert CategoryChange.objects.filter(person=other).latest("id").since == timezone.localdate()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": Category.ACTIVIST, "changed_on": LATER}, "类别变动日期不能晚于今天"),
        ({"category": Category.ACTIVIST, "changed_on": dt.date(1994, 1, 1)}, "类别变动日期不能早于出生日期"),
        ({"category": Category.PROBATIONARY, "joined_on": dt.date(2020, 7, 1), "changed_on": dt.date(2020, 6, 1)},
         "类别变动日期不能早于入党日期"),
    ],
)  # fmt: skip
def test_impossible_category_dates_are_refused_and_nothing_changes(tree, personas, changes, message):
    person = make_person(tree.east1, "刘洋", Category.APPLICANT, birth=dt.date(1995, 4, 1))
    with pytest.raises(DomainError, match=message):
        actions.update_person(personas["village_secretary"], person, via="roster", **changes)
    stored = Person.objects.get(pk=person.pk)
    assert (stored.category, CategoryChange.objects.filter(person=person).count()) == ("applicant", 1)
    assert not AuditEvent.objects.filter(action="update").exists()


@pytest.mark.parametrize(
    ("body", "title", "start_on", "message"),
    [
        (PostBody.PARTY, PartyTitle.MEMBER, LATER, "任职日期不能晚于今天"),
        (PostBody.VILLAGE_COMMITTEE, CommitteeTitle.MEMBER, dt.date(1969, 1, 1), "任职日期不能早于出生日期"),
        (PostBody.PARTY, PartyTitle.SECRETARY, dt.date(2000, 1, 1), "任职日期不能早于入党日期"),
    ],
)
def test_impossible_post_dates_are_refused(tree, personas, body, title, start_on, message):
    person = make_person(tree.east1, birth=dt.date(1970, 5, 17), joined_on=dt.date(2000, 7, 1))
    with pytest.raises(DomainError, match=message):
        actions.add_post(personas["township_officer"], person, body=body, title=title, start_on=start_on)
    assert not Post.objects.exists()


def test_a_committee_post_may_start_before_joining_the_party(tree, personas):
    person = make_person(tree.east1, joined_on=dt.date(2020, 7, 1), confirmed_on=dt.date(2021, 7, 1))
    post = actions.add_post(personas["township_officer"], person, body=PostBody.VILLAGE_COMMITTEE,
                            title=CommitteeTitle.DIRECTOR, start_on=dt.date(2018, 1, 1))  # fmt: skip
    assert post.start_on == dt.date(2018, 1, 1)


def test_a_post_ends_on_the_day_it_happened_and_keeps_its_entry_time(tree, personas):
    officer = personas["township_officer"]
    person = make_person(tree.east1)
    post = actions.add_post(officer, person, body=PostBody.PARTY, title=PartyTitle.SECRETARY,
                            start_on=dt.date(2021, 1, 15))  # fmt: skip
    with pytest.raises(DomainError, match="离任日期不能晚于今天"):
        actions.end_post(officer, post, LATER)
    assert Post.objects.get(pk=post.pk).end_on is None
    actions.end_post(officer, post, dt.date(2026, 6, 1))
    stored = Post.objects.get(pk=post.pk)
    assert (stored.end_on, timezone.localdate(stored.end_recorded_at)) == (dt.date(2026, 6, 1), timezone.localdate())
    assert stored.end_gap_days == (timezone.localdate() - dt.date(2026, 6, 1)).days


def test_the_person_page_shows_late_entries(tree, personas):
    officer = personas["township_officer"]
    person = make_person(tree.east1, "周芳", Category.APPLICANT, male=False)
    actions.update_person(officer, person, category=Category.ACTIVIST, changed_on=timezone.localdate() - dt.timedelta(days=40),
                          via="pipeline")  # fmt: skip
    post = actions.add_post(officer, person, body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.MEMBER,
                            start_on=timezone.localdate() - dt.timedelta(days=10))  # fmt: skip
    actions.end_post(officer, post, timezone.localdate() - dt.timedelta(days=3))
    page = client_for(officer).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f"（{timezone.localdate():%Y-%m-%d} 录入，晚 40 天补录）" in page
    assert f"任职 {timezone.localdate():%Y-%m-%d} 录入，晚 10 天补录" in page
    assert f"离任 {timezone.localdate():%Y-%m-%d} 录入，晚 3 天补录" in page
    assert page.count("补录") == 3  # the history row entered with the person on the day is not late
    # The post's events appear in the person's 操作记录, in words
    assert f"修改：离任日期：空 → {timezone.localdate() - dt.timedelta(days=3):%Y-%m-%d}</li>" in page
    (created,) = re.findall(r"新建：任职[^<]*</li>", page)  # the fields' order is the database's (jsonb sorts keys)
    assert set(created.removeprefix("新建：").removesuffix("</li>").split("；")) == {
        "任职机构：村民委员会", "职务：委员", "任职方式：选举", f"任职日期：{timezone.localdate() - dt.timedelta(days=10):%Y-%m-%d}"}  # fmt: skip


def test_the_edit_form_does_not_change_the_category(tree, personas):
    """Issue 13.1: a category changes only through the development pipeline (or the roster)."""
    person = make_person(tree.east1, "刘洋", Category.APPLICANT, birth=dt.date(1995, 4, 1))
    client = client_for(personas["village_secretary"])
    page = client.get(reverse("people:edit", args=[person.pk])).content.decode()
    assert re.search(r'<select name="category"[^>]*disabled', page)
    assert "人员类别通过发展党员流程变动；历史数据通过花名册导入" in page
    data = {"name": "刘洋", "category": "full", "organization": tree.east1.pk, "phone": "13800000001"}
    assert client.post(reverse("people:edit", args=[person.pk]), data).status_code == 302
    stored = Person.objects.get(pk=person.pk)
    assert (stored.category, stored.phone) == ("applicant", "13800000001")
    assert not CategoryChange.objects.filter(person=person).exclude(category="applicant").exists()


def test_a_category_change_outside_the_pipeline_is_refused(tree, personas):
    person = make_person(tree.east1, "刘洋", Category.APPLICANT, birth=dt.date(1995, 4, 1))
    with pytest.raises(DomainError) as refused:
        actions.update_person(personas["township_officer"], person, category=Category.FULL,
                              joined_on=dt.date(2024, 1, 1), confirmed_on=dt.date(2025, 1, 1))  # fmt: skip
    assert refused.value.message == actions.CATEGORY_ONLY_VIA
    assert Person.objects.get(pk=person.pk).category == "applicant"

"""Issue 10.9: 村务监督委员会 posts, the 第一书记 beside the secretary, a post's term and end
reason, and "as of" statistics that count nobody born after the date."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiceng.people import roster
from jiceng.people.forms import PostForm
from jiceng.people.models import Person, Post
from jiceng.people.rules import AppointmentMode, Category
from jiceng.people.tests.factories import make_person
from jiceng.reports.live import compute_org_stats_live

from .test_roster import person_row, workbook


def _title_choices() -> list[tuple[str, str]]:
    field = PostForm().fields["title"]
    assert isinstance(field, forms.ChoiceField)
    return list(field.choices)  # type: ignore[arg-type]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_supervisory_committee_director_is_entered_on_the_person_page_and_can_be_found(personas, tree):
    """Fails before the fix: the post form offered only party and village committee posts."""
    person = make_person(tree.east1, "监主任")
    assert ("supervisory:director", "监委会主任") in _title_choices()
    _client(personas["township_officer"]).post(
        reverse("people:post_add", args=[person.pk]),
        {"title": "supervisory:director", "appointment_mode": "elected", "start_on": "2021-05-01", "term": "第十届"},
    )
    (post,) = Post.objects.supervisory_directors().current_on(timezone.localdate())
    assert (post.person, post.organization, post.body, post.title_label, post.term) == (
        person, tree.east1, "supervisory", "主任", "第十届")  # fmt: skip


@pytest.mark.django_db
def test_the_roster_reads_and_writes_the_supervisory_committee_column():
    plan = roster.import_roster(workbook(people=[person_row(村委会职务="", 监委会职务="主任")]))
    assert plan.ok
    assert [(p.body, p.title) for p in Post.objects.order_by("body")] == [
        ("party", "secretary"), ("supervisory", "director")]  # fmt: skip
    sheet = load_workbook(io.BytesIO(roster.export_bytes(Post.objects.get(body="party").organization)))["人员"]
    header, row = (list(r) for r in sheet.iter_rows(values_only=True))
    assert row[header.index("监委会职务")] == "主任" and row[header.index("村委会职务")] is None


def test_the_first_secretary_is_a_post_beside_the_secretary(personas, tree, system):
    """Fails before the fix: 第一书记 was a way (任职方式) of being the 书记."""
    assert "first_secretary" not in AppointmentMode.values
    assert ("party:first_secretary", "党组织第一书记") in _title_choices()
    secretary, sent = make_person(tree.east1, "书记甲"), make_person(tree.east1, "第一书记乙")
    _client(personas["township_officer"]).post(
        reverse("people:post_add", args=[secretary.pk]), {"title": "party:secretary", "appointment_mode": "elected"}
    )
    _client(personas["township_officer"]).post(
        reverse("people:post_add", args=[sent.pk]), {"title": "party:first_secretary", "appointment_mode": "selected"}
    )
    assert [(p.person.name, p.title_label) for p in Post.objects.order_by("pk")] == [
        ("书记甲", "书记"), ("第一书记乙", "第一书记")]  # fmt: skip
    assert compute_org_stats_live(tree.east, timezone.localdate())["cadres"]["total"] == 1  # only the 书记


def test_the_old_first_secretary_mode_becomes_the_post(tree):
    from importlib import import_module

    person = make_person(tree.east1, "第一书记丙")
    Post.objects.create(person=person, organization=tree.east1, body="party", title="secretary",
                        appointment_mode="first_secretary")  # fmt: skip
    import_module("jiceng.people.migrations.0009_first_secretary_is_a_post").first_secretary_is_a_post(apps, None)
    assert Post.objects.values_list("title", "appointment_mode").get() == ("first_secretary", "selected")


def test_a_post_ends_with_its_reason(personas, tree):
    person = make_person(tree.east1, "主任丁")
    client = _client(personas["township_officer"])
    client.post(reverse("people:post_add", args=[person.pk]),
                {"title": "village_committee:director", "appointment_mode": "elected", "start_on": "2021-05-01",
                 "term": "第十一届"})  # fmt: skip
    post = Post.objects.get()
    client.post(reverse("people:post_end", args=[post.pk]), {"end_on": "2024-06-30", "reason": "recalled"})
    post.refresh_from_db()
    assert (post.end_on, post.end_reason, post.get_end_reason_display()) == (dt.date(2024, 6, 30), "recalled", "罢免")
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert '<span class="post-end-reason">罢免</span>' in page and '<span class="post-term">第十一届</span>' in page


def test_as_of_statistics_count_nobody_born_after_the_date(tree):
    """Fails before the fix: a child born in 2011 was counted in the figures as of 2010."""
    make_person(tree.east1, "小明", Category.RESIDENT, birth=dt.date(2011, 5, 1))
    make_person(tree.east1, "老王", Category.RESIDENT, birth=dt.date(1950, 5, 1))
    before = compute_org_stats_live(tree.east, dt.date(2010, 12, 31))["people"]["resident"]
    after = compute_org_stats_live(tree.east, dt.date(2011, 5, 1))["people"]["resident"]
    assert (before, after) == (1, 2)
    assert Person.objects.count() == 2

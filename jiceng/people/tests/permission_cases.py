"""Permission cases for the people pages (see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.people import actions
from jiceng.people.models import ImportJob, ImportStatus, Person, Post, ReserveCadre
from jiceng.people.rules import Category, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

OFFICERS = {"county_officer", "township_officer", "other_township_officer"}
EDITORS_ANYWHERE = {"county_officer", "township_officer", "village_secretary", "other_township_officer"}


def person(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": make_person(f.tree.east1, "张三").pk}, **extra}


def post(f: Fixtures) -> dict[str, Any]:
    holder = make_person(f.tree.east1, "李四")
    made = actions.add_post(
        f.personas["county_officer"],
        holder,
        body=PostBody.PARTY,
        title=PartyTitle.SECRETARY,
        start_on=dt.date(2021, 1, 1),
    )
    return {"kwargs": {"pk": made.pk}, "data": {"end_on": "2026-06-01"}}


def job(f: Fixtures, with_errors: bool = False) -> dict[str, Any]:
    made = ImportJob.objects.create(
        uploaded_by=f.personas["township_officer"],
        organization=f.tree.east,
        file=ContentFile(b"x", name="r.xlsx"),
        filename="r.xlsx",
        status="failed",
        finished_at=timezone.now(),  # the error workbook is kept ERROR_FILE_DAYS after this
    )
    if with_errors:
        made.error_file.save("e.xlsx", ContentFile(b"errors"))
    return {"kwargs": {"pk": made.pk}}


def edited(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    person = Person.objects.get(pk=prepared["kwargs"]["pk"])
    assert (person.name, person.category, person.name_initials) == ("张三丰", "resident", "zsf")


def post_added(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    (made,) = Post.objects.filter(person_id=prepared["kwargs"]["pk"])
    assert (made.body, made.title, made.appointment_mode, made.end_on) == ("party", "member", "elected", None)


def reserve_added(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    (entry,) = ReserveCadre.objects.filter(person_id=prepared["kwargs"]["pk"])
    assert (entry.since, entry.intended_post, entry.organization_id) == (dt.date(2026, 1, 1), "书记", f.tree.east1.pk)


def post_ended(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    ended = Post.objects.get(pk=prepared["kwargs"]["pk"])
    assert ended.end_on == dt.date(2026, 6, 1) and ended.end_recorded_at is not None


def upload(f: Fixtures) -> dict[str, Any]:
    from jiceng.people.tests.test_roster import person_row, workbook

    row = person_row(所在党组织="测试县委/东镇党委/东一村党支部", 党内职务="", 村委会职务="")
    data = workbook(orgs=[], people=[row]).getvalue()
    return {"data": {"file": SimpleUploadedFile("花名册.xlsx", data)}}


def imported(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    (job,) = ImportJob.objects.all()
    if persona == "other_township_officer":  # may upload, but only for their own township
        assert job.status == ImportStatus.FAILED and "不在您的管辖范围内" in job.problems[0]
        assert not Person.objects.exists()
        return
    assert (job.status, job.counts["people_created"]) == (ImportStatus.DONE, 1)
    assert Person.objects.get().organization_id == f.tree.east1.pk


CASES = [
    # Lists are always filtered to the user's subtree, so everyone may open them.
    UrlCase("people:list", allowed=EVERYONE),
    UrlCase("people:export", allowed=EVERYONE),
    UrlCase("people:cadres", allowed=EVERYONE),
    UrlCase("people:create", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase("people:detail", allowed=EAST1_SCOPE, setup=person),
    UrlCase("people:edit", allowed=EAST1_EDITORS, setup=person),
    UrlCase(
        "people:edit",
        method="post",
        allowed=EAST1_EDITORS,
        note="save",
        setup=lambda f: {
            "kwargs": {"pk": make_person(f.tree.east1, "张三", Category.RESIDENT).pk},
            "data": {"name": "张三丰", "organization": f.tree.east1.pk},
        },
        expect=edited,
    ),
    UrlCase(
        "people:post_add",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: person(f, data={"title": "party:member", "appointment_mode": "elected"}),
        expect=post_added,
    ),
    UrlCase(
        "people:reserve_add",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: person(f, data={"since": "2026-01-01", "intended_post": "书记"}),
        expect=reserve_added,
    ),
    UrlCase("people:post_end", method="post", allowed=EAST1_EDITORS, setup=post, expect=post_ended),
    UrlCase("people:roster_import", allowed=OFFICERS, outside_scope=()),
    UrlCase(
        "people:roster_import",
        method="post",
        allowed=OFFICERS,
        outside_scope=(),
        note="upload",
        setup=upload,
        expect=imported,
    ),
    UrlCase("people:roster_template", allowed=EVERYONE),
    UrlCase("people:roster_job", allowed=EAST_OFFICERS, setup=job),
    UrlCase("people:roster_job_errors", allowed=EAST_OFFICERS, setup=lambda f: job(f, with_errors=True)),
    UrlCase("people:roster_export", allowed=EAST_OFFICERS, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
]

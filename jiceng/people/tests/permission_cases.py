"""Permission cases for the people pages (see jiceng/core/testing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.people import actions
from jiceng.people.models import ImportJob
from jiceng.people.rules import PartyTitle, PostBody
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
    )
    if with_errors:
        made.error_file.save("e.xlsx", ContentFile(b"errors"))
    return {"kwargs": {"pk": made.pk}}


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
        setup=lambda f: person(f, data={"name": "张三丰", "category": "resident", "organization": f.tree.east1.pk}),
    ),
    UrlCase(
        "people:post_add",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: person(f, data={"title": "party:member", "appointment_mode": "elected"}),
    ),
    UrlCase(
        "people:reserve_add",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: person(f, data={"since": "2026-01-01", "intended_post": "书记"}),
    ),
    UrlCase("people:post_end", method="post", allowed=EAST1_EDITORS, setup=post),
    UrlCase("people:roster_import", allowed=OFFICERS, outside_scope=()),
    UrlCase("people:roster_template", allowed=EVERYONE),
    UrlCase("people:roster_job", allowed=EAST_OFFICERS, setup=job),
    UrlCase("people:roster_job_errors", allowed=EAST_OFFICERS, setup=lambda f: job(f, with_errors=True)),
    UrlCase("people:roster_export", allowed=EAST_OFFICERS, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
]

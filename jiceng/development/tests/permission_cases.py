"""Permission cases for the development pages (see jiceng/core/testing.py)."""

from __future__ import annotations

from typing import Any

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EDITORS_ANYWHERE, EVERYONE, Fixtures, UrlCase
from jiceng.development.models import File

from .factories import D, applicant, open_file, walk


def _file(f: Fixtures, until: str = "", **extra: Any) -> dict[str, Any]:
    file = open_file(f.tree.east1)
    if until:
        walk(file, until)
    return {"kwargs": {"pk": file.pk}, **extra}


def _file_of(prepared: dict[str, Any]) -> File:
    return File.objects.get(pk=prepared["kwargs"]["pk"])


def _opened(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    file = File.objects.get(person_id=prepared["data"]["person"])
    assert (file.step, file.applied_on, file.person.category) == ("applied", D(2024, 3, 1), "applicant")


def _talked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _file_of(prepared).step == "talked"


def _reviewed(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _file_of(prepared).reviewed_on == D(2023, 10, 9)


def _linked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    from jiceng.core import engine

    assert engine.links(_file_of(prepared), "congress") == [f"meetings.meeting:{prepared['data']['meeting']}"]


def _new_post(f: Fixtures) -> dict[str, Any]:
    person = applicant(f.tree.east1, "赵申请")
    return {"data": {"person": person.pk, "applied_on": "2024-03-01", "note": "书面申请"}}


def _api_file(f: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"file_id": open_file(f.tree.east1).pk}, **extra}


def _api_new(f: Fixtures) -> dict[str, Any]:
    person = applicant(f.tree.east1, "赵申请")
    return {"data": {"person_id": person.pk, "applied_on": "2024-03-01", "note": "书面申请"}}


def _opened_by_api(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    _opened(f, {"data": {"person": prepared["data"]["person_id"]}}, persona)


def _link(f: Fixtures) -> dict[str, Any]:
    from jiceng.core.actor import SYSTEM
    from jiceng.development import actions

    from .factories import congress, end_notice

    prepared = _file(f, "notice")
    file = _file_of(prepared)
    actions.move(SYSTEM, file, "pledged", on=end_notice(file))
    actions.move(SYSTEM, file, "congress", on=end_notice(file))
    meeting = congress(f.tree.east1, D(2024, 7, 1))
    return {**prepared, "data": {"meeting": meeting.pk}}


CASES = [
    UrlCase("development:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("development:new", allowed=EDITORS_ANYWHERE, outside_scope=()),
    UrlCase("development:export", allowed=EVERYONE, outside_scope=()),
    UrlCase("development:new", method="post", allowed=EAST1_EDITORS, setup=_new_post, expect=_opened),
    UrlCase("development:detail", allowed=EAST1_SCOPE, setup=_file),
    UrlCase("development:pdf", allowed=EAST1_SCOPE, setup=lambda f: _file(f, "activist")),
    UrlCase(
        "development:move",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _file(f, data={"target": "talked", "on": "2023-03-20", "note": "谈话"}),
        expect=_talked,
    ),
    UrlCase(
        "development:review",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _file(f, "activist", data={"on": "2023-10-09", "text": "表现积极"}),
        expect=_reviewed,
    ),
    UrlCase("development:link", method="post", allowed=EAST1_EDITORS, setup=_link, expect=_linked),
    UrlCase("api-v1:development_files", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase("api-v1:development_file", api=True, allowed=EAST1_SCOPE, setup=lambda f: _api_file(f)),
    UrlCase(
        "api-v1:development_file_create",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=_api_new,
        expect=_opened_by_api,
    ),
    UrlCase(
        "api-v1:development_file_move",
        api=True,
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: _api_file(f, data={"target": "talked", "on": "2023-03-20", "note": "谈话"}),
        expect=lambda f, prepared, persona: _talked(f, {"kwargs": {"pk": prepared["kwargs"]["file_id"]}}, persona),
    ),
    UrlCase(
        "api-v1:development_funnel",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}},
    ),
]

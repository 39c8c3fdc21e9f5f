"""The yearly development plan per village (issue 13.2, seed 004 "指导每村发展一名党员"): set by the
township, compared with the members developed that year from the files, never re-entered."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent
from jiceng.development import actions, stats
from jiceng.development.models import File, Plan
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

from .factories import D, open_file, walk

pytestmark = pytest.mark.django_db


def test_plan_against_the_developed_of_the_year_per_village(tree: Any, personas: dict[str, Any]) -> None:
    actions.set_plan(personas["township_officer"], tree.east1, 2024, 3)
    walk(open_file(tree.east1), "probationary")  # 入党 2024-07-01
    other = make_person(tree.east1, "王芳", Category.RESIDENT, birth=D(1980, 1, 1))
    walk(open_file(tree.east1, person=other, applied_on=D(2023, 2, 1)), "probationary")
    waiting = make_person(tree.east2, "周积", Category.RESIDENT, birth=D(1995, 1, 1))
    walk(open_file(tree.east2, person=waiting), "candidate")
    rows = stats.plan_rows(tree.east, 2024, File.objects.all())
    assert [(r.org.name, r.planned, r.developed, r.short, r.candidates) for r in rows] == [
        ("东一村党支部", 3, 2, 1, 0), ("东二村党支部", None, 0, None, 1)]  # fmt: skip
    assert [(r.developed, r.candidates) for r in stats.plan_rows(tree.east, 2025, File.objects.all())] == [
        (0, 0), (0, 1)]  # fmt: skip


def test_officers_set_the_plan_others_are_refused_and_nothing_is_written(tree: Any, personas: dict[str, Any]) -> None:
    plan = actions.set_plan(personas["township_officer"], tree.east1, 2026, 1)
    actions.set_plan(personas["township_officer"], tree.east1, 2026, 3)
    assert Plan.objects.get(pk=plan.pk).planned == 3
    changes = list(
        AuditEvent.objects.filter(object_type="development.plan").order_by("id").values_list("action", "changes")
    )
    assert changes == [("create", {"计划发展人数": 1}), ("update", {"计划发展人数": [1, 3]})]
    with pytest.raises(AccessDenied):
        actions.set_plan(personas["village_secretary"], tree.east1, 2026, 9)
    with pytest.raises(DomainError, match="计划发展人数应在0至50人之间"):
        actions.set_plan(SYSTEM, tree.east1, 2026, 51)
    with pytest.raises(DomainError, match="发展计划按村党组织制定"):
        actions.set_plan(SYSTEM, tree.east, 2026, 1)
    assert list(Plan.objects.values_list("planned", flat=True)) == [3]


def test_the_plan_page_sets_a_plan_shows_the_sums_and_exports(tree: Any, personas: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    client = Client()
    client.force_login(personas["township_officer"])
    response = client.post(reverse("development:set_plan"), {"org": tree.east1.pk, "year": "2026", "planned": "2"})
    assert response["Location"] == reverse("development:plan") + "?year=2026"
    page = client.get(reverse("development:plan"), {"year": "2026"}).content.decode()
    assert '计划 <b id="sum-planned">2</b> 人，已发展 <b id="sum-developed">0</b> 人；1 个村尚未制定计划' in page
    refused = client.post(reverse("development:set_plan"), {"org": tree.east1.pk, "year": "2026", "planned": "两"},
                          follow=True).content.decode()  # fmt: skip
    assert "计划发展人数请填写整数" in refused and Plan.objects.get().planned == 2
    book = load_workbook(
        io.BytesIO(client.get(reverse("development:plan"), {"year": "2026", "format": "xlsx"}).content)
    )
    assert list(book.active.iter_rows(values_only=True)) == [
        ("村党组织", "计划发展人数", "已发展（预备党员）", "尚差", "在册发展对象"),
        ("东一村党支部", 2, 0, 2, 0), ("东二村党支部", None, 0, None, 0)]  # fmt: skip


def test_the_plan_bounds_zero_and_fifty_are_accepted_minus_one_and_fifty_one_refused(tree: Any) -> None:
    assert actions.set_plan(SYSTEM, tree.east1, 2026, 0).planned == 0
    assert actions.set_plan(SYSTEM, tree.east1, 2026, 50).planned == 50
    for wrong in (-1, 51):
        with pytest.raises(DomainError, match="计划发展人数应在0至50人之间"):
            actions.set_plan(SYSTEM, tree.east1, 2026, wrong)
    assert actions.set_plan(SYSTEM, tree.east1, 2000, 1).year == 2000
    with pytest.raises(DomainError, match="年度应在2000年至2100年之间"):
        actions.set_plan(SYSTEM, tree.east1, 1999, 1)
    assert sorted(Plan.objects.values_list("year", "planned")) == [(2000, 1), (2026, 50)]

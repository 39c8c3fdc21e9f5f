"""Issue 10.8: a published 民主评议 round counts for the 民主评议党员 requirement (entered once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jiceng.evaluations.models import Kind
from jiceng.meetings import services
from jiceng.organizations.models import Organization
from jiceng.people.tests.factories import make_person

from .builders import published

pytestmark = pytest.mark.django_db


def review(tree: Any) -> dict[str, Any]:
    rows = services.compliance(tree.east, 2026, as_of=dt.date(2027, 1, 10))
    return {r.name: next(k for k in r.kinds if k.kind == "review") for r in rows}


def test_a_published_member_evaluation_counts_as_the_years_review(tree: Any) -> None:
    since = timezone.make_aware(dt.datetime(2020, 1, 1, 9))
    Organization.objects.filter(pk__in=[tree.east1.pk, tree.east2.pk]).update(
        created_at=since, founded_on=dt.date(2020, 1, 1)
    )
    people = [make_person(tree.east1, "赵一")]
    before = review(tree)
    assert (before["东一村党支部"].behind, before["东一村党支部"].held) == (("2026年",), 0)
    published(tree.east1, people, kind=Kind.REPORT, title="述职评议")  # not a member evaluation
    assert review(tree)["东一村党支部"].behind == ("2026年",)
    published(tree.east1, people, kind=Kind.DEMOCRATIC, title="民主评议党员")
    after = review(tree)
    assert (after["东一村党支部"].behind, after["东一村党支部"].met, after["东一村党支部"].held) == ((), 1, 1)
    assert after["东二村党支部"].behind == ("2026年",)  # another branch's round counts for that branch only


def test_the_compliance_page_says_published_evaluations_count(tree: Any, personas: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(personas["township_officer"])
    page = client.get(reverse("meetings:compliance", args=[tree.east.pk])).content.decode()
    assert "民主评议党员：已公布的党员评议（评议模块）" in page

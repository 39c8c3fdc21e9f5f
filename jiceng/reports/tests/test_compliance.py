"""三会一课 on the dashboard (issue 10.1): judged from the founding date, nothing recorded is behind,
nothing judged is never green — on the demo data, as the county officer sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import User
from jiceng.demo.seed import seed
from jiceng.meetings.demo import seed_for_demo
from jiceng.organizations import actions as org_actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import BRANCH_KINDS, OrgKind
from jiceng.reports.views import compliance_year

pytestmark = pytest.mark.django_db


def _page(user: User, org: Organization) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("reports:dashboard", args=[org.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _figure(page: str, element_id: str) -> int:
    start = page.index(f'id="{element_id}">') + len(element_id) + 6
    return int(page[start : page.index("<", start)])


def test_the_demo_county_shows_the_branches_that_recorded_nothing_as_behind():
    """Issue 10.1, fails before the fix: every demo record is created today, so a branch owed
    nothing and the county showed every branch 达标 although most recorded no meeting."""
    today = timezone.localdate()
    seed("township", 1, today, lambda _: None)
    seed_for_demo(today, 1, lambda _: None)  # a few months of meetings in the township
    county = User.objects.get(username="county")
    branches = Organization.objects.filter(kind__in=BRANCH_KINDS, dissolved_on__isnull=True)
    known = branches.filter(founded_on__isnull=False).count()
    unknown = branches.count() - known
    # A branch of unknown founding owes from 1 January of the year it was recorded (this year).
    expected = known + (unknown if compliance_year(today) == today.year else 0)
    page = _page(county, county.organization)
    assert "三会一课" in page
    assert (_figure(page, "compliance-behind"), _figure(page, "compliance-ok")) == (expected, 0)
    assert _figure(page, "compliance-pending") == branches.count() - expected
    township = Organization.objects.get(kind=OrgKind.TOWNSHIP_COMMITTEE)
    listing = Client()
    listing.force_login(county)
    detail = listing.get(reverse("meetings:compliance", args=[township.pk]), {"year": compliance_year(today)})
    assert f'id="behind-count">{expected}<' in detail.content.decode()


def test_a_branch_with_nothing_judged_yet_is_not_shown_green(personas, tree, system):
    """Founded this month: no period of it has ended, so it is 尚未评定 — not 达标."""
    today = timezone.localdate()
    new = org_actions.create_organization(system, parent=tree.east, name="东新村党支部", kind=OrgKind.BRANCH,
                                          founded_on=today.replace(day=1))  # fmt: skip
    page = _page(personas["township_officer"], new)
    assert [_figure(page, f"compliance-{k}") for k in ("behind", "ok", "pending")] == [0, 0, 1]


def test_compliance_year_is_that_of_the_last_ended_month():
    assert [compliance_year(dt.date(*d)) for d in ((2027, 1, 5), (2026, 12, 2), (2026, 2, 1))] == [2026, 2026, 2026]

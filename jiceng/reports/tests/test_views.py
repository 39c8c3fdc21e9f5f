"""The organization pages shown by reports: the tree and the dashboard (概况)."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiceng.organizations import actions as org_actions
from jiceng.organizations.rules import OrgKind
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person
from jiceng.reports import stats


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_shows_figures_and_chart_options(personas, tree):
    make_person(tree.east1, "张三")
    make_person(
        tree.east2, "李芳", Category.PROBATIONARY, birth=dt.date(1990, 3, 1), male=False, joined_on=dt.date(2020, 7, 1)
    )
    make_person(tree.east2, "王五", Category.RESIDENT)
    response = client_for(personas["township_officer"]).get(reverse("reports:dashboard", args=[tree.east.pk]))
    assert response.context["stats"]["members"]["total"] == 2
    pyramid = json.loads(response.context["charts"]["pyramid"])
    assert sum(-v for v in pyramid["series"][0]["data"]) == 1  # one man
    assert sum(pyramid["series"][1]["data"]) == 1  # one woman
    assert [s["members"]["total"] for _, s in response.context["children"]] == [1, 1]  # 东一村, 东二村
    body = response.content.decode()
    assert 'id="chart-pyramid"' in body and "东一村党支部" in body


def test_tree_children_partial(personas, tree):
    response = client_for(personas["township_officer"]).get(reverse("reports:children", args=[tree.east1.pk]))
    body = response.content.decode()
    assert "第一党小组" in body and "<nav" not in body


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["county_officer", "township_officer"])
def test_dashboard_query_budget_does_not_grow_with_the_children(personas, tree, system, monkeypatch, persona):
    """Once the statistics are cached, the dashboard costs a fixed number of queries, however many
    children the organization has (their figures come from their snapshots in two queries)."""
    monkeypatch.setattr(stats, "write_horizon", stats.timezone.now)  # no write in flight between requests
    client = client_for(personas[persona])
    url = reverse("reports:dashboard", args=[tree.east.pk])
    for name in ("东三村党支部", "东四村党支部", "东五村党支部"):
        make_person(org_actions.create_organization(system, parent=tree.east, name=name, kind=OrgKind.BRANCH), "甲")
    client.get(url)  # computes and stores the snapshots
    budget = _queries(client, url)
    # 12, the 三会一课 card's fixed 6 (issue 10.1) with the published 民主评议 rounds' 1 (10.8), the
    # branch sizes' 2 (10.7)
    assert budget <= 21
    for name in ("东六村党支部", "东七村党支部", "东八村党支部", "东九村党支部"):
        org_actions.create_organization(system, parent=tree.east, name=name, kind=OrgKind.BRANCH)
    client.get(url)
    assert _queries(client, url) == budget

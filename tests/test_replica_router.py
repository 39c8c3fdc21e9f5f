"""Report reads go to a replica alias when one is configured (here: a second connection to the same database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from conftest import make_tree
from jiceng.core.routers import REPLICA, reports_from_replica
from jiceng.people.models import Person
from jiceng.people.tests.factories import make_person
from jiceng.reports.stats import org_stats


@pytest.fixture
def replica() -> Iterator[str]:
    """The alias conftest.py adds (a mirror of the test database), with the router on."""
    with override_settings(DATABASE_ROUTERS=["jiceng.core.routers.ReportReplicaRouter"]):
        yield REPLICA


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_statistics_read_from_the_replica_and_everything_else_from_the_primary(replica: str) -> None:
    tree = make_tree()
    make_person(tree.east1, "王小明")
    assert Person.objects.all().db == "default"
    with reports_from_replica():
        assert Person.objects.all().db == REPLICA
        assert Person.objects.count() == 1  # committed rows are there (same database)
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        stats = org_stats(tree.county, dt.date(2026, 6, 1))
    assert stats["people"]["full"] == 1
    assert any("people_person" in q["sql"] for q in on_replica.captured_queries)
    assert not any("people_person" in q["sql"] for q in on_primary.captured_queries)
    assert any("reports_statssnapshot" in q["sql"] and "INSERT" in q["sql"] for q in on_primary.captured_queries)


def test_without_the_router_everything_stays_on_default(db: Any, settings: Any) -> None:
    assert settings.DATABASE_ROUTERS == []  # off by default: DATABASE_REPLICA_URL is not set
    with reports_from_replica():
        assert Person.objects.all().db == "default"

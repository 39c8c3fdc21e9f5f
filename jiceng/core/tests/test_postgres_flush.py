"""The test database's flush on PostgreSQL (jiceng/core/postgres/base.py): DELETE where the
settings ask, TRUNCATE otherwise and whenever sequences are reset."""

from __future__ import annotations

import pytest
from django.core.management.color import no_style
from django.db import connection

from jiceng.organizations.models import Organization

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's flush")


def test_flush_statements_by_setting() -> None:
    tables = ["people_person", "organizations_organization"]
    assert connection.settings_dict["FLUSH_BY_DELETE"] is True  # conftest.py
    assert connection.ops.sql_flush(no_style(), tables) == [
        'DELETE FROM "people_person";', 'DELETE FROM "organizations_organization";']  # fmt: skip
    reset = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    assert reset == ['TRUNCATE "people_person", "organizations_organization" RESTART IDENTITY;']
    connection.settings_dict["FLUSH_BY_DELETE"] = False
    try:
        assert connection.ops.sql_flush(no_style(), tables) == [
            'TRUNCATE "people_person", "organizations_organization";'
        ]
    finally:
        connection.settings_dict["FLUSH_BY_DELETE"] = True


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_leaves_no_rows(tree: object) -> None:
    assert Organization.objects.count() == 7  # the next test finds the tables empty (below)


@pytest.mark.django_db(transaction=True)
def test_the_tables_are_empty_after_the_flush() -> None:
    assert Organization.objects.count() == 0

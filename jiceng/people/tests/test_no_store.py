"""Pages and files with full ID numbers are never cached (Cache-Control: no-store)."""

from __future__ import annotations

import pytest
from django.test import Client

from jiceng.people.tests.factories import make_person


@pytest.mark.parametrize(
    "path", ["/people/{pk}/", "/people/export.xlsx?full_ids=1", "/people/roster/export/{org}.xlsx?full_ids=1"]
)
def test_full_id_numbers_are_sent_with_no_store(tree, personas, path):
    person = make_person(tree.east1, "张三")
    client = Client()
    client.force_login(personas["township_officer"])
    response = client.get(path.format(pk=person.pk, org=tree.east1.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]

"""NUL and other control characters in JSON bodies: cleaned before any schema sees them (the
`CleanIn` validator never ran; on PostgreSQL a NUL gave 500 on three API writes)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from jiceng.accounts.models import ApiToken
from jiceng.households.models import Visit
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import make_item, template


@pytest.fixture
def api(personas):
    token = ApiToken.objects.issue(personas["township_officer"])

    def post(path: str, body: object):
        return Client().post(path, json.dumps(body), content_type="application/json",
                             headers={"Authorization": f"Bearer {token}"})  # fmt: skip

    return post


def test_create_visit_with_nul(api, tree):
    body = {"organization_id": tree.east1.pk, "kind": "resident", "visited_on": timezone.localdate().isoformat(),
            "visitee": "孙\u0000七", "findings": "身体\u000b好\ud800"}  # fmt: skip
    response = api("/api/v1/households/visits", body)
    assert response.status_code == 201
    visit = Visit.objects.get()
    assert (visit.visitee, visit.findings) == ("孙七", "身体\n好")


def test_create_item_with_nul(api, tree):
    body = {"ledger_type_id": template("livelihood").pk, "organization_id": tree.east1.pk,
            "description": "路灯\u0000坏了", "concerned_name": "李\u0000大娘"}  # fmt: skip
    response = api("/api/v1/ledgers/items", body)
    assert response.status_code == 201, response.content
    item = LedgerItem.objects.get()
    assert (item.description, item.concerned_name) == ("路灯坏了", "李大娘")


def test_move_item_with_nul(api, tree, personas):
    item = make_item(tree.east1)
    body = {"target": "assigned\u0000", "assignee_id": personas["township_officer"].pk, "note": "请\u0000处理"}
    response = api(f"/api/v1/ledgers/items/{item.pk}/transitions", body)
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert [e.note for e in item.events().all()][-1] == "请处理"


def test_a_body_that_is_not_json_is_a_client_error(api):
    response = api("/api/v1/households/visits", "x")
    assert 400 <= response.status_code < 500

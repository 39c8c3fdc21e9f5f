"""Anonymity is a property of the schema and of what is written, not a promise."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from jiceng.core.models import AuditEvent
from jiceng.evaluations.models import Ballot, BallotCode

from .builders import prepared_round


def test_ballot_has_no_link_to_a_person_or_code_and_no_time() -> None:
    fields = Ballot._meta.get_fields()
    relations = {f.name: f.related_model for f in fields if f.is_relation}
    assert relations == {"round": apps.get_model("evaluations", "Round")}
    assert not [f for f in fields if isinstance(f, (models.DateField, models.TimeField, models.DurationField))]
    assert not [f for f in fields if isinstance(f, models.GenericIPAddressField)]
    names = {f.name for f in fields}
    assert names == {"id", "round", "channel", "ratings"}  # no receipt either: receipts are kept apart
    assert isinstance(Ballot._meta.pk, models.UUIDField)


def test_code_table_keeps_no_code_and_no_time_of_use() -> None:
    names = {f.name for f in BallotCode._meta.get_fields()}
    assert names == {"id", "round", "code_hash", "state"}


@pytest.mark.django_db
def test_voting_writes_no_audit_event_and_no_code_anywhere(tree: Any, caplog: Any) -> None:
    p = prepared_round(tree.east1)
    code = p.codes[0]
    audited = AuditEvent.objects.count()
    caplog.set_level(logging.DEBUG)
    client = Client()
    url = reverse("evaluations:vote", args=[p.round.public_key])
    data = {"code": code, **{f"r_{k}": v for k, v in p.ratings("basic").items()}}
    response = client.post(url, data)
    assert response.status_code == 200 and "投票成功" in response.content.decode()
    # and a failing attempt (reused code) logs nothing with the code either
    assert client.post(url, data).status_code == 422
    assert AuditEvent.objects.count() == audited
    assert not AuditEvent.objects.filter(object_type="evaluations.ballot").exists()
    assert code not in caplog.text
    # No table holds the code in clear text.
    for model in apps.get_models():
        for row in model._base_manager.values():
            assert code not in json.dumps(row, default=str, ensure_ascii=False), model._meta.label

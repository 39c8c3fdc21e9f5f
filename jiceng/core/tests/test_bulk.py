"""core.bulk.insert_rows on both engines: the ids it returns are the rows' own, in order; every
kind of value is stored as given; a unique key given twice is Django's IntegrityError."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from jiceng.core.bulk import insert_rows
from jiceng.core.models import AuditEvent, Heartbeat

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


def test_the_returned_ids_are_the_rows_in_their_order_with_their_values(db: Any) -> None:
    columns = ("at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr", "org_id", "changes")
    rows = [(AT + dt.timedelta(minutes=i), None, f"王{i}", "create", "people.person", str(i), f"人{i}",
             i if i % 2 else None, {"来源": "导入", "行": [i, "甲\tB"]}) for i in range(3)]  # fmt: skip
    ids = insert_rows(AuditEvent, columns, rows)
    stored = {e.pk: e for e in AuditEvent.objects.filter(pk__in=ids)}
    assert [(stored[pk].at, stored[pk].actor_name, stored[pk].org_id, stored[pk].changes) for pk in ids] == [
        (AT, "王0", None, {"来源": "导入", "行": [0, "甲\tB"]}),
        (AT + dt.timedelta(minutes=1), "王1", 1, {"来源": "导入", "行": [1, "甲\tB"]}),
        (AT + dt.timedelta(minutes=2), "王2", None, {"来源": "导入", "行": [2, "甲\tB"]}),
    ]
    more = insert_rows(AuditEvent, columns, rows[:1])  # the sequence goes on after them
    assert more[0] > max(ids) and insert_rows(AuditEvent, columns, []) == []


def test_a_unique_key_given_twice_is_an_integrity_error_and_nothing_stays(db: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Heartbeat, ("name", "seen_at"), [("worker", AT), ("worker", AT)])
    assert not Heartbeat.objects.exists()

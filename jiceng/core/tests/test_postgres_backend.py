"""The PostgreSQL health check: no round trip for a live connection, a closed one is noticed."""

import time
from typing import Any

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def test_a_live_connection_is_usable_without_a_query(monkeypatch: Any) -> None:
    connection.ensure_connection()
    raw = connection.connection
    sent: list[str] = []
    real_cursor = raw.cursor

    def cursor(*args: Any, **kwargs: Any) -> Any:
        sent.append("cursor")
        return real_cursor(*args, **kwargs)

    monkeypatch.setattr(raw, "cursor", cursor)
    assert connection.is_usable() is True
    assert sent == []


def test_a_connection_the_server_ended_is_not_usable_and_the_next_request_reconnects() -> None:
    from django.core.signals import request_finished, request_started

    connection.ensure_connection()
    old_pid = connection.connection.info.backend_pid
    with connections["default"].copy().cursor() as other:  # a second connection ends the first one
        other.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    for _ in range(250):  # the server's message arrives asynchronously
        if not connection.is_usable():
            break
        time.sleep(0.02)
    assert connection.is_usable() is False
    # As between two requests with CONN_HEALTH_CHECKS: the dead connection is replaced, not used.
    connection.settings_dict["CONN_MAX_AGE"] = 300
    try:
        request_finished.send(sender=None)
        request_started.send(sender=None)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != old_pid
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0

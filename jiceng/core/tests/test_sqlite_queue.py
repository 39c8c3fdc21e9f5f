"""Writers on a busy SQLite path queue on a blocking lock: the second waits until the first is done."""

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from jiceng.core.sqlite import writer_queue

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_writer_waits_for_the_first_and_goes_in_as_soon_as_it_leaves() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    order: list[str] = []
    inside, leave = threading.Event(), threading.Event()

    def first() -> None:
        with writer_queue(connection):
            order.append("first in")
            inside.set()
            leave.wait(5)
            order.append("first out")

    def second() -> None:
        with writer_queue(connection):
            order.append("second in")

    a = threading.Thread(target=first)
    a.start()
    assert inside.wait(5)
    b = threading.Thread(target=second)
    b.start()
    time.sleep(0.2)
    assert order == ["first in"]  # the second is waiting
    leave.set()
    a.join(5)
    b.join(5)
    assert order == ["first in", "first out", "second in"]


def test_no_queue_inside_a_transaction_or_on_postgresql(monkeypatch: Any) -> None:
    import fcntl

    taken: list[int] = []
    monkeypatch.setattr(fcntl, "flock", lambda fd, op: taken.append(op))
    with transaction.atomic(), writer_queue(connection):
        pass
    assert taken == []
    with writer_queue(connection):
        pass
    assert taken == ([fcntl.LOCK_EX] if connection.vendor == "sqlite" else [])

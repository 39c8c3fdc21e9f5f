"""The engine under races: random transition sequences of one ledger item on two connections.

Two real threads, each with its own database connection (SQLite and PostgreSQL), load the item
as a page does and try a random move of its workflow at the same moment, step after step. Whatever
interleaving happens, the item never ends in a state its definition forbids, its `CaseEvent`
history is one unbroken chain of legal moves that ends in the stored state (event dates never
going back), its clock is what replaying that history gives, and the statistics rollup equals a
recount of every item.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiceng.core.calendar import load_calendar
from jiceng.core.engine import advance_clocks
from jiceng.core.errors import DomainError
from jiceng.core.models import AuditEvent
from jiceng.ledgers import actions, rollup
from jiceng.ledgers.models import LedgerItem
from jiceng.ledgers.tests.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)

COLLECTED, TODAY = dt.date(2026, 11, 2), dt.date(2026, 11, 30)
# One step: the move each thread picks (an index into the moves it sees) and how many days later.
STEP = st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 4), st.integers(0, 4))


def attempt(actor: Any, pk: int, choice: int, days: int, outcomes: list[str]) -> None:
    item = LedgerItem.objects.get(pk=pk)  # what the page showed
    moves = item.definition.moves_from(item.status)
    if not moves:
        outcomes.append("none")
        return
    target = moves[choice % len(moves)].target
    on = min(item.status_since + dt.timedelta(days=days), TODAY)
    try:
        actions.move_item(actor, item, target, on=on, today=TODAY, assignee=actor, resolution="已处理", note="说明")
    except DomainError:
        outcomes.append("refused")
    else:
        outcomes.append("moved")


def race(actor: Any, pk: int, steps: list[tuple[int, int, int, int]]) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker(side: int) -> None:
        try:
            for step in steps:
                barrier.wait(timeout=60)
                attempt(actor, pk, step[side], step[side + 2], outcomes)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(side,)) for side in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    return outcomes


def check_history(item: LedgerItem) -> int:
    """The events are one chain of legal moves from the initial state to the stored one."""
    definition = item.definition
    events = list(item.events().order_by("id"))
    assert events[0].kind == "start" and events[0].to_state == definition.initial
    state, on = definition.initial, events[0].on
    clocks = advance_clocks(definition, {}, None, definition.state(state), on, load_calendar(item.org_path))
    moves = [e for e in events if e.kind == "move"]
    for event in moves:
        assert event.from_state == state and definition.can(state, event.to_state), (state, event.to_state)
        assert event.on >= on and event.on <= TODAY
        old, new = definition.state(state), definition.state(event.to_state)
        clocks = advance_clocks(definition, clocks, old, new, event.on, load_calendar(item.org_path))
        state, on = event.to_state, event.on
    assert (item.status, item.status_since, item.clocks) == (state, on, clocks)
    due = clocks.get("deadline", {}).get("due")
    assert item.deadline == (dt.date.fromisoformat(due) if due else None)
    return len(moves)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=6))
def test_random_moves_on_two_connections_keep_the_item_consistent(tree: Any, personas: Any, steps: Any) -> None:
    officer = personas["township_officer"]
    item = make_item(tree.east1, "hardship", collected_on=COLLECTED)
    outcomes = race(officer, item.pk, steps)
    item = LedgerItem.objects.get(pk=item.pk)
    assert item.status in item.definition.labels
    moved = check_history(item)
    assert moved == outcomes.count("moved")
    audits = AuditEvent.objects.filter(object_type="ledgers.ledgeritem", object_id=str(item.pk), action="update")
    assert audits.count() == moved
    assert rollup.stored_counts() == rollup.live_counts()

"""Races: many submissions of one code make exactly one ballot; many codes at once lose none.

Real threads, each with its own database connection, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.db import connection

from jiceng.core.errors import DomainError
from jiceng.evaluations import actions
from jiceng.evaluations.models import Ballot, CodeState

from .builders import prepared_round

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(calls: Sequence[Callable[[], Any]]) -> Counter[str]:
    """Start every call together (a barrier), each in its own thread; count outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def worker(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
            result = "ok"
        except DomainError:
            result = "refused"
        except Exception as exc:  # any other error is a failure the test reports
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def test_fifty_concurrent_submissions_of_one_code_make_one_ballot(tree: Any) -> None:
    p = prepared_round(tree.east1, codes=3)
    ratings = p.ratings("satisfied")
    outcomes = run_at_once([lambda: actions.vote(p.round.public_key, p.codes[0], ratings)] * 50)
    assert outcomes == Counter({"ok": 1, "refused": 49})
    assert Ballot.objects.filter(round=p.round).count() == 1
    assert Counter(p.round.codes.values_list("state", flat=True)) == {CodeState.USED_WEB: 1, CodeState.UNUSED: 2}


def test_hundred_different_codes_at_once_make_hundred_ballots(tree: Any) -> None:
    p = prepared_round(tree.east1, codes=100)
    ratings = p.ratings("basic")
    calls = [lambda code=code: actions.vote(p.round.public_key, code, ratings) for code in p.codes]
    outcomes = run_at_once(calls)
    assert outcomes == Counter({"ok": 100})
    assert Ballot.objects.filter(round=p.round).count() == 100
    assert p.round.codes.filter(state=CodeState.USED_WEB).count() == 100
    assert Ballot.objects.filter(round=p.round).values("receipt").distinct().count() == 100

"""Races: many submissions of one code make exactly one ballot; many codes at once lose none.

Real threads, each with its own database connection, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from jiceng.core.testing import run_at_once
from jiceng.evaluations import actions
from jiceng.evaluations.models import Ballot, CodeState, SealedBallot

from .builders import Officer, prepared_round

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_concurrent_submissions_of_one_code_make_one_ballot(tree: Any) -> None:
    p = prepared_round(tree.east1, codes=3)
    ratings = p.ratings("satisfied")
    outcomes = run_at_once([lambda: actions.vote(p.round.public_key, p.codes[0], ratings)] * 50)
    assert outcomes == Counter({"ok": 1, "refused": 49})
    assert SealedBallot.objects.filter(round=p.round).count() == 1
    assert Counter(p.round.codes.values_list("state", flat=True)) == {CodeState.USED_WEB: 1, CodeState.UNUSED: 2}
    closed = actions.close_round(Officer(p.round.organization), p.round, 3)
    assert Ballot.objects.filter(round=p.round).count() == 1 and closed.codes_used_web == 1


def test_hundred_different_codes_at_once_make_hundred_ballots(tree: Any) -> None:
    p = prepared_round(tree.east1, codes=100)
    ratings = p.ratings("basic")
    calls = [lambda code=code: actions.vote(p.round.public_key, code, ratings) for code in p.codes]
    outcomes = run_at_once(calls)
    assert outcomes == Counter({"ok": 100})
    assert SealedBallot.objects.filter(round=p.round).count() == 100
    assert p.round.codes.filter(state=CodeState.USED_WEB).count() == 100
    closed = actions.close_round(Officer(p.round.organization), p.round, 100)
    assert Ballot.objects.filter(round=p.round).count() == 100 and closed.codes_used_web == 100
    assert len(set(closed.receipts)) == 100

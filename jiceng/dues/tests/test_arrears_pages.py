"""The arrears: only the members who may be in arrears are read, with the same outcome as
reading everyone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.dues import actions, queries
from jiceng.dues.rules import Relief
from jiceng.people.tests.factories import make_person

from .factories import D, base, member, pay

pytestmark = pytest.mark.django_db


def _excuse(person: Any, first: dt.date, last: dt.date) -> None:
    actions.record_excuse(SYSTEM, person, first, last, "住院治疗")


def test_reading_only_who_may_be_in_arrears_changes_nothing(tree: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    today = D(2025, 1, 10)  # counted through December 2024
    pay(member(tree.east1, "六个月", since=D(2024, 1, 1)), D(2024, 1, 1), count=6)
    pay(member(tree.east1, "五个月", since=D(2024, 1, 1)), D(2024, 1, 1), count=7)
    member(tree.east1, "从未交", since=D(2023, 6, 1))
    member(tree.east1, "新基数", since=D(2024, 8, 1))
    noted = member(tree.east1, "中间有理由", since=D(2024, 1, 1))
    pay(noted, D(2024, 1, 1), count=6)
    _excuse(noted, D(2024, 9, 1), D(2024, 9, 1))
    _excuse(member(tree.east1, "早有理由", since=D(2024, 1, 1)), D(2024, 1, 1), D(2024, 3, 1))
    freed = member(tree.east1, "免交", since=D(2024, 1, 1))
    base(
        freed, D(2024, 10, 1), income=400_000, relief=Relief.EXEMPT, approved_by="东镇党委", approved_on=D(2024, 9, 20)
    )
    pay(member(tree.east1, "只交上月", since=D(2024, 1, 1)), D(2024, 12, 1))
    make_person(tree.east1, "无基数")
    pay(member(tree.east2, "东二", since=D(2024, 1, 1)), D(2024, 1, 1), count=2)
    found = [(a.person.name, a.first, len(a.run)) for a in queries.arrears(tree.county, today)]
    assert found == [("从未交", D(2023, 6, 1), 19), ("六个月", D(2024, 7, 1), 6), ("早有理由", D(2024, 4, 1), 9),
                     ("东二", D(2024, 3, 1), 10)]  # fmt: skip
    monkeypatch.setattr(queries, "_may_be_in_arrears", lambda people, through: people)  # everyone, as before
    assert [(a.person.name, a.first, len(a.run)) for a in queries.arrears(tree.county, today)] == found

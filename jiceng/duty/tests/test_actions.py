"""The rota names current village cadres; the log names who was on duty; refusals write nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.duty import actions, queries
from jiceng.duty.models import DutyEntry, DutySlot
from jiceng.people.rules import PartyTitle
from jiceng.people.tests.factories import make_person

from .factories import D, cadre

pytestmark = pytest.mark.django_db


def test_a_weekday_is_set_and_replaced(tree: Any) -> None:
    a, b = cadre(tree.east1, "张书记"), cadre(tree.east1, "李委员", PartyTitle.MEMBER)
    actions.set_day(SYSTEM, tree.east1, 0, [a.pk, b.pk])
    actions.set_day(SYSTEM, tree.east1, 0, [b.pk])
    actions.set_day(SYSTEM, tree.east1, 2, [a.pk])
    rota = queries.rota(tree.east1)
    assert [(d.label, [p.name for p in d.people]) for d in rota if d.people] == [
        ("星期一", ["李委员"]),
        ("星期三", ["张书记"]),
    ]


def test_only_current_cadres_of_the_village_go_on_the_rota(tree: Any) -> None:
    member = make_person(tree.east1, "王党员")
    other = cadre(tree.east2, "赵书记")
    for person in (member, other):
        with pytest.raises(DomainError, match=re.escape("值班人员应是本村现任村干部")):
            actions.set_day(SYSTEM, tree.east1, 1, [person.pk])
    assert DutySlot.objects.count() == 0


def test_a_log_entry_keeps_its_date_and_who(tree: Any) -> None:
    a = cadre(tree.east1, "张书记")
    entry = actions.log_entry(SYSTEM, tree.east1, on=D(2026, 10, 12), person=a.pk, callers="村民刘某反映排水沟堵塞",
                              referred="转村委会主任安排清理")  # fmt: skip
    assert (entry.on, entry.person.name, entry.org_path, entry.late) == (
        D(2026, 10, 12),
        "张书记",
        tree.east1.path,
        True,
    )


@pytest.mark.parametrize(("change", "message"), [
    ({"on": D(2099, 1, 1)}, "值班日期不能晚于今天"),
    ({"on": D(2020, 6, 1)}, "值班人员应是当天在任的本村村干部"),
    ({"callers": "  "}, "请填写来访来电群众及事项（没有来访的填“无”）"),
])  # fmt: skip
def test_bad_log_input_is_refused_in_chinese(tree: Any, change: dict[str, Any], message: str) -> None:
    a = cadre(tree.east1, "张书记")
    data = {"on": D(2026, 10, 12), "person": a.pk, "callers": "无", **change}
    with pytest.raises(DomainError, match=f"^{re.escape(message)}$"):
        actions.log_entry(SYSTEM, tree.east1, **data)
    assert DutyEntry.objects.count() == 0


def test_duty_belongs_to_a_village_and_a_member_may_not_write(tree: Any, personas: dict[str, Any]) -> None:
    a = cadre(tree.east1, "张书记")
    with pytest.raises(DomainError, match=r"^值班安排在村级党组织下$"):
        actions.set_day(SYSTEM, tree.east, 0, [a.pk])
    with pytest.raises(DomainError):
        actions.log_entry(personas["member"], tree.east1, on=D(2026, 10, 12), person=a.pk, callers="无")
    assert DutyEntry.objects.count() == 0


def test_the_month_shows_its_gaps_from_the_calendar(tree: Any) -> None:
    a = cadre(tree.east1, "张书记")
    actions.set_day(SYSTEM, tree.east1, 0, [a.pk])
    actions.set_day(SYSTEM, tree.east1, 5, [a.pk])
    actions.log_entry(SYSTEM, tree.east1, on=D(2026, 10, 12), person=a.pk, callers="无")
    entries, gaps = queries.month(tree.east1, 2026, 10, today=D(2026, 12, 1))
    assert (len(entries), gaps) == (1, [D(2026, 10, 10), D(2026, 10, 19), D(2026, 10, 26)])

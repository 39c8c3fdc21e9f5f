"""Pairings: who may pair with whom (refused in Chinese, nothing written), contact records, the
duties shown per pair, the metrics the assessments quotas count, the pages and the Excel."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from jiceng.assistance import actions, queries
from jiceng.assistance.models import Contact, Pairing, PoorMember
from jiceng.assistance.rules import ContactKind, PairKind
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.core.registry import metric
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

from .factories import START, D, organ, pair, poor

pytestmark = pytest.mark.django_db


def test_one_to_one_needs_a_cadre_and_a_ledger_entry(tree: Any) -> None:
    entry = poor(tree.east, tree.east1)
    plain = make_person(tree.east1, "普通党员")  # a member without a post, not on the organ's staff
    with pytest.raises(DomainError) as exc:
        pair(tree.east, plain, entry)
    assert exc.value.message == "普通党员不是党员干部（机关党员或有党内职务），一带一应由党员干部结对"
    with pytest.raises(DomainError, match="不是党员，帮扶人应为党员"):
        pair(tree.east, make_person(tree.east, "群众", Category.RESIDENT), entry)
    with pytest.raises(DomainError, match="请从本乡镇贫困党员台账中选择帮扶对象"):
        actions.create_pairing(SYSTEM, tree.east, kind=PairKind.ONE_TO_ONE, helper=organ(tree.east), started_on=START)
    with pytest.raises(DomainError, match="不在东镇党委范围内"):
        pair(tree.east, make_person(tree.west1, "西村干部"), entry)
    assert Pairing.objects.count() == 0
    helper = organ(tree.east, "李干部")
    pair(tree.east, helper, entry)
    with pytest.raises(DomainError, match="李干部已有这一结对"):
        pair(tree.east, helper, entry)
    assert Pairing.objects.count() == 1


def test_poor_member_ledger_is_members_once(tree: Any) -> None:
    person = make_person(tree.east1, "贫困甲")
    actions.add_poor_member(SYSTEM, tree.east, person, since=START, situation="因病")
    with pytest.raises(DomainError, match="贫困甲已在贫困党员台账中"):
        actions.add_poor_member(SYSTEM, tree.east, person, since=START, situation="因病")
    with pytest.raises(DomainError, match="不是党员，贫困党员台账只登记党员"):
        actions.add_poor_member(SYSTEM, tree.east, make_person(tree.east1, "群众", Category.RESIDENT), since=START,
                                situation="因病")  # fmt: skip
    with pytest.raises(DomainError, match="请填写困难情况"):
        actions.add_poor_member(SYSTEM, tree.east, make_person(tree.east1, "乙"), since=START, situation=" ")
    assert PoorMember.objects.count() == 1


def test_shuanglian_links(tree: Any) -> None:
    helper = make_person(tree.east1, "农村党员")
    with pytest.raises(DomainError, match="请选择联系的村务类别"):
        actions.create_pairing(SYSTEM, tree.east, kind=PairKind.AFFAIR, helper=helper, affair="x", village=tree.east1,
                               started_on=START)  # fmt: skip
    with pytest.raises(DomainError, match="请选择本乡镇的村"):
        actions.create_pairing(SYSTEM, tree.east, kind=PairKind.AFFAIR, helper=helper, affair="finance",
                               village=tree.west1, started_on=START)  # fmt: skip
    with pytest.raises(DomainError, match="请选择或填写联系的困难群众"):
        actions.create_pairing(SYSTEM, tree.east, kind=PairKind.HARDSHIP, helper=helper, started_on=START)
    a = actions.create_pairing(SYSTEM, tree.east, kind=PairKind.AFFAIR, helper=helper, affair="finance",
                               village=tree.east1, started_on=START)  # fmt: skip
    h = actions.create_pairing(SYSTEM, tree.east, kind=PairKind.HARDSHIP, helper=helper, name="孤寡老人",
                               started_on=START)  # fmt: skip
    assert (a.helped, h.helped, str(a)) == (
        "东一村党支部财务管理",
        "孤寡老人",
        "双联双定双带·联系村务：农村党员 → 东一村党支部财务管理",
    )
    with pytest.raises(DomainError, match="联系村务的结对没有送温暖对象"):
        actions.record_contact(SYSTEM, a, kind=ContactKind.WARMTH, on=D(2024, 2, 1), content="x")


def test_contacts_within_the_pair_and_duties(tree: Any) -> None:
    p = pair(tree.east, organ(tree.east), poor(tree.east, tree.east1), D(2024, 4, 1))
    bads: tuple[tuple[dict[str, Any], str], ...] = (({"on": D(2024, 3, 31)}, "帮扶日期应在结对期间内"), ({"kind": "photo"}, "请选择帮扶记录类型"),
                                                     ({"content": ""}, "请填写帮扶内容"), ({"on": D(2099, 1, 1)}, "帮扶日期不能晚于今天"))  # fmt: skip
    for bad, message in bads:
        with pytest.raises(DomainError, match=message):
            actions.record_contact(
                SYSTEM, p, **{"kind": ContactKind.VISIT, "on": D(2024, 5, 1), "content": "走访", **bad}
            )
    assert Contact.objects.count() == 0
    for on, kind in ((D(2024, 5, 1), ContactKind.VISIT), (D(2024, 11, 3), ContactKind.VISIT),
                     (D(2024, 12, 20), ContactKind.WARMTH)):  # fmt: skip
        actions.record_contact(SYSTEM, p, kind=kind, on=on, content="上门")
    (row,) = queries.duty_rows(tree.east, 2024, D(2025, 1, 10))
    assert (row.duties.quarters, row.duties.warmth, row.duties.deed, row.contacts) == (
        ("", "done", "missed", "done"), True, False, 3)  # fmt: skip
    actions.end_pairing(SYSTEM, p, D(2024, 12, 31))
    with pytest.raises(DomainError, match="该结对已结束"):
        actions.end_pairing(SYSTEM, p, D(2024, 12, 31))
    with pytest.raises(DomainError, match="帮扶日期应在结对期间内"):
        actions.record_contact(SYSTEM, p, kind=ContactKind.VISIT, on=D(2025, 1, 2), content="x")


def test_metrics_for_the_quotas(tree: Any) -> None:
    helper = organ(tree.east)
    p1 = pair(tree.east, helper, poor(tree.east, tree.east1, "甲"))
    p2 = pair(tree.east, helper, poor(tree.east, tree.east1, "乙"), D(2024, 7, 1))
    for on in (D(2024, 2, 1), D(2024, 5, 1), D(2024, 8, 1), D(2024, 11, 1)):
        actions.record_contact(SYSTEM, p1, kind=ContactKind.VISIT, on=on, content="走访")
    actions.record_contact(SYSTEM, p2, kind=ContactKind.VISIT, on=D(2024, 8, 2), content="走访")
    actions.record_contact(SYSTEM, p1, kind=ContactKind.WARMTH, on=D(2024, 2, 1), content="慰问")
    actions.record_contact(SYSTEM, p2, kind=ContactKind.DEED, on=D(2024, 9, 1), content="修房")
    year = (D(2024, 1, 1), D(2024, 12, 31))
    # Q1, Q2 (only 甲 held), Q3 (both visited); Q4: 乙 not visited → 3 quarters.
    values = [metric(k).compute(helper, *year).value for k in ("assistance.pairs", "assistance.visit_quarters",
                                                                "assistance.warmth", "assistance.deeds")]  # fmt: skip
    assert values == [2, 3, 1, 1]
    assert metric("assistance.pairs").compute(helper, D(2024, 1, 1), D(2024, 6, 30)).records == [
        f"assistance.pairing:{p1.pk}"
    ]
    assert metric("assistance.poor_paired").compute(tree.east, *year).value == 100
    poor(tree.east, tree.east2, "丙")
    assert metric("assistance.poor_paired").compute(tree.east, *year).value == 66


def test_township_page_and_excel(tree: Any, client: Any, personas: Any) -> None:
    helper = organ(tree.east, "李干部")
    p = pair(tree.east, helper, poor(tree.east, tree.east1, "贫困甲"))
    actions.record_contact(SYSTEM, p, kind=ContactKind.VISIT, on=D(2024, 2, 1), content="走访")
    poor(tree.east, tree.east1, "贫困乙")
    client.force_login(personas["township_officer"])
    page = client.get(f"/assistance/t/{tree.east.pk}/?year=2024").content.decode()
    assert "尚无结对的贫困党员：贫困乙" in page and "1/2" in page
    book = load_workbook(io.BytesIO(client.get(f"/assistance/t/{tree.east.pk}/pairings.xlsx?year=2024").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][:3] == ("一带一结对帮扶", "李干部", "贫困甲") and rows[1][5] == "已走访"
    assert rows[-2][:3] == ("贫困党员有结对", "1/2", "50%")

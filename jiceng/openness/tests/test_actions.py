"""Publications, the compliance dashboard over a hand-made year, spot checks, county rules and
the decision procedures on the engine (meetings linked, the 村民代表会议 vote by Art. 26)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from jiceng.core import engine
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import AccessDenied, DomainError, IllegalTransition
from jiceng.meetings.rules import Kind
from jiceng.meetings.tests.factories import held_meeting
from jiceng.openness import actions, queries
from jiceng.openness.models import CountyRule, FinanceLine, Procedure, Publication, SpotCheck, Status
from jiceng.openness.rules import EXPENSE, INCOME, Line, Mark
from jiceng.openness.tests.factories import draft, representatives_vote
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

D = dt.date
TODAY = D(2026, 10, 8)


# ---------------------------------------------------------------- publications


def test_a_finance_statement_is_stored_in_fen_and_published(tree: Any) -> None:
    pub = draft(tree.east1)
    assert [(ln.kind, ln.item, ln.amount) for ln in pub.lines.all()] == [
        (EXPENSE, "村道维修", 800_000), (EXPENSE, "村干部报酬", 1_500_000),
        (INCOME, "村集体资源发包收入", 1_200_000), (INCOME, "上级转移支付", 3_000_000),
    ]  # fmt: skip
    actions.publish(SYSTEM, pub, on=D(2026, 10, 5), today=TODAY)
    stored = Publication.objects.get(pk=pub.pk)
    assert (stored.status, stored.published_on, stored.shown_until) == (
        Status.PUBLISHED,
        D(2026, 10, 5),
        D(2026, 11, 3),
    )


def test_lines_that_do_not_add_up_are_refused_and_nothing_is_written(tree: Any) -> None:
    with pytest.raises(DomainError, match=re.escape("收入明细合计 42,000.00 元，与填写的收入合计 42,000.01 元不一致")):
        draft(tree.east1, income_total=4_200_001)
    with pytest.raises(DomainError, match="财务公开须填写收入合计和支出合计"):
        draft(tree.east1, income_total=None)
    assert Publication.objects.count() == 0 and FinanceLine.objects.count() == 0


def test_a_publication_dated_in_the_future_is_refused(tree: Any) -> None:
    pub = draft(tree.east1)
    with pytest.raises(DomainError, match="公开日期不能晚于今天"):
        actions.publish(SYSTEM, pub, on=D(2026, 10, 9), today=TODAY)
    assert Publication.objects.get(pk=pub.pk).status == Status.DRAFT


def test_names_of_villagers_ids_and_phones_are_refused_cadres_may_be_named(tree: Any) -> None:
    villager = make_person(tree.east1, "孙大有", Category.RESIDENT, phone="13912340000")
    cases = [("孙大有家低保", "当事人姓名“孙某”"), (f"联系{villager.phone}", "电话号码"),
             (villager.id_number, "身份证号等长号码"), ("大有家的补贴", "当事人姓名“孙某”")]  # fmt: skip
    for body, found in cases:
        pub = draft(tree.east1, section="village", category="affairs", body=body)
        with pytest.raises(DomainError, match=found):
            actions.publish(SYSTEM, pub, today=TODAY)
    listed = draft(tree.east1, section="village", category="affairs", body="钱某某家危房改造", concerned="钱某某")
    actions.publish(SYSTEM, listed, today=TODAY)  # a withheld name (某) is how a name is left out
    named = draft(tree.east1, section="village", category="affairs", body="周小红家危房改造", concerned="周小红")
    with pytest.raises(DomainError, match="当事人姓名“周某”"):
        actions.publish(SYSTEM, named, today=TODAY)
    line = draft(tree.east1, lines=[Line(INCOME, "孙大有交回", 4_200_000), Line(EXPENSE, "维修", 2_300_000)])
    with pytest.raises(DomainError, match="当事人姓名“孙某”"):
        actions.publish(SYSTEM, line, today=TODAY)
    from jiceng.meetings.tests.factories import cadre

    cadre(tree.east1, "王书记")
    ok = draft(tree.east1, section="party", category="organization", body="党支部书记王书记讲党课")
    actions.publish(SYSTEM, ok, today=TODAY)
    assert list(Publication.objects.published().values_list("pk", flat=True).order_by("pk")) == [listed.pk, ok.pk]


def test_the_daily_check_withdraws_an_item_naming_a_villager_entered_since(tree: Any) -> None:
    from jiceng.core.privacy import recheck_published

    pub = actions.publish(SYSTEM, draft(tree.east1, section="village", category="affairs", body="李四海家危房改造"),
                          today=TODAY)  # fmt: skip
    assert recheck_published()["党务村务财务公开栏"] == 0
    make_person(tree.east1, "李四海", Category.RESIDENT)  # entered in the roster afterwards
    assert recheck_published()["党务村务财务公开栏"] == 1
    assert Publication.objects.get(pk=pub.pk).status == Status.WITHDRAWN
    assert recheck_published()["党务村务财务公开栏"] == 0


def test_a_member_cannot_publish_and_nothing_changes(tree: Any, personas: dict[str, Any]) -> None:
    pub = draft(tree.east1)
    with pytest.raises(AccessDenied):
        actions.publish(personas["member"], pub, today=TODAY)
    with pytest.raises(AccessDenied):
        actions.publish(personas["other_township_officer"], pub, today=TODAY)
    assert Publication.objects.get(pk=pub.pk).status == Status.DRAFT


def test_an_excel_statement_is_read_with_its_totals(tree: Any) -> None:
    from jiceng.openness.tests.test_views import statement_xlsx

    lines, income, expense = actions.read_statement(statement_xlsx())
    assert [(ln.kind, ln.item, ln.amount) for ln in lines] == [
        (INCOME, "村集体资源发包", 1_200_050),
        (EXPENSE, "村道维修", 800_000),
    ]
    assert (income, expense) == (1_200_050, 800_000)
    with pytest.raises(DomainError, match="第 2 行的收支类别应为“收入”或“支出”"):
        actions.read_statement(statement_xlsx([["收支", "项目", "金额"], ["借款", "x", 1]]))


# ---------------------------------------------------------------- the hand-made year


def _monthly(org: Any, year: int, late: dict[int, dt.date | None]) -> None:
    """A statement every month, published on the 5th of the next month, except `late` (date or None: none)."""
    for month in range(1, 13):
        start = D(year, month, 1)
        end = (D(year, month + 1, 1) if month < 12 else D(year + 1, 1, 1)) - dt.timedelta(days=1)
        on = late.get(month, end + dt.timedelta(days=5))
        if on is None:
            continue
        pub = draft(org, title=f"{month}月财务收支", start=start, end=end)
        actions.publish(SYSTEM, pub, on=on, today=TODAY)


def _quarterly(org: Any, year: int, section: str, category: str, skip: tuple[int, ...] = ()) -> None:
    for q in range(4):
        if q + 1 in skip:
            continue
        start = D(year, 3 * q + 1, 1)
        end = (D(year, 3 * q + 4, 1) if q < 3 else D(year + 1, 1, 1)) - dt.timedelta(days=1)
        pub = draft(org, section=section, category=category, title=f"第{q + 1}季度", start=start, end=end)
        actions.publish(SYSTEM, pub, on=end + dt.timedelta(days=7), today=TODAY)


def test_the_dashboard_reproduces_a_hand_made_year(tree: Any) -> None:
    # 东一村: 财务 of March published on May 1 (late), none for July; 东二村: no 村务 in the third quarter.
    _monthly(tree.east1, 2025, {3: D(2025, 5, 1), 7: None})
    _monthly(tree.east2, 2025, {})
    for org, skip in ((tree.east1, ()), (tree.east2, (3,))):
        _quarterly(org, 2025, "village", "affairs", skip)
        _quarterly(org, 2025, "party", "organization")
    major = draft(tree.east2, section="village", category="major", title="重大事项", start=D(2025, 8, 1),
                  end=D(2025, 8, 31))  # fmt: skip
    actions.publish(SYSTEM, major, on=D(2025, 8, 20), today=TODAY)  # at once: does not make up for the quarter
    rows = queries.compliance(tree.east, 2025, TODAY)
    behind = {row.org.name: [(label, m.span.label, m.mark, m.published_on) for label, m in row.behind] for row in rows}
    assert behind == {
        "东一村党支部": [("财务公开", "3月", Mark.LATE, D(2025, 5, 1)), ("财务公开", "7月", Mark.MISSING, None)],
        "东二村党支部": [("村务公开", "第三季度", Mark.MISSING, None)],
    }
    assert sum(len(r.marks["finance"]) for r in rows) == 24 and sum(len(r.marks["village"]) for r in rows) == 8
    assert [r.org.name for r in queries.compliance(tree.west, 2025, TODAY)] == ["西一村党支部"]


def test_a_county_rule_from_july_makes_finance_quarterly_from_then(tree: Any, personas: dict[str, Any]) -> None:
    _monthly(tree.east1, 2025, {7: None, 8: None})  # July and August missing, September published Oct 5
    actions.save_county_rule(personas["county_officer"], tree.county, valid_from=D(2025, 7, 1), party_months=3,
                             village_months=3, finance_months=3, grace_days=10)  # fmt: skip
    marks = queries.compliance(tree.east, 2025, TODAY)[0].marks["finance"]
    assert [m.span.label for m in marks][-2:] == ["第三季度", "第四季度"] and not any(m.behind for m in marks)
    with pytest.raises(DomainError, match="村务公开至少每季度一次（《村民委员会组织法》第三十条）"):
        actions.save_county_rule(personas["county_officer"], tree.county, valid_from=D(2026, 1, 1), party_months=3,
                                 village_months=6, finance_months=1, grace_days=10)  # fmt: skip
    with pytest.raises(AccessDenied):
        actions.save_county_rule(personas["township_officer"], tree.county, valid_from=D(2026, 1, 1),
                                 party_months=3, village_months=3, finance_months=1, grace_days=10)  # fmt: skip
    assert CountyRule.objects.count() == 1


# ---------------------------------------------------------------- spot checks


def test_a_spot_check_and_its_rectification(tree: Any, personas: dict[str, Any]) -> None:
    officer = personas["township_officer"]
    check = actions.record_spot_check(officer, tree.east1, checked_on=D(2026, 9, 20), checker="economy",
                                      checker_names="经管中心吴会计", findings="8月财务公开缺支出明细",
                                      deadline=D(2026, 9, 30), today=TODAY)  # fmt: skip
    assert check.overdue(TODAY)
    with pytest.raises(DomainError, match="整改完成日期应在2026-09-20至今天之间"):
        actions.finish_spot_check(officer, check, D(2026, 9, 19), "已补", today=TODAY)
    actions.finish_spot_check(officer, check, D(2026, 10, 2), "已补充支出明细", today=TODAY)
    stored = SpotCheck.objects.get(pk=check.pk)
    assert (stored.done_on, stored.done_note, stored.overdue(TODAY)) == (D(2026, 10, 2), "已补充支出明细", False)
    with pytest.raises(DomainError, match="整改期限不能早于检查日期"):
        actions.record_spot_check(officer, tree.east1, checked_on=TODAY, checker="discipline", findings="x",
                                  deadline=D(2026, 10, 1), today=TODAY)  # fmt: skip
    with pytest.raises(AccessDenied):
        actions.record_spot_check(personas["village_secretary"], tree.east1, checked_on=TODAY, checker="discipline",
                                  findings="x", today=TODAY)  # fmt: skip
    assert SpotCheck.objects.count() == 1


# ---------------------------------------------------------------- procedures


def test_a_step_out_of_order_is_refused_by_the_engine_in_chinese(tree: Any) -> None:
    proc = actions.start_procedure(SYSTEM, tree.east1, "zizhi", "村道硬化", TODAY, today=TODAY)
    with pytest.raises(IllegalTransition, match="当前状态为“村委会或户联理事会提出议案”，不能变更为“村民代表大会表决”"):
        actions.move_procedure(SYSTEM, proc, "vote", today=TODAY)
    assert Procedure.objects.get(pk=proc.pk).step == "motion" and len(proc.events()) == 1


def test_the_village_matter_from_motion_to_publication(tree: Any) -> None:
    day = D(2026, 9, 1)
    proc = actions.start_procedure(
        SYSTEM, tree.east1, "zizhi", "村道硬化每户筹资", day, note="户联理事会提出", today=TODAY
    )
    actions.move_procedure(SYSTEM, proc, "plan", on=D(2026, 9, 3), today=TODAY)
    actions.move_procedure(SYSTEM, proc, "vote", on=D(2026, 9, 5), today=TODAY)
    with pytest.raises(DomainError, match="“村民代表大会表决”环节还没有关联会议记录"):
        actions.move_procedure(SYSTEM, proc, "implement", on=D(2026, 9, 10), today=TODAY)
    with pytest.raises(DomainError, match="应关联村民代表会议"):
        actions.link_meeting(SYSTEM, proc, held_meeting(tree.east1, Kind.COMMITTEE, D(2026, 9, 6)))
    failed = representatives_vote(tree.east1, D(2026, 9, 8), present=6, votes_for=3)  # 3 of 6 present: not passed
    actions.link_meeting(SYSTEM, proc, failed)
    with pytest.raises(DomainError, match="表决未通过（《村民委员会组织法》第二十六条）"):
        actions.move_procedure(SYSTEM, proc, "implement", on=D(2026, 9, 10), today=TODAY)
    passed = representatives_vote(tree.east1, D(2026, 9, 9), present=4, votes_for=3)  # 4 of 6 present, 3 for
    actions.link_meeting(SYSTEM, proc, passed)
    actions.move_procedure(SYSTEM, proc, "implement", on=D(2026, 9, 10), today=TODAY)
    actions.move_procedure(SYSTEM, proc, "publish", on=D(2026, 9, 30), today=TODAY)
    with pytest.raises(DomainError, match="“村务公开”环节还没有发布公开事项"):
        actions.move_procedure(SYSTEM, proc, "done", on=D(2026, 10, 1), today=TODAY)
    pub = actions.publish_step(SYSTEM, proc, title="村道硬化筹资实施结果", body="经村民代表会议表决通过，已完成硬化2公里",
                               on=D(2026, 10, 1), today=TODAY)  # fmt: skip
    assert (pub.section, pub.category, pub.status, pub.source_ref) == (
        "village",
        "results",
        Status.PUBLISHED,
        f"openness.procedure:{proc.pk}",
    )
    actions.move_procedure(SYSTEM, proc, "done", on=D(2026, 10, 1), today=TODAY)
    stored = Procedure.objects.get(pk=proc.pk)
    assert stored.step == "done" and stored.finished
    assert [e.label for e in stored.events()] == [
        "村委会或户联理事会提出议案", "进入：党支部研究提出实施方案", "进入：村民代表大会表决", "关联会议", "关联会议",
        "进入：村委会组织实施或指导户联理事会实施", "进入：村务公开", "发布公开", "办结",
    ]  # fmt: skip
    assert engine.links(stored, "vote") == [f"meetings.meeting:{failed.pk}", f"meetings.meeting:{passed.pk}"]


def test_a_vote_below_two_thirds_cannot_even_be_recorded(tree: Any) -> None:
    with pytest.raises(DomainError, match="到会 3 人，不足应到 6 人的三分之二（需 4 人），不能表决"):
        representatives_vote(tree.east1, D(2026, 9, 8), present=3, votes_for=3)


def test_cancelling_leaves_a_step_without_completing_it_and_needs_a_reason(tree: Any) -> None:
    proc = actions.start_procedure(SYSTEM, tree.east1, "siyi", "修建文化广场", TODAY, today=TODAY)
    with pytest.raises(DomainError, match="“终止”需要填写：情况说明"):
        actions.move_procedure(SYSTEM, proc, "cancelled", today=TODAY)
    actions.move_procedure(SYSTEM, proc, "cancelled", note="资金未落实", today=TODAY)
    assert Procedure.objects.get(pk=proc.pk).step == "cancelled"

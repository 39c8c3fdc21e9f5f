"""The development rules against the 细则 articles: both sides of every boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from jiceng.core import engine
from jiceng.core.calendar import Calendar
from jiceng.core.workflow import parse_definition
from jiceng.development import flow, rules
from jiceng.development.rules import RULES_2014, RuleSet
from jiceng.notices import rules as notice_rules

D = dt.date
DEF = parse_definition(flow.FLOW, roles=flow.ROLES, requirements=flow.REQUIREMENTS)


def test_age_18_on_the_day_of_application() -> None:
    assert (
        rules.age_problem(D(2005, 3, 2), D(2023, 3, 1))
        == "申请入党须年满18周岁（《中国共产党发展党员工作细则》第五条）"
    )
    assert rules.age_problem(D(2005, 3, 1), D(2023, 3, 1)) is None


def test_one_or_two_full_member_contacts() -> None:
    assert rules.contacts_problem([]) == "应指定1至2名培养联系人（《中国共产党发展党员工作细则》第九条）"
    assert rules.contacts_problem(["full"]) is None
    assert rules.contacts_problem(["full", "full"]) is None
    assert (
        rules.contacts_problem(["full", "full", "full"])
        == "应指定1至2名培养联系人（《中国共产党发展党员工作细则》第九条）"
    )
    assert rules.contacts_problem(["probationary"]) == "培养联系人须为正式党员（《中国共产党发展党员工作细则》第九条）"


def test_two_full_member_introducers() -> None:
    assert rules.introducers_problem(["full", "full"]) is None
    assert rules.introducers_problem(["full"]) == "发展对象应有2名入党介绍人（《中国共产党发展党员工作细则》第十四条）"
    assert (
        rules.introducers_problem(["full", "probationary"])
        == "入党介绍人须为正式党员（《中国共产党发展党员工作细则》第十四条）"
    )


def test_training_three_days_or_24_hours() -> None:
    assert rules.training_problem(3, None) is None
    assert rules.training_problem(None, 24) is None
    assert (
        rules.training_problem(2, 23)
        == "集中培训时间不少于3天或不少于24个学时，已填2天、23学时（《中国共产党发展党员工作细则》第十八条）"
    )


def test_review_every_six_months() -> None:
    assert rules.review_due(D(2023, 4, 10)) == D(2023, 10, 10)
    assert rules.review_due(D(2023, 8, 31)) == D(2024, 2, 29)


def test_probation_one_year_from_the_congress_and_confirmation_boundary() -> None:
    assert rules.probation_end(D(2024, 7, 1)) == D(2025, 7, 1)
    assert "2025-07-01期满" in (rules.confirm_problem(D(2025, 6, 30), D(2024, 7, 1), 0) or "")
    assert rules.confirm_problem(D(2025, 7, 1), D(2024, 7, 1), 0) is None


def test_the_extension_six_to_twelve_months_once() -> None:
    cite = "（《中国共产党发展党员工作细则》第三十二条）"
    assert rules.extension_problem(5, 0) == f"延长预备期应为6至12个月{cite}"
    assert rules.extension_problem(6, 0) is None
    assert rules.extension_problem(12, 0) is None
    assert rules.extension_problem(13, 0) == f"延长预备期应为6至12个月{cite}"
    assert rules.extension_problem(6, 6) == f"预备期只能延长一次，已延长6个月{cite}"
    assert rules.probation_end(D(2024, 7, 1), 6) == D(2026, 1, 1)
    assert rules.confirm_problem(D(2025, 12, 31), D(2024, 7, 1), 6) is not None
    assert rules.confirm_problem(D(2026, 1, 1), D(2024, 7, 1), 6) is None


def test_the_rule_version_is_chosen_by_the_step_date() -> None:
    revision = RuleSet(name="2026年修订", valid_from=D(2026, 7, 1), min_age=18, talk_months=2,
                       articles=RULES_2014.articles)  # fmt: skip
    versions = (RULES_2014, revision)
    assert rules.rules_on(D(2026, 6, 30), versions) is RULES_2014
    assert rules.rules_on(D(2026, 7, 1), versions) is revision
    assert rules.rules_on(D(2014, 6, 10)) is RULES_2014
    assert flow.definition(revision)["clocks"][0]["months"] == 2


def _clock(key: str, start: str, on: dt.date) -> dt.date:
    clocks = engine.advance_clocks(DEF, {}, None, DEF.state(start), on, Calendar())
    return dt.date.fromisoformat(clocks[key]["due"])


def test_talk_within_one_month_of_the_application() -> None:
    assert _clock("talk", "applied", D(2023, 3, 1)) == D(2023, 4, 1)
    assert DEF.clock("talk").rule == "《中国共产党发展党员工作细则》第七条"  # type: ignore[union-attr]


def test_congress_within_a_month_of_prereview_and_approval_within_3_at_most_6_months() -> None:
    assert _clock("congress", "prereviewed", D(2024, 6, 4)) == D(2024, 7, 4)
    assert _clock("approval", "admitted", D(2024, 7, 1)) == D(2024, 10, 1)
    assert _clock("approval_max", "admitted", D(2024, 7, 1)) == D(2025, 1, 1)


def test_the_notice_is_five_working_days_over_a_holiday() -> None:
    # 国庆 2026: 1–7 October off, Saturday 10 October a working day (调休)
    holidays = frozenset(D(2026, 10, d) for d in range(1, 8))
    calendar = Calendar(holidays=holidays, workdays=frozenset({D(2026, 10, 10)}))
    assert notice_rules.period(calendar, D(2026, 9, 30), RULES_2014.notice_days) == (D(2026, 9, 30), D(2026, 10, 12))
    assert notice_rules.period(calendar, D(2026, 9, 28), RULES_2014.notice_days) == (D(2026, 9, 28), D(2026, 10, 9))


@pytest.mark.parametrize(("target", "after", "years"), [("candidate", "activist", 1), ("confirmed", "admitted", 1)])
def test_earliest_date_guards_in_the_definition(target: str, after: str, years: int) -> None:
    source = "activist" if target == "candidate" else "confirm_congress"
    guard = DEF.move(source, target).guards[0]
    assert (guard.after, guard.period.years) == (after, years)

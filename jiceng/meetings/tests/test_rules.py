"""Pure rules against the regulation (支部工作条例) and seed 004."""

from __future__ import annotations

import datetime as dt

from jiceng.core.dates import entry_gap_days
from jiceng.meetings import rules
from jiceng.meetings.rules import Kind, Period, Presence, Requirement, Route, Seat
from jiceng.meetings.services import requirements_for

P, A = Presence.PRESENT, Presence.ABSENT


def seats(present: int, absent: int, *, voting: bool = True, away: bool = False) -> list[Seat]:
    return [Seat(voting, P, away)] * present + [Seat(voting, A, away)] * absent


def test_quorum_needs_more_than_half_of_voting_members() -> None:
    # 10 full members: 5 present is exactly half — not enough (Art. 11: more than half).
    assert not rules.quorum(seats(5, 5), exclude_away=False).reached
    q = rules.quorum(seats(6, 4), exclude_away=False)
    assert (q.should_attend, q.present, q.reached, q.needed) == (10, 6, True, 6)


def test_probationary_members_neither_count_nor_vote() -> None:
    q = rules.quorum(seats(3, 3) + seats(4, 0, voting=False), exclude_away=False)
    assert (q.should_attend, q.present, q.reached) == (6, 3, False)


def test_away_members_left_out_only_when_the_meeting_chooses_so() -> None:
    roster = seats(5, 3) + seats(0, 4, away=True)
    assert rules.quorum(roster, exclude_away=False) == rules.Quorum(12, 5, 0)
    assert rules.quorum(roster, exclude_away=True) == rules.Quorum(8, 5, 4)
    assert rules.quorum(roster, exclude_away=True).reached


def test_an_away_member_who_comes_counts() -> None:
    q = rules.quorum(seats(1, 0, away=True) + seats(1, 1), exclude_away=True)
    assert (q.should_attend, q.present) == (3, 2)


def test_late_and_left_early_are_present_excused_is_not() -> None:
    roster = [Seat(True, Presence.LATE), Seat(True, Presence.LEFT_EARLY), Seat(True, Presence.EXCUSED),
              Seat(True, Presence.ABSENT)]  # fmt: skip
    assert rules.quorum(roster, exclude_away=True) == rules.Quorum(4, 2, 0)


def test_vote_passes_with_more_than_half_of_those_who_should_attend() -> None:
    # 11 should attend: 6 for passes, 5 for does not, whatever the abstentions.
    assert rules.vote_passes(6, 11)
    assert not rules.vote_passes(5, 11)
    assert not rules.vote_passes(4, 8)


def test_vote_tally_cannot_exceed_present_voters() -> None:
    assert rules.vote_problem(5, 1, 1, 7) == ""
    assert "超过到会有表决权党员 6 人" in rules.vote_problem(5, 1, 1, 6)


def test_representatives_meeting_follows_the_organic_law() -> None:
    # Issue 10.3, 村民委员会组织法 Art. 26: at least two thirds present; more than half of those present pass it.
    q = rules.quorum(seats(10, 5), exclude_away=False, kind=Kind.REPRESENTATIVES)
    assert (q.should_attend, q.present, q.reached, q.needed) == (15, 10, True, 10)
    q = rules.quorum(seats(9, 6), exclude_away=False, kind=Kind.REPRESENTATIVES)
    assert (q.reached, q.needed) == (False, 10)
    assert rules.quorum_problem(q) == "到会 9 人，不足应到 15 人的三分之二（需 10 人），不能表决"
    # 10 of 15 present: 6 votes pass it (not 8 of the 15 who should attend).
    assert rules.vote_passes(6, 15, 10, Kind.REPRESENTATIVES)
    assert not rules.vote_passes(5, 15, 10, Kind.REPRESENTATIVES)
    # Every representative votes, party member or not; away members are never left out.
    assert rules.seat_votes(Kind.REPRESENTATIVES, full_member=False)
    assert not rules.seat_votes(Kind.PARTY_CONGRESS, full_member=False)
    away = seats(6, 0) + seats(0, 3, away=True)
    assert rules.quorum(away, exclude_away=True, kind=Kind.REPRESENTATIVES).should_attend == 9


def test_notice_less_than_five_days_ahead_is_late() -> None:
    meeting = dt.datetime(2026, 3, 10, 9, 0)
    assert rules.notice_too_late(dt.datetime(2026, 3, 6, 17, 0), meeting)  # 4 days
    assert not rules.notice_too_late(dt.datetime(2026, 3, 5, 8, 0), meeting)  # 5 days
    assert not rules.notice_too_late(dt.datetime(2026, 3, 6, 17, 0), meeting, required_days=3)


def test_special_meeting_issue_due_within_one_month() -> None:
    assert rules.default_deadline(Route.SPECIAL_MEETING, dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert rules.default_deadline(Route.SPECIAL_MEETING, dt.date(2026, 3, 10)) == dt.date(2026, 4, 10)
    assert rules.default_deadline(Route.ON_THE_SPOT, dt.date(2026, 3, 10)) == dt.date(2026, 3, 10)
    assert rules.default_deadline(Route.ESCALATED, dt.date(2026, 3, 10)) is None


def test_overdue_only_when_open_and_past_deadline() -> None:
    deadline = dt.date(2026, 4, 10)
    assert not rules.is_overdue(deadline, None, dt.date(2026, 4, 10))
    assert rules.is_overdue(deadline, None, dt.date(2026, 4, 11))
    assert not rules.is_overdue(deadline, dt.date(2026, 4, 9), dt.date(2026, 5, 1))
    assert not rules.is_overdue(None, None, dt.date(2030, 1, 1))


def test_entry_gap() -> None:
    assert entry_gap_days(dt.date(2026, 3, 1), dt.date(2026, 3, 20)) == 19
    assert entry_gap_days(dt.date(2026, 3, 1), dt.date(2026, 3, 1)) == 0


CONGRESS = Requirement(Kind.PARTY_CONGRESS, Period.QUARTER, 1)
COMMITTEE = Requirement(Kind.COMMITTEE, Period.MONTH, 1)
LIFE = Requirement(Kind.LIFE_MEETING, Period.YEAR, 1)
LONG_AGO = dt.date(2020, 1, 1)


def test_quarterly_congress_judged_for_ended_quarters_only() -> None:
    # Held in February and August; on 15 October Q1–Q3 are judged, Q4 is still running.
    result = rules.judge(CONGRESS, 2026, LONG_AGO, dt.date(2026, 10, 15), {2: 1, 8: 1})
    assert (result.owed, result.met, result.behind, result.held) == (3, 2, ("2026年第2季度",), 2)


def test_two_congresses_in_one_quarter_do_not_cover_another() -> None:
    result = rules.judge(CONGRESS, 2026, LONG_AGO, dt.date(2027, 1, 1), {1: 1, 3: 1, 5: 1, 11: 1})
    assert result.behind == ("2026年第3季度",)


def test_monthly_committee() -> None:
    held = {m: 1 for m in range(1, 13) if m not in (4, 9)}
    result = rules.judge(COMMITTEE, 2026, LONG_AGO, dt.date(2026, 12, 31), held)
    assert result.owed == 11  # December has not ended
    assert result.behind == ("2026年4月", "2026年9月")


def test_a_higher_local_requirement() -> None:
    twice = Requirement(Kind.THEME_DAY, Period.MONTH, 2)
    result = rules.judge(twice, 2026, LONG_AGO, dt.date(2026, 3, 1), {1: 2, 2: 1})
    assert result.behind == ("2026年2月",)


def test_branch_set_up_mid_year_owes_only_later_periods() -> None:
    since = dt.date(2026, 5, 10)
    months = rules.judge(COMMITTEE, 2026, since, dt.date(2026, 9, 1), {})
    assert months.behind == ("2026年6月", "2026年7月", "2026年8月")
    quarters = rules.judge(CONGRESS, 2026, since, dt.date(2027, 1, 1), {})
    assert quarters.behind == ("2026年第3季度", "2026年第4季度")
    # The year it was set up is not owed for yearly meetings; the next is.
    assert rules.judge(LIFE, 2026, since, dt.date(2027, 1, 1), {}).owed == 0
    assert rules.judge(LIFE, 2027, since, dt.date(2028, 1, 1), {}).behind == ("2027年",)


def test_a_year_not_begun_owes_nothing() -> None:
    assert rules.judge(COMMITTEE, 2026, LONG_AGO, dt.date(2026, 1, 1), {}).owed == 0


def test_which_kinds_a_branch_owes() -> None:
    # 支委会 only with ≥7 full members (Art. 8); 党小组会 only where groups exist.
    assert not rules.applies(Kind.COMMITTEE, 6, True)
    assert rules.applies(Kind.COMMITTEE, 7, False)
    assert not rules.applies(Kind.GROUP, 30, False)
    assert rules.applies(Kind.THEME_DAY, 3, False)


def test_default_requirements_follow_the_regulation() -> None:
    by_kind = {r.kind: (r.period, r.required) for r in rules.DEFAULT_REQUIREMENTS}
    assert by_kind == {
        Kind.PARTY_CONGRESS: (Period.QUARTER, 1), Kind.COMMITTEE: (Period.MONTH, 1), Kind.GROUP: (Period.MONTH, 1),
        Kind.THEME_DAY: (Period.MONTH, 1), Kind.LESSON: (Period.QUARTER, 1), Kind.LIFE_MEETING: (Period.YEAR, 1),
        Kind.REVIEW: (Period.YEAR, 1),
    }  # fmt: skip


def test_nearest_local_rule_wins_and_zero_removes_a_requirement() -> None:
    overrides = [("0001", Kind.LESSON, Period.YEAR, 1), ("00010001", Kind.LESSON, Period.MONTH, 1),
                 ("00010002", Kind.THEME_DAY, Period.MONTH, 0)]  # fmt: skip
    east = {r.kind: r for r in requirements_for("000100010001", overrides)}
    west = {r.kind: r for r in requirements_for("000100020001", overrides)}
    assert east[Kind.LESSON].period == Period.MONTH and west[Kind.LESSON].period == Period.YEAR
    assert Kind.THEME_DAY in east and Kind.THEME_DAY not in west


def test_attendance_rate() -> None:
    assert rules.attendance_rate(0, 0) is None
    assert rules.attendance_rate(3, 2) == 66.7


def test_report_theme_follows_the_season() -> None:
    assert rules.default_report_theme(1).startswith("年度工作目标")
    assert rules.default_report_theme(12).startswith("年度目标完成情况")

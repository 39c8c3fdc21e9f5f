"""Pure rules of meetings: kinds, attendance, quorum and votes, notices, issues, compliance.

No database here; every public rule cites its source in one comment.

- 《中国共产党支部工作条例（试行）》(2018): 党员大会 generally once a quarter (Art. 11), quorum
  more than half of the members with voting rights, a decision passes with more than half of
  those who should attend (Art. 11); 支委会 generally monthly (Art. 12), set up with ≥7 full
  members (Art. 8); 党小组会 generally monthly (Art. 13); 党课 (Art. 16, quarterly by local rule);
  主题党日 monthly (Art. 15); 组织生活会 and 民主评议党员 yearly (Art. 17–18).
- Seed 004 (township 例会制度): written notice five days ahead; absence only with leave
  approved by the Party secretary; issues raised: on the spot / special meeting within one
  month / escalated / explained; village reports with a theme set for each meeting.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db import models


class Kind(models.TextChoices):
    PARTY_CONGRESS = "party_congress", "党员大会"
    COMMITTEE = "committee", "支委会"
    GROUP = "group", "党小组会"
    LESSON = "lesson", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    REVIEW = "review", "民主评议党员"
    REGULAR = "regular", "例会"
    AREA = "area", "片会"
    THREE_COMMITTEES = "three_committees", "三委会"
    REPRESENTATIVES = "representatives", "村民代表会议"


# Kinds held by a township for the villages' cadres (seed 004: 例会; seed 000: 片会, 三委会 review).
TOWNSHIP_KINDS = (Kind.REGULAR, Kind.AREA)
# Kinds with village reports and issues raised.
REPORTING_KINDS = (Kind.REGULAR, Kind.AREA, Kind.THREE_COMMITTEES)


class Status(models.TextChoices):
    SCHEDULED = "scheduled", "已安排"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"


MEETING_MOVES: dict[str, set[str]] = {
    Status.SCHEDULED: {Status.HELD, Status.CANCELLED},
    Status.HELD: set(),
    Status.CANCELLED: set(),
}


class Presence(models.TextChoices):
    INVITED = "invited", "应到"
    PRESENT = "present", "出席"
    LATE = "late", "迟到"
    LEFT_EARLY = "left_early", "早退"
    ABSENT = "absent", "缺席"
    EXCUSED = "excused", "请假"


ATTENDED = (Presence.PRESENT, Presence.LATE, Presence.LEFT_EARLY)
_RECORDED: set[str] = {Presence.PRESENT, Presence.LATE, Presence.LEFT_EARLY, Presence.ABSENT}
# Excused is reached only through an approved leave request (seed 004: leave needs approval).
PRESENCE_MOVES: dict[str, set[str]] = {
    Presence.INVITED: _RECORDED | {Presence.EXCUSED},
    **{p: _RECORDED - {p} for p in _RECORDED},
    Presence.EXCUSED: set(ATTENDED) | {Presence.ABSENT},
}


class LeaveStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


LEAVE_MOVES: dict[str, set[str]] = {LeaveStatus.PENDING: {LeaveStatus.APPROVED, LeaveStatus.REFUSED}}


class Route(models.TextChoices):
    # Seed 004 §二.4: the four ways an issue raised at a 例会 is handled.
    ON_THE_SPOT = "on_the_spot", "当场解决"
    SPECIAL_MEETING = "special_meeting", "专题会议研究（一月内解决）"
    ESCALATED = "escalated", "报请上级协调"
    EXPLAINED = "explained", "向群众解释说明"


class Period(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


class ReportQuality(models.IntegerChoices):
    GOOD = 4, "好"
    FAIR = 3, "较好"
    AVERAGE = 2, "一般"
    POOR = 1, "差"


NOTICE_LEAD_DAYS = 5  # seed 004: "提前五天以书面形式把会议时间、地点、主题通知参会人员"
SPECIAL_MEETING_MONTHS = 1  # seed 004: "要求一月内予以解决"
COMMITTEE_MIN_FULL_MEMBERS = 7  # 支部工作条例 Art. 8: 支委会 set up with ≥7 full members


# --- notices ---------------------------------------------------------------------------------


def notice_lead_days(sent_at: dt.datetime, starts_at: dt.datetime) -> int:
    """Whole calendar days between the notice and the meeting (same day = 0)."""
    return (starts_at.date() - sent_at.date()).days


def notice_too_late(sent_at: dt.datetime, starts_at: dt.datetime, required_days: int = NOTICE_LEAD_DAYS) -> bool:
    # Seed 004: notice at least five days ahead; the number is set per township.
    return notice_lead_days(sent_at, starts_at) < required_days


def default_report_theme(month: int) -> str:
    """Seed 004: at the start of the year villages report their targets, at the end their results."""
    if month <= 3:
        return "年度工作目标及完成目标的措施"
    if month >= 11:
        return "年度目标完成情况、经验和不足"
    return "重点工作进展及存在的问题"


def entry_gap_days(held_on: dt.date, entered_on: dt.date) -> int:
    """Days between holding a meeting and recording it (DOMAIN.md: late entry is allowed, shown honestly)."""
    return max(0, (entered_on - held_on).days)


# --- quorum and votes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """One invitee as the quorum rule sees them."""

    voting: bool  # a full member (probationary members have no vote: 党章 Art. 7)
    presence: str
    away: bool = False  # working away and not asking to take part


@dataclass(frozen=True)
class Quorum:
    should_attend: int
    present: int
    excluded_away: int

    @property
    def reached(self) -> bool:
        # 支部工作条例 Art. 11: more than half of the voting members who should attend are present.
        return self.present * 2 > self.should_attend

    @property
    def needed(self) -> int:
        return self.should_attend // 2 + 1


def quorum(seats: Iterable[Seat], exclude_away: bool) -> Quorum:
    """Voting members who should attend and those present; away members may be left out (recorded choice)."""
    should = present = excluded = 0
    for seat in seats:
        if not seat.voting:
            continue
        attended = seat.presence in ATTENDED
        if exclude_away and seat.away and not attended:
            excluded += 1
            continue
        should += 1
        present += attended
    return Quorum(should_attend=should, present=present, excluded_away=excluded)


def vote_passes(votes_for: int, should_attend: int) -> bool:
    # 支部工作条例 Art. 11: a decision passes with more than half of the voting members who should attend.
    return votes_for * 2 > should_attend


def vote_problem(votes_for: int, against: int, abstain: int, present_voting: int) -> str:
    """Why a tally cannot be right, or ''."""
    if min(votes_for, against, abstain) < 0:
        return "票数不能为负数"
    if votes_for + against + abstain > present_voting:
        return f"赞成、反对、弃权合计 {votes_for + against + abstain} 票，超过到会有表决权党员 {present_voting} 人"
    return ""


# --- issues raised -----------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_deadline(route: str, held_on: dt.date) -> dt.date | None:
    # Seed 004: on the spot → the meeting day; special meeting → within one month.
    if route == Route.ON_THE_SPOT:
        return held_on
    if route == Route.SPECIAL_MEETING:
        return add_months(held_on, SPECIAL_MEETING_MONTHS)
    return None


def is_overdue(deadline: dt.date | None, resolved_on: dt.date | None, today: dt.date) -> bool:
    return resolved_on is None and deadline is not None and today > deadline


# --- compliance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    kind: str
    period: str
    required: int


# Defaults from 支部工作条例 (Art. 11–18); 党课 quarterly is a common local rule (configurable).
DEFAULT_REQUIREMENTS = (
    Requirement(Kind.PARTY_CONGRESS, Period.QUARTER, 1),
    Requirement(Kind.COMMITTEE, Period.MONTH, 1),
    Requirement(Kind.GROUP, Period.MONTH, 1),
    Requirement(Kind.THEME_DAY, Period.MONTH, 1),
    Requirement(Kind.LESSON, Period.QUARTER, 1),
    Requirement(Kind.LIFE_MEETING, Period.YEAR, 1),
    Requirement(Kind.REVIEW, Period.YEAR, 1),
)


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date  # inclusive
    label: str


@lru_cache(maxsize=256)
def periods(period: str, year: int) -> tuple[Span, ...]:
    if period == Period.YEAR:
        return (Span(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年"),)
    if period == Period.QUARTER:
        return tuple(
            Span(dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), f"{year}年第{q}季度") for q in range(1, 5)
        )
    return tuple(Span(dt.date(year, m, 1), _month_end(year, m), f"{year}年{m}月") for m in range(1, 13))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def owed_periods(period: str, year: int, since: dt.date, as_of: dt.date) -> list[Span]:
    """Periods that have ended by `as_of` and began on or after the branch was set up.

    A branch set up mid-period owes nothing for that period (it could not have held the
    meeting in full time); the period in progress is not judged yet.
    """
    return [s for s in periods(period, year) if s.start >= since and s.end < as_of]


@dataclass(frozen=True)
class KindCompliance:
    kind: str
    period: str
    required: int
    owed: int  # periods judged
    met: int
    behind: tuple[str, ...]  # labels of the periods short of the requirement
    held: int  # meetings of this kind held in the year so far

    @property
    def ok(self) -> bool:
        return not self.behind

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)


def judge(req: Requirement, year: int, since: dt.date, as_of: dt.date, monthly: dict[int, int]) -> KindCompliance:
    """Compare held meetings (`monthly`: month number → count in `year`) against one requirement."""
    owed = owed_periods(str(req.period), year, since, as_of)
    if req.period == Period.MONTH:  # the common case, without summing
        behind = tuple(span.label for span in owed if monthly.get(span.start.month, 0) < req.required)
    else:
        behind = tuple(
            span.label
            for span in owed
            if sum(monthly.get(m, 0) for m in range(span.start.month, span.end.month + 1)) < req.required
        )
    return KindCompliance(req.kind, req.period, req.required, len(owed), len(owed) - len(behind), behind,
                          sum(monthly.values()))  # fmt: skip


def applies(kind: str, full_members: int, has_groups: bool) -> bool:
    """Whether a branch owes meetings of `kind` at all."""
    if kind == Kind.COMMITTEE:
        return full_members >= COMMITTEE_MIN_FULL_MEMBERS  # 支部工作条例 Art. 8
    if kind == Kind.GROUP:
        return has_groups  # 党小组会 only where 党小组 exist (Art. 13)
    return True


def attendance_rate(invited: int, attended: int) -> float | None:
    return None if invited == 0 else round(100 * attended / invited, 1)

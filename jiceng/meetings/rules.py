"""Pure rules of meetings: kinds, attendance, quorum and votes, notices, issues, compliance.

No database here; every public rule cites its source in one comment.

- 《中国共产党支部工作条例（试行）》(2018): 党员大会 generally once a quarter (Art. 11), quorum
  more than half of the members with voting rights, a decision passes with more than half of
  those who should attend (Art. 11); 支委会 generally monthly (Art. 12), set up with ≥7 full
  members (Art. 8); 党小组会 generally monthly (Art. 13); 党课 (Art. 16, quarterly by local rule);
  主题党日 monthly (Art. 15); 组织生活会 and 民主评议党员 yearly (Art. 17–18).
- 《村民委员会组织法》(2018) Art. 25–26: a 村民代表会议 is the village committee's members and the
  villager representatives; held with at least two thirds of them present, a decision passes with
  more than half of those present; every representative votes, party member or not.
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
from typing import Any

from django.db import models
from django.utils import timezone

from jiceng.core.calendar import add_months
from jiceng.core.workflow import Move, parse_definition
from jiceng.people.rules import PartyTitle


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


# The meeting's lifecycle, run by `core.engine` (code "meetings.meeting"): held and cancelled are final.
MEETING_FLOW: dict[str, Any] = {
    "title": "会议",
    "states": [
        {"key": Status.SCHEDULED.value, "label": Status.SCHEDULED.label},
        {"key": Status.HELD.value, "label": Status.HELD.label, "final": True, "outcome": "held"},
        {"key": Status.CANCELLED.value, "label": Status.CANCELLED.label, "final": True, "outcome": "cancelled"},
    ],
    "initial": Status.SCHEDULED.value,
    "transitions": [
        {"from": Status.SCHEDULED.value, "to": Status.HELD.value, "label": "记录为已召开", "roles": ["editor"]},
        {"from": Status.SCHEDULED.value, "to": Status.CANCELLED.value, "label": "取消会议", "roles": ["editor"]},
    ],
}
MEETING_ROLES = {"editor": "召集组织的书记或组织工作人员"}


class Presence(models.TextChoices):
    INVITED = "invited", "应到"
    PRESENT = "present", "出席"
    LATE = "late", "迟到"
    LEFT_EARLY = "left_early", "早退"
    ABSENT = "absent", "缺席"
    EXCUSED = "excused", "请假"


ATTENDED = (Presence.PRESENT, Presence.LATE, Presence.LEFT_EARLY)
_RECORDED = (Presence.PRESENT, Presence.LATE, Presence.LEFT_EARLY, Presence.ABSENT)
APPROVED_LEAVE = "approved_leave"


def _presence_moves() -> list[dict[str, Any]]:
    moves: list[dict[str, Any]] = []
    for source in (Presence.INVITED, *_RECORDED, Presence.EXCUSED):
        targets = [p for p in _RECORDED if p != source]
        if source == Presence.EXCUSED:
            targets = [*ATTENDED, Presence.ABSENT]
        for target in targets:
            moves.append({"from": source.value, "to": target.value, "roles": ["editor"]})
        if source in (Presence.INVITED, Presence.ABSENT):
            # Seed 004: absence only with leave approved; "请假" is reached only through an approved request.
            moves.append({"from": source.value, "to": Presence.EXCUSED.value, "roles": ["editor"],
                          "requires": [APPROVED_LEAVE]})  # fmt: skip
    return moves


# Presence of one invitee (pure: checked per row, written in bulk by the attendance action).
PRESENCE_FLOW: dict[str, Any] = {
    "title": "出席情况",
    "states": [{"key": p.value, "label": p.label} for p in Presence],
    "initial": Presence.INVITED.value,
    "transitions": _presence_moves(),
}
PRESENCE = parse_definition(PRESENCE_FLOW, roles=MEETING_ROLES, requirements={APPROVED_LEAVE: "经批准的请假"})


def presence_move(current: str, target: str) -> Move:
    """The presence move, or IllegalTransition in Chinese ("当前状态为“出席”，不能变更为“应到”")."""
    return PRESENCE.move(current, target)


def organizer_grants_leave(kind: str) -> bool:
    """Whether whoever records the meeting may mark 请假 without a leave request: seed 004 binds the
    township's 例会 and 片会 (leave approved by the 乡党委主要负责人); a branch grants leave for its own
    meetings (a local reading, recorded and audited like any attendance)."""
    return kind not in TOWNSHIP_KINDS


def may_become_excused() -> list[str]:
    """Presences an approved leave turns into 请假 (the sources of a move to excused)."""
    return [m.source for m in PRESENCE.moves if m.target == Presence.EXCUSED]


class LeaveStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


# A leave request (code "meetings.leave"): the 乡党委主要负责人 decides (seed 004), or whom the
# township names; a refused request may be asked again with a new reason (one request per invitee, its history kept).
LEAVE_FLOW: dict[str, Any] = {
    "title": "请假申请",
    "states": [
        {"key": LeaveStatus.PENDING.value, "label": LeaveStatus.PENDING.label},
        {"key": LeaveStatus.APPROVED.value, "label": LeaveStatus.APPROVED.label, "final": True,
         "outcome": "approved"},
        {"key": LeaveStatus.REFUSED.value, "label": LeaveStatus.REFUSED.label, "final": True, "outcome": "refused"},
    ],
    "initial": LeaveStatus.PENDING.value,
    "transitions": [
        {"from": LeaveStatus.PENDING.value, "to": LeaveStatus.APPROVED.value, "label": "批准请假",
         "roles": ["approver"]},
        {"from": LeaveStatus.PENDING.value, "to": LeaveStatus.REFUSED.value, "label": "不批准请假",
         "roles": ["approver"]},
        {"from": LeaveStatus.REFUSED.value, "to": LeaveStatus.PENDING.value, "label": "重新请假",
         "roles": ["requester"], "requires": ["reason"]},
    ],
}  # fmt: skip
LEAVE_ROLES = {
    "approver": "乡党委主要负责人（或乡镇指定的审批人）",
    "requester": "参会人员所在组织的书记或组织工作人员",
}
LEAVE_REQUIREMENTS = {"reason": "请假事由"}


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
# 支部工作条例 Art. 12: the 支委会 is the branch committee (书记, 副书记, 委员), not every member.
# The branch committee a 支委会 invites; the 第一书记 sits beside the secretary (issue 10.9).
COMMITTEE_TITLES = (PartyTitle.SECRETARY, PartyTitle.FIRST_SECRETARY, PartyTitle.DEPUTY_SECRETARY, PartyTitle.MEMBER)


# --- notices ---------------------------------------------------------------------------------


def notice_lead_days(sent_at: dt.datetime, starts_at: dt.datetime) -> int:
    """Whole calendar days between the notice and the meeting (same day = 0), counted in the
    county's time zone: a notice sent at 01:00 Beijing time is sent that day, not the day before."""
    return (_local_day(starts_at) - _local_day(sent_at)).days


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


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


WORKDAY_START = dt.time(9, 0)  # a working-hours default for a new meeting's time


def default_start(now: dt.datetime, is_business_day: Any, *, held: bool, lead_days: int) -> dt.datetime:
    """A working-hours default for a new meeting (the business calendar decides the days):
    to schedule, 09:00 on the first working day at least `lead_days` ahead (its notice can go out
    in time, seed 004); to record one held, 09:00 on the latest working day not after `now`."""
    day = now.date()
    if held:
        if now.time() < WORKDAY_START:
            day -= dt.timedelta(days=1)
        while not is_business_day(day):
            day -= dt.timedelta(days=1)
    else:
        day += dt.timedelta(days=max(lead_days, 1))
        while not is_business_day(day):
            day += dt.timedelta(days=1)
    return now.replace(year=day.year, month=day.month, day=day.day, hour=WORKDAY_START.hour,
                       minute=WORKDAY_START.minute, second=0, microsecond=0)  # fmt: skip


# --- quorum and votes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """One invitee as the quorum rule sees them."""

    voting: bool  # a full member (probationary members have no vote: 党章 Art. 7); every 村民代表 votes
    presence: str
    away: bool = False  # working away and not asking to take part


# Meetings whose attendance decides whether they may be held and vote: the 党员大会 (支部工作条例
# Art. 11) and the 村民代表会议 (村民委员会组织法 Art. 26).
QUORUM_KINDS = (Kind.PARTY_CONGRESS, Kind.REPRESENTATIVES)


@dataclass(frozen=True)
class Quorum:
    should_attend: int
    present: int
    excluded_away: int
    kind: str = Kind.PARTY_CONGRESS  # whose rule applies

    @property
    def reached(self) -> bool:
        if self.kind == Kind.REPRESENTATIVES:
            # 村民委员会组织法 Art. 26: held only with at least two thirds of its members present.
            return self.should_attend > 0 and self.present * 3 >= self.should_attend * 2
        # 支部工作条例 Art. 11: more than half of the voting members who should attend are present.
        return self.present * 2 > self.should_attend

    @property
    def needed(self) -> int:
        if self.kind == Kind.REPRESENTATIVES:
            return -(-self.should_attend * 2 // 3)
        return self.should_attend // 2 + 1


def seat_votes(kind: str, full_member: bool) -> bool:
    """Who votes: every member of a 村民代表会议, party member or not (组织法 Art. 26); at party
    meetings only full members (党章 Art. 7: probationary members have no vote)."""
    return kind == Kind.REPRESENTATIVES or full_member


def quorum(seats: Iterable[Seat], exclude_away: bool, kind: str = Kind.PARTY_CONGRESS) -> Quorum:
    """Voting members who should attend and those present; away members may be left out (recorded choice,
    party meetings only: the 组织法 counts every member of a 村民代表会议)."""
    exclude_away = exclude_away and kind != Kind.REPRESENTATIVES
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
    return Quorum(should_attend=should, present=present, excluded_away=excluded, kind=kind)


def vote_passes(
    votes_for: int, should_attend: int, present: int | None = None, kind: str = Kind.PARTY_CONGRESS
) -> bool:
    if kind == Kind.REPRESENTATIVES and present is not None:
        # 村民委员会组织法 Art. 26: a decision needs more than half of those present.
        return votes_for * 2 > present
    # 支部工作条例 Art. 11: a decision passes with more than half of the voting members who should attend.
    return votes_for * 2 > should_attend


def voters_label(kind: str) -> str:
    return "到会人员" if kind == Kind.REPRESENTATIVES else "到会有表决权党员"


def vote_problem(
    votes_for: int, against: int, abstain: int, present_voting: int, kind: str = Kind.PARTY_CONGRESS
) -> str:
    """Why a tally cannot be right, or ''."""
    if min(votes_for, against, abstain) < 0:
        return "票数不能为负数"
    if votes_for + against + abstain > present_voting:
        return f"赞成、反对、弃权合计 {votes_for + against + abstain} 票，超过{voters_label(kind)} {present_voting} 人"
    return ""


def quorum_problem(q: Quorum) -> str:
    """Why a vote cannot be taken at a meeting of a quorum kind, or ''."""
    if q.kind not in QUORUM_KINDS or q.reached:
        return ""
    if q.kind == Kind.REPRESENTATIVES:
        return f"到会 {q.present} 人，不足应到 {q.should_attend} 人的三分之二（需 {q.needed} 人），不能表决"
    return f"到会有表决权党员 {q.present} 人，未超过应到 {q.should_attend} 人的半数，不能表决"


# --- issues raised -----------------------------------------------------------------------------


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

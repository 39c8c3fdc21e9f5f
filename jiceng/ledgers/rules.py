"""Pure rules for ledgers (台账): workflows as data, business-day deadlines, quotas, statistics.

No database here. Each public rule names its source:
- Ledger kinds, 五访五问, 定人定时定格定责, the summary sentence: seed 004 (三本台账, 网格化管理).
- Deadline "reference step + N days" and "一月内予以解决": seed 004 (例会制度 §4).
- Visit quotas 班子成员 2/month, 副职 ≥10/month, 包村干部 weekly; 村情日记: seed 000 (包村责任制).
- Working days: weekends and public holidays are not working days, 调休 Saturdays/Sundays are
  (国务院办公厅 annual holiday notice; editable in the business calendar, never hard-coded).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from jiceng.core.errors import DomainError
from jiceng.core.workflow import Transitions


class Source(models.TextChoices):
    VISIT = "visit", "走访"
    PHONE = "phone", "电话"
    MAILBOX = "mailbox", "意见箱"
    MEETING = "meeting", "会议"
    CHAT = "chat", "座谈"
    OTHER = "other", "其他"


class VisitKind(models.TextChoices):
    """五访五问 (seed 004)."""

    ABLE = "able", "访能人问发展"
    VETERAN = "veteran", "访老干部老党员问良策"
    PETITIONER = "petitioner", "访上访户问情由"
    HARDSHIP = "hardship", "访困难户问民需"
    RESIDENT = "resident", "访群众问民生"


class LiaisonKind(models.TextChoices):
    VILLAGE = "village", "包村"
    RESIDENT = "resident", "驻村"
    AREA = "area", "联片"


class LiaisonLevel(models.TextChoices):
    LEADER = "leader", "党委班子成员"
    DEPUTY = "deputy", "副职领导"
    CADRE = "cadre", "包村干部"


class QuotaPeriod(models.TextChoices):
    WEEK = "week", "每周"
    MONTH = "month", "每月"


# Seed 000: 党委班子成员每月下村2次，副职领导每月下村不少于10次，包村干部每周下村一次. Defaults only:
# each assignment stores its own quota, so a township changes it without code.
DEFAULT_QUOTAS: dict[str, tuple[int, str]] = {
    LiaisonLevel.LEADER: (2, QuotaPeriod.MONTH),
    LiaisonLevel.DEPUTY: (10, QuotaPeriod.MONTH),
    LiaisonLevel.CADRE: (1, QuotaPeriod.WEEK),
}

DIARY_TOPICS = ["经济建设", "队伍建设", "热点难点问题", "其他"]  # seed 000: 村情日记 records these
ROLES = {"county_officer", "township_officer", "village_secretary", "member", "assignee"}
ROLE_LABELS = {"county_officer": "县级", "township_officer": "乡镇", "village_secretary": "村党支部书记",
               "member": "党员", "assignee": "承办人"}  # fmt: skip
REQUIREMENTS = {"assignee": "承办人", "resolution": "处理结果", "note": "说明"}


# ---------------------------------------------------------------- workflow as data


@dataclass(frozen=True)
class State:
    key: str
    label: str
    paused: bool = False  # the deadline clock stops while an item is here
    final: bool = False  # no more work: resolved or closed
    resolved: bool = False  # counted as 已解决


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    label: str
    roles: frozenset[str]
    requires: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DeadlineRule:
    """Seed 004: the deadline is N days after a reference step (e.g. 交办 + 一个月)."""

    reference: str
    days: int
    business: bool = True


@dataclass(frozen=True)
class Workflow:
    states: tuple[State, ...]
    initial: str
    moves: tuple[Move, ...]
    deadline: DeadlineRule | None = None
    warn_share: float = 0.8  # warn when this share of the allowed time has passed
    labels: Mapping[str, str] = field(default_factory=dict)

    def state(self, key: str) -> State:
        for state in self.states:
            if state.key == key:
                return state
        raise DomainError(f"流程中没有状态“{key}”")

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    @property
    def transitions(self) -> Transitions:
        table: dict[str, set[str]] = {}
        for move in self.moves:
            table.setdefault(move.source, set()).add(move.target)
        return Transitions(table, dict(self.labels))

    def move(self, current: str, target: str) -> Move:
        """The move from `current` to `target`; an illegal one raises IllegalTransition (Chinese)."""
        self.transitions.check(current, target)
        return next(m for m in self.moves if m.source == current and m.target == target)

    def moves_from(self, current: str) -> list[Move]:
        return [m for m in self.moves if m.source == current]

    def keys(self, **flags: bool) -> list[str]:
        return [s.key for s in self.states if all(getattr(s, k) == v for k, v in flags.items())]


def check_actor(move: Move, roles: set[str], labels: Mapping[str, str]) -> None:
    """Who may perform each move is data: the actor needs one of the move's roles."""
    if not roles & move.roles:
        who = "、".join(ROLE_LABELS.get(r, r) for r in sorted(move.roles))
        raise DomainError(f"“{move.label}”只能由{who}办理")


def check_requirements(move: Move, given: Mapping[str, Any]) -> None:
    missing = [REQUIREMENTS.get(k, k) for k in sorted(move.requires) if not given.get(k)]
    if missing:
        raise DomainError(f"“{move.label}”需要填写：{'、'.join(missing)}")


def _need(data: Mapping[str, Any], key: str, what: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise DomainError(f"流程定义缺少{what}")
    return data[key]


def parse_workflow(data: Any) -> Workflow:
    """A workflow from its JSON form; a wrong definition raises a Chinese DomainError."""
    if not isinstance(data, dict):
        raise DomainError("流程定义必须是一个对象")
    raw_states = _need(data, "states", "状态列表（states）")
    if not isinstance(raw_states, list) or not all(isinstance(s, dict) for s in raw_states):
        raise DomainError("states 必须是状态对象的列表")
    states = tuple(
        State(str(_need(s, "key", "状态代码")), str(s.get("label") or s["key"]), bool(s.get("paused")),
              bool(s.get("final") or s.get("resolved")), bool(s.get("resolved")))
        for s in raw_states
    )  # fmt: skip
    keys = [s.key for s in states]
    if len(set(keys)) != len(keys):
        raise DomainError("状态代码不能重复")
    labels = {s.key: s.label for s in states}
    initial = str(_need(data, "initial", "初始状态（initial）"))
    if initial not in labels:
        raise DomainError(f"初始状态“{initial}”不在状态列表中")
    moves = tuple(_parse_move(m, labels) for m in data.get("transitions") or [])
    deadline = _parse_deadline(data.get("deadline"), labels)
    share = data.get("warn_share", 0.8)
    if not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise DomainError("预警比例（warn_share）应在 0 到 1 之间")
    if not any(s.resolved for s in states):
        raise DomainError("流程中至少要有一个“已解决”状态（resolved）")
    return Workflow(states, initial, moves, deadline, float(share), labels)


def _parse_move(m: Any, labels: Mapping[str, str]) -> Move:
    if not isinstance(m, dict):
        raise DomainError("transitions 必须是对象的列表")
    source, target = str(_need(m, "from", "流转起点（from）")), str(_need(m, "to", "流转终点（to）"))
    for key in (source, target):
        if key not in labels:
            raise DomainError(f"流转中的状态“{key}”不在状态列表中")
    roles = frozenset(str(r) for r in m.get("roles") or [])
    if not roles or roles - ROLES:
        raise DomainError(f"流转“{labels[source]}→{labels[target]}”的办理角色不正确")
    requires = frozenset(str(r) for r in m.get("requires") or [])
    if requires - set(REQUIREMENTS):
        raise DomainError(f"流转“{labels[source]}→{labels[target]}”的必填项不正确")
    return Move(source, target, str(m.get("label") or labels[target]), roles, requires)


def _parse_deadline(d: Any, labels: Mapping[str, str]) -> DeadlineRule | None:
    if not d:
        return None
    if not isinstance(d, dict):
        raise DomainError("期限规则（deadline）必须是对象")
    reference = str(_need(d, "from", "期限起算环节（from）"))
    if reference not in labels:
        raise DomainError(f"期限起算环节“{reference}”不在状态列表中")
    days = d.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or not 0 < days <= 366:
        raise DomainError("期限天数（days）应为 1–366 的整数")
    return DeadlineRule(reference, days, bool(d.get("business", True)))


# ---------------------------------------------------------------- business calendar


@dataclass(frozen=True)
class Calendar:
    """Weekends are off unless listed in `workdays` (调休); `holidays` are off."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def is_business_day(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.workdays


def add_days(start: dt.date, days: int, calendar: Calendar, business: bool = True) -> dt.date:
    """The date `days` (working) days after `start`: the deadline of a step taken on `start`."""
    if not business:
        return start + dt.timedelta(days=days)
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if calendar.is_business_day(day):
            left -= 1
    return day


def days_between(start: dt.date, end: dt.date, calendar: Calendar, business: bool = True) -> int:
    """(Working) days in (start, end]: how much clock a pause from `start` to `end` stopped."""
    if end <= start:
        return 0
    if not business:
        return (end - start).days
    return sum(1 for i in range(1, (end - start).days + 1) if calendar.is_business_day(start + dt.timedelta(i)))


def warning_date(start: dt.date, deadline: dt.date, share: float) -> dt.date:
    """Warn once `share` of the allowed calendar time from `start` to `deadline` has passed."""
    allowed = (deadline - start).days
    return start + dt.timedelta(days=int(allowed * share))


def is_overdue(deadline: dt.date | None, today: dt.date, *, final: bool, paused: bool) -> bool:
    return deadline is not None and not final and not paused and today > deadline


# ---------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Tally:
    collected: int = 0
    resolved: int = 0
    closed: int = 0  # final but not resolved (e.g. 已解释说明)
    overdue: int = 0
    median_days: float | None = None

    @property
    def in_progress(self) -> int:
        return self.collected - self.resolved - self.closed

    @property
    def resolution_rate(self) -> float | None:
        return round(self.resolved / self.collected * 100, 1) if self.collected else None


def median_days(durations: Iterable[int]) -> float | None:
    values = list(durations)
    return float(statistics.median(values)) if values else None


def summary_sentence(noun: str, tally: Tally) -> str:
    """Seed 004: “共收集民生问题39件，已解决34件，5件正在解决”, generated from the data."""
    text = f"共收集{noun}{tally.collected}件，已解决{tally.resolved}件，{tally.in_progress}件正在解决"
    if tally.closed:
        text += f"，{tally.closed}件已解释说明"
    if tally.overdue:
        text += f"，其中{tally.overdue}件已逾期"
    return text


# ---------------------------------------------------------------- visit quotas


def period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The week (Monday–Sunday) or calendar month containing `day`, inclusive bounds."""
    if period == QuotaPeriod.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def quota_met(done: int, required: int) -> bool:
    return done >= required

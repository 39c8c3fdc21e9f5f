"""Pure rules for ledgers (台账): the workflow vocabulary, warnings, quotas, statistics.

No database here. Each public rule names its source:
- Ledger kinds and the summary sentence: seed 004 (三本台账).
- Deadline "reference step + N days" and "一月内予以解决": seed 004 (例会制度 §4). A ledger type's
  workflow is a `core.workflow` definition (its "deadline" clock counts working days of the
  county's business calendar, `core.calendar`); the vocabulary below is what it may name.
- Visit quotas 班子成员 2/month, 副职 ≥10/month, 包村干部 weekly; 村情日记: seed 000 (包村责任制).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models


class Source(models.TextChoices):
    VISIT = "visit", "走访"
    PHONE = "phone", "电话"
    MAILBOX = "mailbox", "意见箱"
    MEETING = "meeting", "会议"
    CHAT = "chat", "座谈"
    DUTY = "duty", "值班"
    OTHER = "other", "其他"


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
# Who may take a move of a ledger workflow, and what a move may require. "member" stays in the
# vocabulary so definitions saved before 2026-12 still parse, but no member account holds it:
# a read-only member never moves an item (LedgerItem.workflow_roles).
ROLE_LABELS = {"county_officer": "县级", "township_officer": "乡镇", "village_secretary": "村党支部书记",
               "member": "党员", "assignee": "承办人"}  # fmt: skip
REQUIREMENTS = {"assignee": "承办人", "resolution": "处理结果", "note": "说明"}


# ---------------------------------------------------------------- deadlines


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

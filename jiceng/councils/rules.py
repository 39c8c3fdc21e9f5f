"""Pure rules of the care councils (关怀理事会), versioned by the date of their source.

Source: seed 002 (“两会两评”, 2007 南对河村 onward), read 2026-12-02:
- the branch secretary chairs the council (理事长); one added branch committee member is its
  常务理事; posts by need, usually 生产关怀、生活关怀、思想关怀、文化关怀, each a 党小组 whose
  组长 the member-councillors elect (组长由党员理事推选产生);
- anyone may volunteer as 理事 (村干部、无职党员、致富能人、九佬十八匠、退休干部); the branch
  confirms; no term limit;
- three kinds of care targets; the third (特殊人员) is restricted;
- “每月走访所有农户一次、帮困难群众办实事一件”;
- the county gives 1 000 元 a year for the council and the culture association, 500 元 a
  performance for 送戏下乡.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from jiceng.core.errors import DomainError

# Seed 002: 普遍设置生产关怀、生活关怀、思想关怀和文化关怀四个理事岗位.
DEFAULT_POSTS = ("生产关怀", "生活关怀", "思想关怀", "文化关怀")

# Seed 002: 县财政每年 1000 元, 送戏下乡每场 500 元 (money in fen).
COUNTY_GRANT_FEN = 100_000
PERFORMANCE_FEN = 50_000


class CouncillorKind(models.TextChoices):
    """Seed 002: 村干部、无职党员、致富能人、九佬十八匠、退休干部等自愿申报."""

    CADRE = "cadre", "村干部"
    MEMBER_NO_POST = "member_no_post", "无职党员"
    ENTREPRENEUR = "entrepreneur", "致富能人"
    CRAFTSMAN = "craftsman", "九佬十八匠"
    RETIRED = "retired", "退休干部"
    OTHER = "other", "其他群众"


class CouncillorStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"


class TargetKind(models.TextChoices):
    """Seed 002: 重点关怀三类对象."""

    HARDSHIP = "hardship", "特困群众"
    YOUTH = "youth", "农村进步青年"
    SPECIAL = "special", "特殊人员"


class TargetDetail(models.TextChoices):
    ELDERLY_SICK = "elderly_sick", "老弱病残"
    ALONE = "alone", "鳏寡孤独"
    LEFT_BEHIND = "left_behind", "留守家庭"
    YOUTH = "youth", "进步青年"
    CULT = "cult", "参与邪教"
    RELEASED = "released", "刑满释放"


DETAILS_OF: dict[str, tuple[str, ...]] = {
    TargetKind.HARDSHIP: (TargetDetail.ELDERLY_SICK, TargetDetail.ALONE, TargetDetail.LEFT_BEHIND),
    TargetKind.YOUTH: (TargetDetail.YOUTH,),
    TargetKind.SPECIAL: (TargetDetail.CULT, TargetDetail.RELEASED),
}

# Restricted kinds: the branch secretary's account and township/county officers only.
RESTRICTED_KINDS = frozenset({TargetKind.SPECIAL})


class EntryKind(models.TextChoices):
    COUNTY_GRANT = "county_grant", "县拨年度经费"
    PERFORMANCE = "performance", "送戏下乡"
    OTHER = "other", "其他收入"


def detail_problem(kind: str, detail: str) -> str | None:
    """Seed 002: a target's detail belongs to its kind (老弱病残 is 特困群众, 参与邪教 特殊人员)."""
    if kind not in TargetKind.values:
        return "请选择关怀对象类别"
    if detail not in DETAILS_OF[kind]:
        return f"“{TargetKind(kind).label}”下没有这一细类，请重新选择"
    return None


def entry_amount(kind: str, performances: int, amount: int | None) -> int:
    """Seed 002: 县拨 1000 元/年，送戏下乡 500 元/场; other income as entered (fen, > 0)."""
    if kind == EntryKind.COUNTY_GRANT:
        return COUNTY_GRANT_FEN
    if kind == EntryKind.PERFORMANCE:
        if performances < 1:
            raise DomainError("请填写演出场次（至少 1 场）")
        return PERFORMANCE_FEN * performances
    if amount is None or amount <= 0:
        raise DomainError("请填写收入金额（大于零）")
    return amount


def majority(votes: int, voters: int, electors: int) -> str | None:
    """Seed 002 (组长由党员理事推选产生): the voters are member-councillors of the post, the
    chosen one has more than half of the votes cast; why not, or None."""
    if electors < 1:
        return "该岗位还没有已确认的党员理事，不能推选组长"
    if not 1 <= voters <= electors:
        return f"参加推选的党员理事应为 1 至 {electors} 人"
    if not 0 <= votes <= voters:
        return "得票数不能多于参加推选的人数"
    if votes * 2 <= voters:
        return "得票未超过参加推选人数的半数，不能当选组长"
    return None


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of `month` and of the month after."""
    first = month.replace(day=1)
    nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt


@dataclass(frozen=True)
class Coverage:
    """Seed 002 每月走访所有农户一次: distinct households visited in the month / households."""

    visited: int
    households: int
    deeds: int

    @property
    def complete(self) -> bool:
        return self.households > 0 and self.visited >= self.households

    @property
    def percent(self) -> int:
        return self.visited * 100 // self.households if self.households else 0

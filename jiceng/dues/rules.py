"""Pure rules of party dues (党费), money in integer fen.

《关于中国共产党党费收缴、使用和管理的规定》(中组发〔2008〕3号), 一、党费的收缴 (as read from
secondary copies; the article numbers are kept in `CITES`):
- (一) 有工资收入的党员: monthly after-tax pay ≤ 3 000 元 0.5 %; 3 000–5 000 元 (incl.) 1 %;
  5 000–10 000 元 (incl.) 1.5 %; above 10 000 元 2 %.
- (三) 农民党员: 0.2 元 to 1 元 a month (a fixed amount in that range).
- (四) 学生党员、下岗失业党员、依靠抚恤或救济生活的党员、领取最低生活保障金的党员: 0.2 元 a month.
- (五) 离退休党员: on the pension, ≤ 5 000 元 0.5 %, above 1 %.
- (六) 生活有困难的党员: 经党支部研究，报上一级党委批准后，可以少交或免交 (an approval, recorded).
- 党员自愿多交党费不限: paying more than due is accepted, less only with an approved reduction.
- 党章第九条: 党员如果没有正当理由，连续六个月不交纳党费，就被认为是自行脱党 — the system
  only flags the run to the branch secretary; it never changes anyone's status.
A base holds from its month (`from_month`) until the next base: a change during the year
applies from its month on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from jiceng.core.calendar import add_month_starts as add_months
from jiceng.core.errors import DomainError
from jiceng.core.money import yuan

STATUTE = "《关于中国共产党党费收缴、使用和管理的规定》"
CITES = {
    "salary": f"{STATUTE}一（一）",
    "farmer": f"{STATUTE}一（三）",
    "student": f"{STATUTE}一（四）",
    "retiree": f"{STATUTE}一（五）",
    "relief": f"{STATUTE}一（六）",
    "arrears": "《中国共产党章程》第九条",
}
ABSURD_FEN = 1_000_000 * 100  # a monthly income above 1 000 000 元 asks for confirmation
FARMER_RANGE = (20, 100)  # 0.2 元 – 1 元
LOW_FIXED = 20  # 0.2 元: students, the unemployed, hardship
ARREARS_MONTHS = 6


class DuesKind(models.TextChoices):
    SALARY = "salary", "在职（按月工资收入）"
    FARMER = "farmer", "农民党员"
    RETIREE = "retiree", "离退休"
    STUDENT = "student", "学生、下岗失业、领取低保"
    HARDSHIP = "hardship", "生活困难"


Kind = DuesKind  # the API names the choice list by its class: "Kind" is the meetings' (tests/test_api_docs.py)


class Relief(models.TextChoices):
    NONE = "", "无"
    REDUCED = "reduced", "经批准少交"
    EXEMPT = "exempt", "经批准免交"


INCOME_KINDS = (Kind.SALARY, Kind.RETIREE)

# (upper bound in fen inclusive or None, rate in basis points: 50 = 0.5 %)
SALARY_BANDS: tuple[tuple[int | None, int], ...] = ((300_000, 50), (500_000, 100), (1_000_000, 150), (None, 200))
RETIREE_BANDS: tuple[tuple[int | None, int], ...] = ((500_000, 50), (None, 100))


@dataclass(frozen=True)
class Due:
    amount: int  # fen a month
    rate: str  # "1%", "固定", "免交"
    cite: str


def rate_bp(income: int, bands: Sequence[tuple[int | None, int]]) -> int:
    for upper, bp in bands:
        if upper is None or income <= upper:
            return bp
    raise AssertionError("the last band has no upper bound")


def percent(bp: int) -> str:
    """50 → "0.5%"."""
    return f"{Decimal(bp) / 100:f}".rstrip("0").rstrip(".") + "%"


def of_rate(income: int, bp: int) -> int:
    """The due in fen, rounded half up to the fen."""
    return int((Decimal(income) * bp / 10_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_income(income: int | None, *, confirmed: bool = False) -> None:
    """Refuse a negative income; an absurd one (over 1 000 000 元 a month) must be confirmed."""
    if income is None:
        raise DomainError("请填写月收入（税后）或离退休费")
    if income < 0:
        raise DomainError("月收入不能为负数")
    if income > ABSURD_FEN and not confirmed:
        raise DomainError(f"月收入{yuan(income)}元超过100万元，请核实后勾选“确认收入无误”再保存")


def check_base(kind: str, income: int | None, fixed: int | None, relief: str, approved_by: str,
               approved_on: dt.date | None, *, confirmed: bool = False) -> None:  # fmt: skip
    """Why a base cannot be saved (DomainError in Chinese), or nothing."""
    if kind in INCOME_KINDS:
        check_income(income, confirmed=confirmed)
    if kind == Kind.FARMER and relief != Relief.EXEMPT:
        low, high = FARMER_RANGE
        if fixed is None or (relief == Relief.NONE and not low <= fixed <= high):
            raise DomainError(f"农民党员每月交纳0.20元至1.00元（{CITES['farmer']}），请在此范围内确定金额")
    if relief:
        if not approved_by.strip() or approved_on is None:
            raise DomainError(f"少交或免交党费须经上一级党委批准，请填写批准单位（人）和批准日期（{CITES['relief']}）")
        if relief == Relief.REDUCED and (fixed is None or fixed < 0):
            raise DomainError("请填写经批准少交后的每月金额")
        if relief == Relief.REDUCED and fixed is not None and fixed >= standard_due(kind, income, None).amount > 0:
            raise DomainError("少交的金额应低于按规定应交的金额")


def standard_due(kind: str, income: int | None, fixed: int | None) -> Due:
    """The monthly due without any relief."""
    if kind == Kind.SALARY:
        bp = rate_bp(income or 0, SALARY_BANDS)
        return Due(of_rate(income or 0, bp), percent(bp), CITES["salary"])
    if kind == Kind.RETIREE:
        bp = rate_bp(income or 0, RETIREE_BANDS)
        return Due(of_rate(income or 0, bp), percent(bp), CITES["retiree"])
    if kind == Kind.FARMER:
        return Due(fixed if fixed is not None else FARMER_RANGE[0], "定额", CITES["farmer"])
    return Due(LOW_FIXED, "定额", CITES["student"])


def monthly_due(kind: str, income: int | None, fixed: int | None, relief: str = "") -> Due:
    """The monthly due of a base: the standard due, or the approved reduction or exemption."""
    if relief == Relief.EXEMPT:
        return Due(0, "免交", CITES["relief"])
    if relief == Relief.REDUCED:
        return Due(fixed or 0, "少交", CITES["relief"])
    return standard_due(kind, income, fixed)


def check_amount(amount: int, due: int, month: dt.date) -> None:
    """A payment at least the month's due (more is voluntary); never negative."""
    if amount < 0:
        raise DomainError("交纳金额不能为负数")
    if amount < due:
        raise DomainError(f"{month:%Y年%m月}应交{yuan(due)}元，实交不能少于应交金额（少交须经批准）")
    if due == 0 and amount == 0:
        raise DomainError(f"{month:%Y年%m月}免交党费，无需登记")


# ---------------------------------------------------------------- months


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The months from `first` to `last` inclusive (first days)."""
    out, month = [], month_start(first)
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out


def base_on[B](bases: Iterable[tuple[dt.date, B]], month: dt.date) -> B | None:
    """The base in force in `month`: the latest one from that month or before (None before the first)."""
    found = None
    for start, base in sorted(bases, key=lambda b: b[0]):
        if start <= month:
            found = base
    return found


def unpaid_run(owed: Iterable[dt.date], settled: Iterable[dt.date], through: dt.date) -> list[dt.date]:
    """The consecutive months owed and not settled (paid or excused) ending at `through`, oldest
    first: counting back stops at a settled month or a month with nothing owed (before the first
    base, an exemption). Across a year boundary like any other month."""
    owed_set, settled_set = set(owed), set(settled)
    run: list[dt.date] = []
    month = month_start(through)
    while month in owed_set and month not in settled_set:
        run.append(month)
        month = add_months(month, -1)
    return run[::-1]


def in_arrears(run: Sequence[dt.date]) -> bool:
    """党章第九条: six consecutive months unpaid without a reason (flagged, never acted on)."""
    return len(run) >= ARREARS_MONTHS

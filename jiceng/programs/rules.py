"""Rules of the 党员创业示范工程 (seed 002, 广东翁源): who may apply, the four criteria, the loan
range and the interest subsidy, the four commitments of the 《帮扶承诺书》. Pure functions, no
database.

Interest subsidy (贴息), per period of the repayment schedule:
- the year is split into `periods_per_year` equal periods (12 monthly, 4 quarterly, 1 yearly)
  counted from the loan date; period k (1-based) runs from lent_on + (k−1)·step months to
  lent_on + k·step months (exclusive);
- the interest of a period is the balance at its start × annual rate ÷ periods_per_year (the
  bank's 按期计息, not a day count), rounded half up to the fen;
- the subsidy of a period is that interest × the program's subsidised share, rounded half up
  to the fen (each period rounded on its own; the total is the sum of the rounded periods);
- the balance: 按期付息、到期还本 (interest only) keeps the whole amount to the last period;
  等额本金 (equal principal) repays amount ÷ periods per period rounded down to the fen, the last
  period repays the remainder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from jiceng.core.calendar import add_months
from jiceng.core.errors import DomainError
from jiceng.core.money import yuan


class Industry(models.TextChoices):
    """The industries seed 002 counts demonstrators by (兰花 13, 水果 72, 养猪 27, 养鱼 18, 养鸡 13)."""

    ORCHID = "orchid", "兰花种植"
    FRUIT = "fruit", "水果种植"
    PIG = "pig", "养猪"
    FISH = "fish", "养鱼"
    CHICKEN = "chicken", "养鸡"
    OTHER = "other", "其他"


class Repayment(models.TextChoices):
    INTEREST_ONLY = "interest_only", "按期付息、到期还本"
    EQUAL_PRINCIPAL = "equal_principal", "等额本金"


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", "继续予以支持"
    CANCEL = "cancel", "取消帮扶资格"


class HelpMode(models.TextChoices):
    ONE = "one", "一对一"
    MANY = "many", "一对多"


# seed 002 (一): 帮扶对象主要是农村党员、建党对象和入党积极分子
ELIGIBLE_CATEGORIES = ("full", "probationary", "candidate", "activist")

# seed 002 (一): the four 选择标准和条件, as a checklist (key, label); the fourth is a priority
CRITERIA: tuple[tuple[str, str], ...] = (
    ("ability", "有发展生产的能力、有可行的创业致富项目，种养具有一定规模"),
    ("credit", "有良好诚信度，诚信守信，遵纪守法，无违法违纪记录"),
    ("example", "能起到带头示范作用，群众信任，助人为乐，热心公益事业建设"),
    ("coop", "农民专业合作社（协会）社员（会员），优先选择"),
)
REQUIRED_CRITERIA = ("ability", "credit", "example")  # the fourth gives priority, it is not required

# seed 002 (四): the four commitments of the 《帮扶承诺书》
COMMITMENTS: tuple[str, ...] = (
    "对帮扶资金做到专款专用，认真规划经营管理好发展项目，争当农村创业致富带头人",
    "带头学习农村先进实用技术，带头推广农业新技术、新品种、新成果，争当产业发展和科技致富带头人",
    "带头遵纪守法，带头遵守村规民约，带头依法办事，争当文明兴村带头人",
    "带头联系群众，带头服务群众，带头帮困解难，争当为民办事带头人",
)

PERIODS = {12: "按月", 4: "按季", 1: "按年"}
MAX_TERM_MONTHS = 120


def eligibility_problem(category: str, label: str) -> str | None:
    """seed 002 (一): only rural members, 建党对象 (发展对象) and activists are helped."""
    if category not in ELIGIBLE_CATEGORIES:
        return f"帮扶对象应为农村党员、建党对象或入党积极分子（现为{label}）"
    return None


def criteria_problem(checked: dict[str, bool]) -> str | None:
    """seed 002 (一): the first three conditions must all be met; the fourth only gives priority."""
    missing = [label for key, label in CRITERIA if key in REQUIRED_CRITERIA and not checked.get(key)]
    if missing:
        return "不符合帮扶条件：" + "；".join(missing)
    return None


def loan_problem(amount: int, low: int, high: int) -> str | None:
    """seed 002 (二): 每人3至5万元 — an amount outside the program's range is refused."""
    if not low <= amount <= high:
        return f"贷款金额{yuan(amount)}元不在本工程的贷款额度（{yuan(low)}—{yuan(high)}元）之内"
    return None


def term_problem(term_months: int, periods_per_year: int) -> str | None:
    if periods_per_year not in PERIODS:
        return "还款周期应为按月、按季或按年"
    if not 1 <= term_months <= MAX_TERM_MONTHS:
        return f"贷款期限应为1至{MAX_TERM_MONTHS}个月"
    if term_months % (12 // periods_per_year):
        return f"贷款期限{term_months}个月不是{PERIODS[periods_per_year]}还款周期的整数倍"
    return None


def rate_problem(rate: Decimal, share: Decimal) -> str | None:
    if not Decimal(0) < rate <= Decimal(30):
        return "年利率应在0%至30%之间"
    if not Decimal(0) < share <= Decimal(100):
        return "贴息比例应在0%至100%之间"
    return None


@dataclass(frozen=True)
class Period:
    number: int  # 1-based
    starts_on: dt.date
    ends_on: dt.date  # exclusive: the first day of the next period
    balance: int  # fen owed at the start of the period
    principal: int  # fen repaid at the end of the period
    interest: int  # fen
    subsidy: int  # fen


def _fen(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def schedule(amount: int, lent_on: dt.date, term_months: int, periods_per_year: int, rate: Decimal, share: Decimal,
             method: str = Repayment.INTEREST_ONLY) -> list[Period]:  # fmt: skip
    """The repayment schedule with each period's interest and subsidy in fen (see the module
    docstring for the rounding). `rate` and `share` are percentages (5.31 means 5.31 %)."""
    problem = term_problem(term_months, periods_per_year) or rate_problem(rate, share)
    if problem:
        raise DomainError(problem)
    step = 12 // periods_per_year
    count = term_months // step
    part = amount // count
    balance, out = amount, []
    for k in range(1, count + 1):
        if method == Repayment.EQUAL_PRINCIPAL:
            principal = part if k < count else balance
        else:
            principal = balance if k == count else 0
        interest = _fen(Decimal(balance) * rate / 100 / periods_per_year)
        subsidy = _fen(Decimal(interest) * share / 100)
        out.append(Period(k, add_months(lent_on, step * (k - 1)), add_months(lent_on, step * k),
                          balance, principal, interest, subsidy))  # fmt: skip
        balance -= principal
    return out


def period_on(periods: list[Period], day: dt.date, lent_on: dt.date) -> Period:
    """The period containing `day`; a day before the loan (or after its term) is refused."""
    if day < lent_on:
        raise DomainError(f"贴息期间（{day:%Y-%m-%d}）早于贷款发放日（{lent_on:%Y-%m-%d}），不能贴息")
    for period in periods:
        if period.starts_on <= day < period.ends_on:
            return period
    raise DomainError(f"贴息期间（{day:%Y-%m-%d}）已超出贷款期限（到期日{periods[-1].ends_on:%Y-%m-%d}）")


def maturity(lent_on: dt.date, term_months: int) -> dt.date:
    return add_months(lent_on, term_months)


def is_overdue(lent_on: dt.date, term_months: int, repaid_on: dt.date | None, today: dt.date) -> bool:
    """Past the maturity date and not repaid (逾期)."""
    return repaid_on is None and today > maturity(lent_on, term_months)

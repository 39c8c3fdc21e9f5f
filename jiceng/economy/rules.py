"""Pure rules of cooperatives, shares, dividends and the village collective economy (no database).

Money in integer fen (core.money). Sources, cited at each rule:
- seed 000 (门头沟 妙峰山镇, 2004): the 陈家庄 transport cooperative — shares of 100 元, rent 15 % of
  the trucks' price a year, dividends per share, the price returned after three years;
- seed 002 (兴山县): the "155 工程" targets and "两让一返" (让利、让权、返税) income sources;
- seed 004 (青浦): the 空壳村 test "80%以上土地已被征用或使用" or "80%以上村民农转非".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from jiceng.core.errors import DomainError

SHARE_PRICE = 10_000  # seed 000: "村民按每出资100元为一股分红" (fen)
BASIS_POINTS = 10_000


class CoopKind(models.TextChoices):
    COOPERATIVE = "cooperative", "农民专业合作社"
    ASSOCIATION = "association", "农业专业协会"
    ORGANIZATION = "organization", "农民专业合作经济组织"


class EntryKind(models.TextChoices):
    SUBSCRIBE = "subscribe", "认购"
    TRANSFER = "transfer", "转让"
    REDEEM = "redeem", "退股"


class CoopIncomeKind(models.TextChoices):
    RENT = "rent", "租金"
    SALES = "sales", "销售收入"
    SERVICE = "service", "服务收入"
    OTHER = "other", "其他收入"


class CollectiveSource(models.TextChoices):
    """Collective income and spending of a village (seed 002 "155 工程" and "两让一返")."""

    LAND = "land", "集体土地发包出租"
    FOREST = "forest", "集体山林经营"
    SAND = "sand", "河道采砂权（让权）"
    HYDRO = "hydro", "小水电利润分成（让利）"
    TAX_REBATE = "tax_rebate", "税收返还（返税）"
    RENT = "rent", "房屋设施出租"
    ENTERPRISE = "enterprise", "集体入股企业收益"
    OTHER_INCOME = "other_income", "其他收入"
    EXPENSE_OPERATING = "expense_operating", "经营支出"
    EXPENSE_ADMIN = "expense_admin", "管理费用"
    EXPENSE_OTHER = "expense_other", "其他支出"


EXPENSES = frozenset(
    {CollectiveSource.EXPENSE_OPERATING, CollectiveSource.EXPENSE_ADMIN, CollectiveSource.EXPENSE_OTHER}
)
INCOME_SOURCES = tuple(s for s in CollectiveSource.values if s not in EXPENSES)


def is_expense(source: str) -> bool:
    return source in EXPENSES


# --------------------------------------------------------------------------------- amounts


def check_amount(amount: int, what: str = "金额") -> None:
    """Income, spending, prices: a positive number of fen (a negative amount is refused)."""
    if amount < 0:
        raise DomainError(f"{what}不能为负数")
    if amount == 0:
        raise DomainError(f"{what}应大于零")


def shares_for(amount: int, price: int) -> int:
    """Seed 000: "每出资100元为一股" — a contribution buys whole shares only."""
    check_amount(amount, "出资金额")
    if amount % price:
        raise DomainError(f"出资金额应为每股{price // 100}元的整数倍")
    return amount // price


def rent_of(price: int, rate_bp: int) -> int:
    """Seed 000: "每年租金是总车款的15%" — yearly rent = price × rate (basis points), half up."""
    check_amount(price, "车款（资产价格）")
    if not 0 < rate_bp <= BASIS_POINTS:
        raise DomainError("年租金比例应在0%到100%之间")
    return (2 * price * rate_bp + BASIS_POINTS) // (2 * BASIS_POINTS)


def percent(part: int, whole: int) -> int | None:
    """A whole percentage, half up (1 100 of 3 929 households → 28); None for an empty whole."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


# --------------------------------------------------------------------------------- the share register


def balances[K: Hashable](entries: Sequence[tuple[str, K | None, K | None, int]]) -> dict[K, int]:
    """Shares held after the register's entries (kind, from, to, shares), in register order.
    A subscription credits `to`, a redemption debits `from`, a transfer moves shares."""
    out: dict[K, int] = {}
    for kind, source, target, shares in entries:
        if kind in (EntryKind.TRANSFER, EntryKind.REDEEM) and source is not None:
            out[source] = out.get(source, 0) - shares
        if kind in (EntryKind.SUBSCRIBE, EntryKind.TRANSFER) and target is not None:
            out[target] = out.get(target, 0) + shares
    return {k: v for k, v in out.items() if v}


def check_shares(shares: int) -> None:
    if shares <= 0:
        raise DomainError("股数应为正整数")


def check_transfer(held: int, shares: int, holder: str) -> None:
    """A holder transfers or redeems at most what is held (seed 000's shares are whole 100 元 shares)."""
    check_shares(shares)
    if shares > held:
        raise DomainError(f"{holder}持有{held}股，不能转出或退还{shares}股")


# --------------------------------------------------------------------------------- dividends


def split[K: Hashable](total: int, weights: Sequence[tuple[K, int]]) -> dict[K, int]:
    """`total` fen split in proportion to `weights`, exactly (the parts sum to `total`).

    The remainder rule (ADR 0016): each part is first rounded down; the fen left over (fewer than
    the number of parts) go one each to the parts with the largest dropped fractions (largest
    remainder, Hamilton); equal fractions go in the order given — the share register's order, so
    the earliest holder first. Nobody gets more than one extra fen.
    """
    if total < 0:
        raise DomainError("分配金额不能为负数")
    whole = sum(w for _, w in weights)
    if whole <= 0 or any(w < 0 for _, w in weights):
        raise DomainError("没有可分配的股份")
    parts = {key: total * w // whole for key, w in weights}
    left = total - sum(parts.values())
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i][1] % whole), i))
    for i in order[:left]:
        parts[weights[i][0]] += 1
    return parts


@dataclass(frozen=True)
class DividendPlan:
    total: int  # fen
    shares: int
    per_share: int | None  # fen, when declared per share
    lines: dict[Any, int]  # holder → fen


def plan_dividend[K: Hashable](holdings: Sequence[tuple[K, int]], distributable: int, *, per_share: int | None = None,
                  total: int | None = None) -> DividendPlan:  # fmt: skip
    """A dividend declared either per share (seed 000: "按每出资100元为一股分红", each holder gets
    shares × per share, no remainder) or as a total split by shares (`split`, the remainder rule).
    More than the distributable income is refused."""
    holdings = [(k, s) for k, s in holdings if s > 0]
    shares = sum(s for _, s in holdings)
    if shares == 0:
        raise DomainError("股权登记日没有持股农户，不能分红")
    if (per_share is None) == (total is None):
        raise DomainError("请填写每股分红或分红总额（二选一）")
    if per_share is not None:
        check_amount(per_share, "每股分红")
        lines = {k: s * per_share for k, s in holdings}
        amount = shares * per_share
    else:
        assert total is not None
        check_amount(total, "分红总额")
        lines, amount = split(total, holdings), total
    if amount > distributable:
        raise DomainError(f"分红总额{amount / 100:,.2f}元超过可分配收益{distributable / 100:,.2f}元")
    return DividendPlan(amount, shares, per_share, lines)


def per_share_text(total: int, shares: int) -> str:
    """The dividend per share in 元 as shown (two decimals; "约" when the split left a remainder)."""
    if shares <= 0:
        return ""
    exact = total % shares == 0
    value = Decimal(total) / Decimal(shares) / 100
    return f"{'' if exact else '约'}{value:.2f}"


# --------------------------------------------------------------------------------- principal schedule


def installment_amounts[K: Hashable](principal: Sequence[tuple[K, int]], percent_now: int,
                                     percent_before: int) -> dict[K, int]:  # fmt: skip
    """What each holder gets back of their principal in one installment of the schedule: the
    cumulative share (`percent_before` + `percent_now`, at most 100) of each principal, less what
    the earlier installments returned; computed cumulatively so the installments of a holder sum
    exactly to the principal when the schedule reaches 100 %."""
    if not 0 < percent_now <= 100 or percent_before + percent_now > 100:
        raise DomainError("还本比例合计不能超过100%")
    out = {}
    for key, amount in principal:
        after = amount * (percent_before + percent_now) // 100
        before = amount * percent_before // 100
        out[key] = after - before
    return out


# --------------------------------------------------------------------------------- collective economy


@dataclass(frozen=True)
class EconomyRule:
    """The targets and the 空壳村 test in force from `valid_from` (a county may set its own)."""

    valid_from: dt.date
    label: str
    economic_forest_min_mu: Decimal = Decimal(100)
    yield_forest_min_mu: Decimal = Decimal(500)
    net_income_min: int = 5_000_000  # fen; "村平集体经济年纯收入过5万元": strictly more
    shell_no_income: bool = True
    shell_land_pct: int | None = None
    shell_converted_pct: int | None = None
    cite: str = ""


# seed 002 (兴山县《关于加快发展村级集体经济的意见》): "155 工程" — 100亩以上高效经济林、500亩以上
# 高效丰产林、村平集体经济年纯收入过5万元; a village without collective income is a 空壳村.
XINGSHAN_2008 = EconomyRule(dt.date(2008, 1, 1), "兴山县“155工程”（2008）",
                            cite="兴山县《关于加快发展村级集体经济的意见》“155”工程；"
                                 "无集体经济收入为“空壳村”")  # fmt: skip
# seed 004 (青浦): "80%以上土地已被征用或使用" 或 "80%以上村民农转非".
QINGPU = EconomyRule(dt.date(2010, 1, 1), "青浦“空壳村”条件", shell_no_income=False, shell_land_pct=80,
                     shell_converted_pct=80, cite="“80%以上土地已被征用或使用”或“80%以上村民农转非”")  # fmt: skip
DEFAULT_RULES = (XINGSHAN_2008,)


def rule_on(versions: Sequence[EconomyRule], on: dt.date) -> EconomyRule:
    """The version in force on `on` (the latest `valid_from` not after it; the oldest otherwise)."""
    ordered = sorted(versions, key=lambda r: r.valid_from)
    if not ordered:
        ordered = list(DEFAULT_RULES)
    chosen = ordered[0]
    for version in ordered:
        if version.valid_from <= on:
            chosen = version
    return chosen


@dataclass(frozen=True)
class VillageFacts:
    income: int = 0  # fen, the year's collective income (not net)
    expense: int = 0
    land_mu: Decimal | None = None
    land_taken_mu: Decimal | None = None
    population: int | None = None
    converted: int | None = None
    economic_forest_mu: Decimal | None = None
    yield_forest_mu: Decimal | None = None

    @property
    def net(self) -> int:
        return self.income - self.expense


def _share_reached(part: Decimal | int | None, whole: Decimal | int | None, pct: int) -> bool:
    return part is not None and whole is not None and whole > 0 and Decimal(part) * 100 >= Decimal(whole) * pct


def shell_reasons(rule: EconomyRule, facts: VillageFacts) -> list[str]:
    """Why a village is a 空壳村 under `rule` (empty: it is not)."""
    out = []
    if rule.shell_no_income and facts.income <= 0:
        out.append("当年无集体经济收入")
    if rule.shell_land_pct is not None and _share_reached(facts.land_taken_mu, facts.land_mu, rule.shell_land_pct):
        out.append(f"{rule.shell_land_pct}%以上土地已被征用或使用")
    if rule.shell_converted_pct is not None and _share_reached(facts.converted, facts.population,
                                                               rule.shell_converted_pct):  # fmt: skip
        out.append(f"{rule.shell_converted_pct}%以上村民农转非")
    return out


@dataclass(frozen=True)
class Targets:
    economic_forest: bool
    yield_forest: bool
    net_income: bool

    @property
    def all(self) -> bool:
        return self.economic_forest and self.yield_forest and self.net_income


def targets_met(rule: EconomyRule, facts: VillageFacts) -> Targets:
    """Seed 002 "155 工程": ≥ 100 亩 高效经济林, ≥ 500 亩 高效丰产林, net income > 5 万 a year."""
    return Targets((facts.economic_forest_mu or 0) >= rule.economic_forest_min_mu,
                   (facts.yield_forest_mu or 0) >= rule.yield_forest_min_mu,
                   facts.net > rule.net_income_min)  # fmt: skip

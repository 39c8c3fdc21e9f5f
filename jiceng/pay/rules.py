"""Pure rules of village cadre pay (村干部报酬), money in integer fen, shares and coefficients in
basis points (1 % = 100, 1.00 = 10 000).

- The secretary's yearly pay is set per village (seed 004: 20–30 万元, "根据各村经济水平和年终考核
  确定"); every other post is paid a share of it (seed 004: 主任 70 %, 副书记 55 %, 副主任 50 %,
  支委 45 %, 村委 40 %). The township's scheme says the shares; a scheme holds from its year on until
  the township sets a new one (versioned by year).
- The year-end assessment score gives a coefficient by bands (score ≥ band's lower bound → its
  coefficient); pay = secretary's base × coefficient × share of the post.
- 一肩挑 (the secretary also the 村委会主任): per the scheme, either the secretary's pay plus a share
  of the 主任's pay ("plus"), or the higher of the two ("higher"). Any other holder of several posts
  is paid for the best-paid one (就高).
- Awards (单项工作奖, seed 001: "年终目责考核加分并发给单项工作奖") are added to the holder's pay.

Pay is by month (按月计发): each month is paid for the posts held on its 15th (a cadre who left
or came during the year, e.g. at a 换届, is paid for the months held), 1/12 of the yearly pay.

Rounding (documented, unit-tested): each person's pay is computed exactly (fractions) and rounded
once, to the nearest fen, halves up; nothing intermediate is rounded. Totals add rounded lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.db import models

from jiceng.core.errors import DomainError

BP = 10_000  # basis points in one (100 %)
MAX_BASE_FEN = 10_000_000 * 100  # a secretary's yearly base above 1 000 万元 is a typing slip


class PayPost(models.TextChoices):
    """The posts paid as a share of the secretary's pay (seed 004's list)."""

    SECRETARY = "secretary", "党支部书记"
    DIRECTOR = "director", "村委会主任"
    DEPUTY_SECRETARY = "deputy_secretary", "党支部副书记"
    DEPUTY_DIRECTOR = "deputy_director", "村委会副主任"
    PARTY_MEMBER = "party_member", "党支部委员"
    COMMITTEE_MEMBER = "committee_member", "村委会委员"


# Seed 004 (八里台镇): "村主任薪资为村党支部书记的70%……村委会委员薪资为村党支部书记的40%".
SEED_004_SHARES: dict[str, int] = {
    PayPost.SECRETARY: 10_000,
    PayPost.DIRECTOR: 7_000,
    PayPost.DEPUTY_SECRETARY: 5_500,
    PayPost.DEPUTY_DIRECTOR: 5_000,
    PayPost.PARTY_MEMBER: 4_500,
    PayPost.COMMITTEE_MEMBER: 4_000,
}
# A template coefficient table (editable per township): [lower bound of the score, coefficient].
DEFAULT_BANDS: list[tuple[Decimal, int]] = [
    (Decimal(90), 10_000), (Decimal(80), 9_000), (Decimal(70), 8_000), (Decimal(60), 7_000), (Decimal(0), 5_000),
]  # fmt: skip


class CombinedRule(models.TextChoices):
    PLUS = "plus", "书记报酬加主任报酬的一定比例"
    HIGHER = "higher", "就高：按书记、主任中较高的一项"


# (body, title) of a people Post → the paid post. 第一书记 and group leaders are not paid here
# (a 第一书记 is paid by the unit that sent them).
POST_OF_TITLE: dict[tuple[str, str], str] = {
    ("party", "secretary"): PayPost.SECRETARY,
    ("party", "deputy_secretary"): PayPost.DEPUTY_SECRETARY,
    ("party", "member"): PayPost.PARTY_MEMBER,
    ("village_committee", "director"): PayPost.DIRECTOR,
    ("village_committee", "deputy_director"): PayPost.DEPUTY_DIRECTOR,
    ("village_committee", "member"): PayPost.COMMITTEE_MEMBER,
}
LABEL = dict(PayPost.choices)


def round_fen(value: Fraction) -> int:
    """The nearest fen, halves up (away from zero for the positive amounts pay has)."""
    if value < 0:
        return -round_fen(-value)
    return int((value * 2 + 1) // 2)


def check_shares(shares: dict[str, int]) -> None:
    """Every post has a share, none negative, none above the secretary's 100 %."""
    for post, label in PayPost.choices:
        if post not in shares or shares[post] is None:
            raise DomainError(f"请填写{label}的报酬比例")
        if shares[post] < 0:
            raise DomainError(f"{label}的报酬比例不能为负数")
        if shares[post] > BP * 2:
            raise DomainError(f"{label}的报酬比例不能超过书记报酬的200%")
    if shares[PayPost.SECRETARY] != BP:
        raise DomainError("党支部书记的报酬比例应为100%（其他职务按书记报酬的比例计算）")


def check_bands(bands: Sequence[tuple[Decimal, int]]) -> None:
    """Bands: lower bounds 0–100, distinct, one of them 0 (every score has a coefficient),
    coefficients not negative and at most 2.00."""
    if not bands:
        raise DomainError("请填写考核系数表")
    bounds = [b for b, _ in bands]
    if len(set(bounds)) != len(bounds):
        raise DomainError("考核系数表中有重复的分数段")
    for bound, coefficient in bands:
        if not 0 <= bound <= 100:
            raise DomainError("考核系数表的分数应在0至100之间")
        if coefficient < 0:
            raise DomainError("考核系数不能为负数")
        if coefficient > 2 * BP:
            raise DomainError("考核系数不能超过2.00")
    if min(bounds) != 0:
        raise DomainError("考核系数表应有从0分起的一档（每个得分都有对应的系数）")


def parse_bands(text: str) -> list[tuple[Decimal, int]]:
    """'90:1.00, 80:0.90, 0:0.50' (or one band a line, ：or = accepted) → [(90, 10000), …], highest first."""
    out: list[tuple[Decimal, int]] = []
    for raw in text.replace("，", ",").replace("\n", ",").replace("；", ",").replace(";", ",").split(","):
        item = raw.strip()
        if not item:
            continue
        parts = item.replace("：", ":").replace("=", ":").split(":")
        if len(parts) != 2:
            raise DomainError(f"考核系数表“{item}”应写成“分数:系数”，如“90:1.00”")
        try:
            bound, coefficient = Decimal(parts[0].strip()), Decimal(parts[1].strip())
        except InvalidOperation as exc:
            raise DomainError(f"考核系数表“{item}”不是数字") from exc
        if not bound.is_finite() or not coefficient.is_finite():
            raise DomainError(f"考核系数表“{item}”不是数字")
        bp = coefficient * BP
        if bp != bp.to_integral_value():
            raise DomainError(f"考核系数“{parts[1].strip()}”最多四位小数")
        out.append((bound, int(bp)))
    check_bands(out)
    return sorted(out, key=lambda b: b[0], reverse=True)


def bands_text(bands: Iterable[Sequence[object]]) -> str:
    return "，".join(f"{Decimal(str(b)).normalize():f}:{coefficient_text(int(str(c)))}" for b, c in bands)


def coefficient_text(bp: int) -> str:
    return f"{Decimal(bp) / BP:.2f}" if bp % 100 == 0 else f"{Decimal(bp) / BP:.4f}".rstrip("0")


def percent_text(bp: int) -> str:
    return f"{Decimal(bp) / 100:.2f}".rstrip("0").rstrip(".") + "%"


def coefficient_for(score: Decimal, bands: Sequence[Sequence[object]]) -> int:
    """The coefficient (basis points) of the highest band whose lower bound the score reaches."""
    if not 0 <= score <= 100:
        raise DomainError("考核得分应在0至100之间")
    best: tuple[Decimal, int] | None = None
    for bound, coefficient in bands:
        low = Decimal(str(bound))
        if score >= low and (best is None or low > best[0]):
            best = (low, int(str(coefficient)))
    if best is None:
        raise DomainError("考核系数表中没有适用于该得分的一档")
    return best[1]


def post_pay(base: int, coefficient: int, share: int) -> int:
    """Base × coefficient × share, rounded once to the fen (halves up)."""
    return round_fen(Fraction(base * coefficient * share, BP * BP))


def _combined_exact(base: int, coefficient: int, shares: dict[str, int], rule: str, combined_share: int) -> Fraction:
    secretary = Fraction(base * coefficient * shares[PayPost.SECRETARY], BP * BP)
    director = Fraction(base * coefficient * shares[PayPost.DIRECTOR], BP * BP)
    if rule == CombinedRule.PLUS:
        return secretary + director * Fraction(combined_share, BP)
    return max(secretary, director)


def combined_pay(base: int, coefficient: int, shares: dict[str, int], rule: str, combined_share: int) -> int:
    """一肩挑: 'plus' = secretary's pay + combined_share of the 主任's pay (one rounding of the
    exact sum); 'higher' = the higher of the two."""
    return round_fen(_combined_exact(base, coefficient, shares, rule, combined_share))


def year_exact(posts: frozenset[str], base: int, coefficient: int, shares: dict[str, int], rule: str,
               combined_share: int) -> Fraction:  # fmt: skip
    """The exact yearly pay of someone holding `posts` all year (一肩挑 by the rule, else the best post)."""
    if not posts:
        return Fraction(0)
    if PayPost.SECRETARY in posts and PayPost.DIRECTOR in posts:
        return _combined_exact(base, coefficient, shares, rule, combined_share)
    return Fraction(base * coefficient * max(shares[p] for p in posts), BP * BP)


@dataclass(frozen=True)
class Holder:
    """A person with their paid posts in the village that year: `posts` as on the sheet's day (or
    when they last held one), `months` the posts held in each month of the year (None: all year
    the same `posts`). Pay is by month (按月计发): a month is paid for the posts held on its 15th,
    each month 1/12 of the yearly pay of those posts; the sum is rounded once."""

    key: object  # the person's id (or any key)
    name: str
    posts: frozenset[str]
    months: tuple[frozenset[str], ...] | None = None

    @property
    def months_held(self) -> int:
        return 12 if self.months is None else sum(1 for m in self.months if m)


@dataclass(frozen=True)
class Line:
    key: object
    name: str
    posts: tuple[str, ...]  # PayPost values, best-paid first
    label: str  # e.g. "党支部书记、村委会主任（一肩挑）"
    share: int | None  # basis points (None for 一肩挑 under 'plus': see `label`)
    pay: int  # fen
    combined: bool
    months: int = 12  # months paid (按月计发)


def line_for(holder: Holder, base: int, coefficient: int, shares: dict[str, int], rule: str,
             combined_share: int) -> Line:  # fmt: skip
    posts = sorted(holder.posts, key=lambda p: (-shares[p], list(LABEL).index(p)))
    combined = PayPost.SECRETARY in holder.posts and PayPost.DIRECTOR in holder.posts
    if combined:
        share = None if rule == CombinedRule.PLUS else max(shares[PayPost.SECRETARY], shares[PayPost.DIRECTOR])
    else:
        share = shares[posts[0]]
    if holder.months is None:
        exact = year_exact(holder.posts, base, coefficient, shares, rule, combined_share)
    else:
        exact = sum((year_exact(m, base, coefficient, shares, rule, combined_share) for m in holder.months),
                    Fraction(0)) / 12  # fmt: skip
    label = "、".join(LABEL[p] for p in posts) + ("（一肩挑）" if combined else "")
    return Line(holder.key, holder.name, tuple(posts), label, share, round_fen(exact), combined, holder.months_held)


def month_days(year: int, on: dt.date) -> list[dt.date]:
    """The day each month's posts are read on: its 15th, or `on` (the sheet's day) if that is earlier
    (a month still to come is paid for the posts held today)."""
    return [min(dt.date(year, month, 15), on) for month in range(1, 13)]


def sheet_lines(holders: Iterable[Holder], base: int, coefficient: int, shares: dict[str, int], rule: str,
                combined_share: int) -> list[Line]:  # fmt: skip
    """One line per person, ordered by post (书记 first) then name."""
    lines = [line_for(h, base, coefficient, shares, rule, combined_share) for h in holders if h.posts]
    order = list(LABEL)
    return sorted(lines, key=lambda ln: (order.index(ln.posts[0]), ln.name))


def check_base(base: int | None) -> None:
    if base is None:
        raise DomainError("请填写党支部书记的年度基本报酬")
    if base <= 0:
        raise DomainError("党支部书记的年度基本报酬应大于零")
    if base > MAX_BASE_FEN:
        raise DomainError("党支部书记的年度基本报酬超过1000万元，请检查金额")


def check_score(score: Decimal | None) -> None:
    if score is None:
        raise DomainError("请填写考核得分")
    if not score.is_finite() or not 0 <= score <= 100:
        raise DomainError("考核得分应在0至100之间")
    if score != score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP):
        raise DomainError("考核得分最多一位小数")

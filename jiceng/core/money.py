"""Money as integer fen (分), everywhere; one way to read and to show it.

yuan(25000000) == "250,000.00"     parse_yuan("1,234.5") == 123450
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import DomainError

_AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")


def yuan(fen: int | None, *, grouping: bool = True) -> str:
    """Fen as 元 with two decimals ("1,234.50"); None as an empty string."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    text = f"{whole:,}" if grouping else str(whole)
    return f"{sign}{text}.{cents:02d}"


def parse_yuan(text: str | int | float | Decimal, *, what: str = "金额") -> int:
    """An amount in 元 (text as typed, or a number from Excel) → integer fen; more than two
    decimals or anything not a number is refused in Chinese."""
    if isinstance(text, bool):
        raise DomainError(f"{what}不是有效的金额")
    if isinstance(text, int):
        return text * 100
    if isinstance(text, float):
        value = Decimal(str(text))
    else:
        cleaned = str(text).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
        if not _AMOUNT.match(cleaned):
            raise DomainError(f"{what}“{text}”不是有效的金额（元，最多两位小数）")
        value = Decimal(cleaned)
    try:
        fen = (value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise DomainError(f"{what}不是有效的金额") from exc
    if fen != value * 100:
        raise DomainError(f"{what}“{text}”最多两位小数")
    return int(fen)

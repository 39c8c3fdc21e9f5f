"""Reading query-string parameters: a value that does not read well is ignored, never a 500.

Filters on list pages are hints: `?page=huge`, `?since=2026-13-45` or `?age_min=1e309` must show
the page as if the parameter were absent (or clamped), not fail. Numbers are ASCII digits only
(`int("²")` raises although `"²".isdigit()`), bounded so no slice offset or date arithmetic can
overflow.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field

from .dates import EARLIEST, LATEST

MAX_PAGE = 100_000
MAX_ID = 2**62
# An identifier in an API parameter or body: out of range is a 422, never a database overflow.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def int_param(value: Any, *, lo: int = 0, hi: int = 2**31 - 1) -> int | None:
    """An integer in [lo, hi] from a query value, or None (absent, not a number, out of range)."""
    text = str(value).strip() if value is not None else ""
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not digits or len(digits) > 18 or not (digits.isascii() and digits.isdigit()):
        return None
    number = -int(digits) if negative else int(digits)
    return number if lo <= number <= hi else None


def page_param(value: Any) -> int:
    """A page number: 1 when absent or unreadable, at most MAX_PAGE (a page past the end is empty)."""
    text = str(value).strip() if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) > 6:
        return MAX_PAGE
    return min(int_param(value, lo=1) or 1, MAX_PAGE)


def date_param(value: Any) -> dt.date | None:
    """An ISO date (2026-03-01) between 1900 and 2100, or None."""
    text = str(value).strip() if value is not None else ""
    if len(text) != 10 or not text.isascii():
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None

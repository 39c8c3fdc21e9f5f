"""Plausible dates for what people type: nothing before 1900, nothing that has happened in the future.

A visit in the year 711 or a meeting held in 2207 is a typing slip, not a record: refuse it with
a Chinese message at the input (forms, API schemas, imports). Dates of things that have happened
(visits, meetings held, joining the Party, a post taken up) are at most today; dates of things to
come (deadlines, scheduled meetings) at most 2100.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from pydantic import AfterValidator, Field

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def entry_gap_days(happened_on: dt.date, entered_on: dt.date) -> int:
    """Days between the day something happened and the day it was entered, 0 when on time
    (DOMAIN.md, 减负: late entry is allowed and shown as late; both dates are kept)."""
    return max(0, (entered_on - happened_on).days)


def date_problem(value: dt.date | None, *, past: bool = False, today: dt.date | None = None) -> str | None:
    """Why `value` is not a plausible date, in Chinese, or None when it is (or is empty)."""
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    if day < EARLIEST:
        return "日期不能早于1900年1月1日，请检查年份"
    if past and day > (today or timezone.localdate()):
        return "日期不能晚于今天"
    if day > LATEST:
        return "日期不能晚于2100年12月31日，请检查年份"
    return None


def _form_validator(past: bool) -> Any:
    def validate(value: dt.date | None) -> None:
        if problem := date_problem(value, past=past):
            raise ValidationError(problem)

    return validate


class DateField(forms.DateField):
    """A form date field that refuses implausible years; `past=True` for things that have happened."""

    def __init__(self, *args: Any, past: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(_form_validator(past))


class DateTimeField(forms.DateTimeField):
    def __init__(self, *args: Any, past: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(_form_validator(past))


def _checked(past: bool) -> Any:
    def check(value: dt.date) -> dt.date:
        if problem := date_problem(value, past=past):
            raise ValueError(problem)
        return value

    return check


_MONTH, _DAY = "(?:0[1-9]|1[0-2])", "(?:0[1-9]|[12][0-9]|3[01])"


def _alternatives(first: int, last: int, width: int) -> str:
    return "(?:" + "|".join(f"{n:0{width}d}" for n in range(first, last + 1)) + ")"


def date_pattern(past: bool, today: dt.date | None = None) -> str:
    """A regular expression for the accepted ISO dates, so the OpenAPI document says exactly what
    the API takes (clients and schemathesis generate nothing the server refuses)."""
    if not past:
        return f"^{_alternatives(EARLIEST.year, LATEST.year, 4)}-{_MONTH}-{_DAY}$"
    today = today or timezone.localdate()
    parts = [f"{_alternatives(EARLIEST.year, today.year - 1, 4)}-{_MONTH}-{_DAY}"]
    if today.month > 1:
        parts.append(f"{today.year}-{_alternatives(1, today.month - 1, 2)}-{_DAY}")
    parts.append(f"{today.year}-{today.month:02d}-{_alternatives(1, today.day, 2)}")
    return "^(?:" + "|".join(parts) + ")$"


def _documented(past: bool) -> Any:
    def extra(schema: dict[str, Any]) -> None:
        schema["pattern"] = date_pattern(past)
        schema["description"] = "1900年1月1日至今天" if past else "1900年至2100年"

    return extra


# For API schemas (pydantic): an implausible date is a 422 with the Chinese reason.
PlausibleDate = Annotated[dt.date, AfterValidator(_checked(past=False)), Field(json_schema_extra=_documented(False))]
PastDate = Annotated[dt.date, AfterValidator(_checked(past=True)), Field(json_schema_extra=_documented(True))]

"""Builders for 公示 tests: a notice over 国庆 2026 and objections sent at a given time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.core.calendar import load_calendar
from jiceng.notices import actions
from jiceng.notices.models import Notice

# Wednesday 30 September 2026: 5 working days over 国庆 (1–7 October off, Saturday 10 October
# a 调休 working day) end on Monday 12 October.
START = dt.date(2026, 9, 30)
END = dt.date(2026, 10, 12)
TEXT = "经村党支部研究，拟确定张某某为发展对象，现予公示。"


class FakeSubject:
    """A record of another app, as the step check sees it: a ref and nothing else."""

    class _meta:
        label_lower = "elsewhere.record"  # a kind no app defines

    def __init__(self, pk: int = 7) -> None:
        self.pk = pk


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """`minute` past `hour` o'clock on `day` (may run past the hour: 10:60 is 11:00)."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour)) + dt.timedelta(minutes=minute)


def publish(org: Any, actor: Any = SYSTEM, **extra: Any) -> Notice:
    data: dict[str, Any] = {"subject": FakeSubject(), "step": "notice", "organization": org,
                            "title": "发展对象公示", "text": TEXT, "starts_on": START, "today": START, **extra}  # fmt: skip
    return actions.publish_notice(actor, **data)


def object_to(notice: Notice, text: str = "该同志去年未参加组织生活，请核实。", *, day: dt.date = START,
              address: str = "10.0.0.1", minute: int = 0, **extra: Any) -> actions.Receipt:  # fmt: skip
    return actions.submit_objection(notice, text=text, address=address, now=at(day, 10, minute), **extra)


@contextmanager
def travel(day: dt.date, hour: int = 10) -> Iterator[None]:
    """The app's clock (timezone.now, hence localdate) reads `hour` o'clock on `day`."""
    with mock.patch("django.utils.timezone.now", return_value=at(day, hour)):
        yield


def last_working_day(org: Any, day: dt.date | None = None) -> dt.date:
    """`day` (default today) or the working day before it."""
    calendar = load_calendar(org.path)
    day = day or timezone.localdate()
    while not calendar.is_business_day(day):
        day -= dt.timedelta(days=1)
    return day


def running_now(org: Any, **extra: Any) -> Notice:
    """A notice in progress today (whatever day the tests run)."""
    start = last_working_day(org)
    return publish(org, starts_on=start, today=timezone.localdate(), **extra)


def upheld(notice: Notice, officer: Any, day: dt.date, answer: str = "属实") -> Notice:
    """`notice` with one objection (sent on its first day), verified and upheld on `day`."""
    objection = object_to(notice, day=notice.starts_on).objection
    actions.move_objection(officer, objection, "investigating", on=day)
    actions.move_objection(officer, objection, "upheld", answer=answer, on=day)
    return Notice.objects.get(pk=notice.pk)


def ended_with_upheld(org: Any, officer: Any, **extra: Any) -> Notice:
    """A notice of a month ago whose one objection was upheld: it waits for the officer's decision."""
    start = last_working_day(org, timezone.localdate() - dt.timedelta(days=30))
    return upheld(publish(org, starts_on=start, today=start, **extra), officer, start)

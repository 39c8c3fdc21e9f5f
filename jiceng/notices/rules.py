"""Pure rules of 公示 (public notice with objections). No database.

- Period: a 公示 runs for N working days (default 5, set per county), starting on a working day;
  the end is the N-th working day counted from the start, over weekends, holidays and 调休
  working days of the county's calendar. Sources: 《中国共产党发展党员工作细则》(2014) requires the
  公示 of 发展对象 and leaves its length to local rules, commonly 5 working days (DOMAIN.md);
  《党政领导干部选拔任用工作条例》(2019) sets the pre-appointment 公示 at no fewer than 5 working days.
  Fewer than 1 working day is refused; more than 30 is refused as a typing error.
- Publishing never shows personal data: no resident ID numbers (GB 11643), no mobile or fixed
  telephone numbers in the title or text (house rule "publishing never shows personal data of
  people concerned"). The office number for objections is a separate field (受理电话) and must
  be an office line or a public service number such as 12380, not a mobile.
- Objections: text required, at most 2 000 characters (issue 9); name and contact optional;
  at most 5 from one address within an hour (the sixth is refused, nothing written).
- The outcome and the step: a workflow step "公示" completes when, on the event date of the move,
  the period has ended, no objection is open (one answered later than that date was open then),
  and no objection was upheld — unless an officer decided that the upheld objection does not stop
  the matter (异议成立，经研究不影响); a decision to stop (终止) blocks for good.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models

from jiceng.core.calendar import Calendar
from jiceng.core.errors import DomainError

DEFAULT_DAYS = 5
MAX_DAYS = 30
MAX_TITLE = 100
MAX_TEXT = 5000
MAX_OBJECTION = 2000
MAX_NAME = 50
MAX_CONTACT = 50
MAX_ANSWER = 2000
MAX_PER_HOUR = 5
WINDOW = dt.timedelta(hours=1)


class Board(models.TextChoices):
    VILLAGE = "village", "村公开栏"
    TOWNSHIP = "township", "乡镇公开栏"
    COUNTY = "county", "县级公开栏"


class Decision(models.TextChoices):
    NONE = "", "未作决定"
    CONTINUE = "continue", "异议成立，经研究不影响"
    STOP = "stop", "异议成立，终止"


class Outcome(models.TextChoices):
    UPCOMING = "upcoming", "尚未开始"
    RUNNING = "running", "公示中"
    PENDING = "pending", "公示期满，异议待处理"
    NO_OBJECTION = "no_objection", "无异议"
    DISMISSED = "dismissed", "异议不成立"
    UPHELD = "upheld", "异议成立，待作出处理决定"
    CONTINUED = "continued", "异议成立，经研究不影响"
    STOPPED = "stopped", "异议成立，终止"
    WITHDRAWN = "withdrawn", "已撤回"


# Outcomes with which the waiting workflow step may go on.
PASSING = frozenset({Outcome.NO_OBJECTION, Outcome.DISMISSED, Outcome.CONTINUED})
OPEN_STATES = frozenset({"received", "investigating"})


# ---------------------------------------------------------------- the period


def check_days(days: object) -> int:
    if not isinstance(days, int) or isinstance(days, bool):
        raise DomainError("公示期应填写工作日天数（整数）")
    if days < 1:
        raise DomainError("公示期不能少于1个工作日")
    if days > MAX_DAYS:
        raise DomainError(f"公示期不能超过{MAX_DAYS}个工作日")
    return days


def period(calendar: Calendar, start: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a 公示 of `days` working days starting on `start` (a working day)."""
    check_days(days)
    if not calendar.is_business_day(start):
        nearest = calendar.next_business_day(start)
        raise DomainError(f"{start:%Y-%m-%d}不是工作日，公示应从工作日开始（最近的工作日为{nearest:%Y-%m-%d}）")
    return start, calendar.add_days(start, days - 1)


def default_start(calendar: Calendar, today: dt.date) -> dt.date:
    """Published on a rest day, a 公示 starts on the next working day."""
    return calendar.next_business_day(today)


def _chinese(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def describe_period(starts_on: dt.date, ends_on: dt.date, days: int) -> str:
    return f"{_chinese(starts_on)}至{_chinese(ends_on)}（{days}个工作日）"


# ---------------------------------------------------------------- personal data in published text

# 18 characters: 6 region digits, a birth date (19xx/20xx, month, day), 3 digits, a check character.
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # month and day
_ID = re.compile(rf"(?<![0-9A-Za-z])[1-9]\d{{5}}(?:19|20)\d{{2}}{_DATE}\d{{3}}[0-9Xx](?![0-9A-Za-z])")
# Old 15-digit numbers: region, yymmdd, 3 digits.
_ID15 = re.compile(rf"(?<![0-9A-Za-z])[1-9]\d{{5}}\d{{2}}{_DATE}\d{{3}}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(?:\(0\d{2,3}\)|0\d{2,3})[- ]?[2-9]\d{6,7}(?![0-9])")


def _mask(found: str) -> str:
    digits = found.strip()
    return f"{digits[:3]}****{digits[-3:]}" if len(digits) > 6 else "****"


def personal_data_in(text: str) -> list[tuple[str, str]]:
    """(kind, masked fragment) for each ID number or telephone number found in `text`.

    Full-width digits count as digits (NFKC), so "１３８…" is found as well.
    """
    plain = unicodedata.normalize("NFKC", text)
    found: list[tuple[str, str]] = []
    for kind, pattern in (("身份证号", _ID), ("身份证号", _ID15), ("手机号码", _MOBILE), ("电话号码", _LANDLINE)):
        for match in pattern.finditer(plain):
            found.append((kind, _mask(match.group())))
            plain = plain.replace(match.group(), " " * len(match.group()), 1)
    return found


def check_publishable(label: str, text: str) -> None:
    found = personal_data_in(text)
    if found:
        parts = "、".join(f"{kind}“{masked}”" for kind, masked in found[:3])
        raise DomainError(f"{label}中不能包含身份证号、电话号码等个人信息，请删除：{parts}")


_SERVICE = re.compile(r"^(?:123\d{2}|12345|12380)$")


def check_hotline(value: str) -> str:
    """The office line for objections: an office number or a public service number, not a mobile."""
    value = unicodedata.normalize("NFKC", value).strip()
    if not value:
        return ""
    if len(value) > 30:
        raise DomainError("受理电话不能超过30个字符")
    if _MOBILE.search(value):
        raise DomainError("受理电话请填写单位固定电话或12380等公共服务号码，不要填写个人手机号码")
    if not (_SERVICE.match(value) or _LANDLINE.fullmatch(value)):
        raise DomainError("受理电话格式不正确，例如 0751-2345678 或 12380")
    return value


# ---------------------------------------------------------------- objections from the public


def check_objection(text: str, name: str, contact: str) -> tuple[str, str, str]:
    text, name, contact = text.strip(), name.strip(), contact.strip()
    if not text:
        raise DomainError("请填写异议内容")
    if len(text) > MAX_OBJECTION:
        raise DomainError(f"异议内容不能超过{MAX_OBJECTION}字（现有{len(text)}字），请精简后再提交")
    if len(name) > MAX_NAME:
        raise DomainError(f"姓名不能超过{MAX_NAME}个字")
    if len(contact) > MAX_CONTACT:
        raise DomainError(f"联系方式不能超过{MAX_CONTACT}个字")
    return text, name, contact


def recent(times: Iterable[dt.datetime], now: dt.datetime) -> list[dt.datetime]:
    """The submissions of one address that still count (within the last hour)."""
    return sorted(t for t in times if now - WINDOW < t <= now)


def check_rate(times: Sequence[dt.datetime], now: dt.datetime) -> None:
    """The sixth objection from one address within an hour is refused."""
    counted = recent(times, now)
    if len(counted) >= MAX_PER_HOUR:
        wait = counted[0] + WINDOW - now
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        raise DomainError(f"同一网络地址一小时内最多提交{MAX_PER_HOUR}条异议，请约{minutes}分钟后再试")


def accepting(starts_on: dt.date, ends_on: dt.date, withdrawn: bool, today: dt.date) -> None:
    """Objections are received from the first to the last day of the period."""
    if withdrawn:
        raise DomainError("该公示已撤回，不再受理异议")
    if today < starts_on:
        raise DomainError(f"公示将于{starts_on:%Y-%m-%d}开始，开始后才能提出异议")
    if today > ends_on:
        raise DomainError(f"公示期已于{ends_on:%Y-%m-%d}结束，不再受理异议；如有问题请向所在乡镇党委反映")


# ---------------------------------------------------------------- outcome and the waiting step


@dataclass(frozen=True)
class ObjectionFact:
    state: str
    answered_on: dt.date | None = None


@dataclass(frozen=True)
class NoticeFact:
    starts_on: dt.date
    ends_on: dt.date
    withdrawn: bool = False
    decision: str = ""
    decided_on: dt.date | None = None
    objections: tuple[ObjectionFact, ...] = ()

    def count(self, *states: str) -> int:
        return sum(1 for o in self.objections if o.state in states)


def outcome(notice: NoticeFact, today: dt.date) -> Outcome:
    if notice.withdrawn:
        return Outcome.WITHDRAWN
    if today < notice.starts_on:
        return Outcome.UPCOMING
    if today <= notice.ends_on:
        return Outcome.RUNNING
    if notice.count(*OPEN_STATES):
        return Outcome.PENDING
    if notice.count("upheld"):
        return {Decision.CONTINUE: Outcome.CONTINUED, Decision.STOP: Outcome.STOPPED}.get(
            Decision(notice.decision), Outcome.UPHELD
        )
    return Outcome.DISMISSED if notice.objections else Outcome.NO_OBJECTION


def step_blocker(notice: NoticeFact, on: dt.date) -> str | None:
    """Why the step waiting for this 公示 cannot be left on `on` (None: it can)."""
    if notice.withdrawn:
        return "公示已撤回，请重新发布公示"
    if on <= notice.ends_on:
        after = notice.ends_on + dt.timedelta(days=1)
        return (f"公示期为{notice.starts_on:%Y-%m-%d}至{notice.ends_on:%Y-%m-%d}，"
                f"期满后（{after:%Y-%m-%d}起）才能办理下一环节")  # fmt: skip
    still_open = notice.count(*OPEN_STATES)
    if still_open:
        return f"公示期间收到的异议尚有{still_open}件未处理完毕，处理完毕后才能办理下一环节"
    answered = [o.answered_on for o in notice.objections if o.answered_on is not None]
    if answered and max(answered) > on:
        return f"异议于{max(answered):%Y-%m-%d}处理完毕，下一环节的日期不能早于该日"
    if notice.count("upheld"):
        return _upheld_blocker(notice, on)
    return None


def _upheld_blocker(notice: NoticeFact, on: dt.date) -> str | None:
    if notice.decision == Decision.STOP:
        return "公示期间的异议经核实成立，已决定终止，不能办理下一环节"
    if notice.decision != Decision.CONTINUE:
        return "公示期间有异议经核实成立，须由组织委员作出处理决定（不影响继续，或终止）后才能办理下一环节"
    if notice.decided_on is not None and notice.decided_on > on:
        return f"处理决定于{notice.decided_on:%Y-%m-%d}作出，下一环节的日期不能早于该日"
    return None

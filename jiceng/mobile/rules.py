"""Pure rules of mobile members (流动党员), no database.

Sources, as read from secondary copies (the article numbers are not given there, so the rules
cite the documents; correct them in `CITES` once checked against the originals):
- 《中共中央组织部关于加强和改进流动党员管理工作的意见》(2006): a member away from home for more
  than one month and up to six months at a fixed place carries the 《流动党员活动证》 and takes
  part in the organizational life of the place; away more than six months at a fixed place, the
  organization relation (组织关系) should be transferred there. Where the place is not fixed (or
  the relation cannot be transferred), the activity card is used however long the stay.
- 《中国共产党党员教育管理工作条例》(2019), 流动党员管理: the village branch names someone to keep
  in regular touch with each mobile member. How often is local practice: by default once a
  quarter (`CONTACT_EVERY_MONTHS`), configurable per record.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from jiceng.core.calendar import add_months

OPINION_2006 = "《中共中央组织部关于加强和改进流动党员管理工作的意见》"
REGULATION_2019 = "《中国共产党党员教育管理工作条例》"
CITES = {
    "card": f"{OPINION_2006}（外出一个月以上、六个月以内，地点固定的，持《流动党员活动证》）",
    "transfer": f"{OPINION_2006}（外出地点固定、时间超过六个月的，转移组织关系）",
    "contact": f"{REGULATION_2019}（流动党员管理：明确专人与流动党员保持经常联系）",
}
CARD_AFTER_MONTHS = 1
TRANSFER_AFTER_MONTHS = 6
CONTACT_EVERY_MONTHS = 3  # one contact a quarter (local practice; each record may set its own)
LATE_AFTER_DAYS = 7  # entered more than a week after the event: shown as 补录


class Reason(models.TextChoices):
    WORK = "work", "务工"
    BUSINESS = "business", "经商"
    STUDY = "study", "就学"
    FAMILY = "family", "随迁、探亲"
    OTHER = "other", "其他"


class How(models.TextChoices):
    PHONE = "phone", "电话"
    MESSAGE = "message", "微信、短信"
    VISIT = "visit", "当面"
    LETTER = "letter", "书信"
    OTHER = "other", "其他"


class Advice(models.TextChoices):
    NONE = "none", "外出不满一个月"
    CARD = "card", "应持流动党员活动证"
    TRANSFER = "transfer", "在外超过六个月，应转移组织关系"


def away_until(on: dt.date, expected_return: dt.date | None) -> dt.date:
    """How far the stay reaches when judged on `on`: the expected return when it lies later."""
    return max(on, expected_return) if expected_return else on


def advice(left_on: dt.date, on: dt.date, *, fixed_place: bool, expected_return: dt.date | None = None) -> str:
    """What the stay calls for on `on` (the 2006 opinion): away ≥ 1 month → activity card; more than
    six months at a fixed place → transfer the organization relation (a warning, nothing changes)."""
    reach = away_until(on, expected_return)
    if fixed_place and reach > add_months(left_on, TRANSFER_AFTER_MONTHS):
        return Advice.TRANSFER
    if reach >= add_months(left_on, CARD_AFTER_MONTHS):
        return Advice.CARD
    return Advice.NONE


def card_problem(issued_on: dt.date, valid_until: dt.date, left_on: dt.date, today: dt.date) -> str | None:
    if issued_on > today:
        return "发证日期不能晚于今天"
    if valid_until <= issued_on:
        return "活动证有效期应晚于发证日期"
    if issued_on < add_months(left_on, -3):
        return "发证日期不能早于外出日期三个月以上（行前发证一般在外出前不久）"
    return None


def card_expired(valid_until: dt.date | None, on: dt.date) -> bool:
    return valid_until is not None and valid_until < on


def contact_due(left_on: dt.date, last_contact: dt.date | None, every_months: int = CONTACT_EVERY_MONTHS) -> dt.date:
    """The day by which the next contact is due: `every_months` after the last one (or the departure)."""
    return add_months(max(left_on, last_contact) if last_contact else left_on, every_months)


def contact_overdue(left_on: dt.date, last_contact: dt.date | None, on: dt.date,
                    every_months: int = CONTACT_EVERY_MONTHS) -> bool:  # fmt: skip
    return on > contact_due(left_on, last_contact, every_months)


def outflow_problem(left_on: dt.date, expected_return: dt.date | None, today: dt.date) -> str | None:
    if left_on > today:
        return "外出日期不能晚于今天（登记已经外出的党员）"
    if expected_return is not None and expected_return <= left_on:
        return "预计返回日期应晚于外出日期"
    return None


def event_problem(day: dt.date, left_on: dt.date, today: dt.date, what: str) -> str | None:
    """A dated event of the stay (contact, report, lost contact, return) lies within it."""
    if day > today:
        return f"{what}不能晚于今天"
    if day < left_on:
        return f"{what}不能早于外出日期（{left_on:%Y-%m-%d}）"
    return None

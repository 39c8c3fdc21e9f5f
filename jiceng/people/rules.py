"""Pure rules about people: ID numbers, ages, categories, education, masking, pinyin.

- Resident ID (GB 11643-1999): 18 characters, birth date in positions 7–14, sex from the
  17th digit (odd = male), ISO 7064 MOD 11-2 check character; validated with `stdnum.cn.ric`.
- Member stages (《中国共产党发展党员工作细则》2014, Art. 3–25): 入党申请人 → 入党积极分子 →
  发展对象 → 预备党员 → 正式党员; the probation year runs from the 支部大会 date (Art. 32),
  so 转正日期 is never before 入党日期, nor before the year is over unless extended (see
  `probation_problem`).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db import models
from django.utils import timezone
from pypinyin import lazy_pinyin
from stdnum.cn import ric

from jiceng.core import dates
from jiceng.core.calendar import add_months


class Category(models.TextChoices):
    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"
    CANDIDATE = "candidate", "发展对象"
    ACTIVIST = "activist", "入党积极分子"
    APPLICANT = "applicant", "入党申请人"
    RESIDENT = "resident", "群众"


MEMBER_CATEGORIES = (Category.FULL, Category.PROBATIONARY)
CATEGORY_BY_LABEL = {label: value for value, label in Category.choices}


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    VOCATIONAL = "vocational", "中专"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR_HIGH = "junior_high", "初中"
    PRIMARY = "primary", "小学"
    NONE = "none", "未上学"


EDUCATION_BY_LABEL = {label: value for value, label in Education.choices}
UNKNOWN_EDUCATION_LABEL = "未知"
# 初中及以下 as used in the cadre statistics of seed 004.
JUNIOR_HIGH_OR_BELOW = (Education.JUNIOR_HIGH, Education.PRIMARY, Education.NONE)


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


SEX_BY_LABEL = {label: value for value, label in Sex.choices}
MAJORITY_ETHNICITIES = {"", "汉族", "汉"}


class PartyTitle(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    MEMBER = "member", "委员"
    GROUP_LEADER = "group_leader", "小组长"
    # Sent by a higher organization to a village (选派), beside its secretary: a post of its own,
    # not a way of being the secretary (issue 10.9); not a village cadre of the statistics.
    FIRST_SECRETARY = "first_secretary", "第一书记"


class CommitteeTitle(models.TextChoices):
    DIRECTOR = "director", "主任"
    DEPUTY_DIRECTOR = "deputy_director", "副主任"
    MEMBER = "member", "委员"


class SupervisoryTitle(models.TextChoices):
    """村务监督委员会 (村民委员会组织法 Art. 32): 主任 and 委员."""

    DIRECTOR = "director", "主任"
    MEMBER = "member", "委员"


class PostEndReason(models.TextChoices):
    RESIGNED = "resigned", "辞职"
    DISMISSED = "dismissed", "免职"
    REMOVED = "removed", "撤职"
    RECALLED = "recalled", "罢免"
    TERM_ENDED = "term_ended", "任期届满"


class TransferReason(models.TextChoices):
    """Why a person's organization relation moves (组织关系转接, issue 13.4)."""

    OUT = "out", "转出"
    IN = "in", "转入"
    MOBILE = "mobile", "流动"
    RETURN = "return", "回乡"


class PostBody(models.TextChoices):
    PARTY = "party", "党组织"
    VILLAGE_COMMITTEE = "village_committee", "村民委员会"
    SUPERVISORY = "supervisory", "村务监督委员会"


class AppointmentMode(models.TextChoices):
    ELECTED = "elected", "选举"
    SELECTED = "selected", "选派"
    HIRED = "hired", "聘请"
    CROSS_VILLAGE = "cross_village", "跨村兼职"
    GRADUATE_OFFICIAL = "graduate_official", "大学生村官"
    SECONDED = "seconded", "挂职"


PARTY_TITLE_BY_LABEL = {label: value for value, label in PartyTitle.choices}
COMMITTEE_TITLE_BY_LABEL = {label: value for value, label in CommitteeTitle.choices}
SUPERVISORY_TITLE_BY_LABEL = {label: value for value, label in SupervisoryTitle.choices}
# The titles of each body (a title's code is read with its body: "director" of which committee).
TITLES: dict[str, type[models.TextChoices]] = {
    PostBody.PARTY: PartyTitle,
    PostBody.VILLAGE_COMMITTEE: CommitteeTitle,
    PostBody.SUPERVISORY: SupervisoryTitle,
}
# What the post form offers: body, title and how they read together (党组织书记, 监委会主任 …).
BODY_PREFIX: dict[str, str] = {
    PostBody.PARTY: "党组织",
    PostBody.VILLAGE_COMMITTEE: "村委会",
    PostBody.SUPERVISORY: "监委会",
}


def id_problem(number: str) -> str | None:
    """Why `number` is not a valid 18-character resident ID number, or None.

    Checks length, digits, the MOD 11-2 check character, the birth date and that the address
    code exists. Unlike `ric.validate` it does not require the county to have existed in the
    birth year: people born before their district was created carry its newer code.
    """
    if len(number) != 18:
        return "公民身份号码应为18位"
    if not number.isascii() or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "公民身份号码只能由数字和末位X组成"
    if number[17] != ric.calc_check_digit(number):
        return "公民身份号码校验位不正确"
    try:
        birth = birth_date_from_id(number)
    except ValueError:
        return "公民身份号码中的出生日期不存在"
    if not dt.date(1900, 1, 1) <= birth <= timezone.localdate():
        return "公民身份号码中的出生日期不合理"
    if not _address_code_known(number[:6]):
        return "公民身份号码的地址码不存在"
    return None


@lru_cache(maxsize=8192)
def _address_code_known(code: str) -> bool:
    from stdnum import numdb

    return any(props.get("county") for _, props in numdb.get("cn/loc").info(code))


def id_with_check_digit(first17: str) -> str:
    """Complete 17 digits with their check character (for tests and synthetic data)."""
    return first17 + ric.calc_check_digit(first17 + "0")


def normalize_id(number: str) -> str:
    return number.strip().replace(" ", "").upper()


def birth_date_from_id(number: str) -> dt.date:
    """Positions 7–14 (YYYYMMDD); raises ValueError for a date that does not exist."""
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_from_id(number: str) -> str:
    return Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE


# An ID number registered outside the user's subtree: say so (it must not be registered twice), but
# not where — the person's organization is not the asking township's business until the transfer.
REGISTERED_ELSEWHERE = "已在本县其他组织登记，请办理组织关系转接"


def mask_id(number: str) -> str:
    """`420102199001011234` → `4201**********1234`: region prefix and last four only."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(number: str) -> str:
    """`13812345678` → `138****5678` (the masked exports, 脱敏); anything shorter keeps only its last two."""
    if not number:
        return ""
    if len(number) >= 8:
        return number[:3] + "*" * (len(number) - 7) + number[-4:]
    return "*" * max(len(number) - 2, 1) + number[-2:]


def age_on(birth: dt.date, on: dt.date) -> int:
    """Age in whole years on `on` (a person born on 29 Feb turns a year older on 1 Mar)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def is_minority(ethnicity: str) -> bool:
    return ethnicity.strip() not in MAJORITY_ETHNICITIES


# Surnames read differently from the character's everyday reading.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha", "乐": "yue",
    "盖": "ge", "缪": "miao", "翟": "zhai", "覃": "qin", "柏": "bai", "秘": "bi", "种": "chong", "员": "yun",
    "黑": "he", "重": "chong", "长": "chang", "尉": "yu", "宓": "fu", "郇": "huan", "召": "shao", "降": "xiang",
}  # fmt: skip


@lru_cache(maxsize=16384)
def _char_pinyin(char: str) -> tuple[str, str]:
    if char.isascii():
        return char.lower(), char.lower()
    syllable = "".join(lazy_pinyin(char, errors="ignore")).lower()
    return syllable, syllable[:1]


def pinyin_keys(name: str) -> tuple[str, str]:
    """('zhangsan', 'zs') for 张三: full pinyin without tones, and initials.

    Character by character (cached): names are short and their characters repeat, so this is
    what keeps a 100 000-row import fast. Letters and digits in a name are kept as they are.
    """
    parts = [_char_pinyin(c) for c in name if not c.isspace()]
    if parts and name[0] in SURNAME_READINGS:
        reading = SURNAME_READINGS[name[0]]
        parts[0] = (reading, reading[0])
    return "".join(p[0] for p in parts), "".join(p[1] for p in parts)


def initial_stages(
    category: str, joined_on: dt.date | None, confirmed_on: dt.date | None, today: dt.date
) -> list[tuple[str, dt.date]]:
    """The dated category history implied by a new person's dates: 预备 from 入党日期, 正式 from
    转正日期; without dates, the current category from today."""
    stages: list[tuple[str, dt.date]] = []
    if category in MEMBER_CATEGORIES and joined_on:
        stages.append((Category.PROBATIONARY, joined_on))
    if category == Category.FULL and confirmed_on:
        stages.append((Category.FULL, confirmed_on))
    return stages or [(category, today)]


def category_on(current: str, joined_on: dt.date | None, confirmed_on: dt.date | None, on: dt.date) -> str | None:
    """The category a person had on date `on`, from the dated member stages.

    Members: 正式党员 from 转正日期, 预备党员 from 入党日期, before that the pre-member stage
    they must have passed (发展对象). Non-members keep their current category (the roster
    carries no dates for the earlier stages).
    """
    if current not in MEMBER_CATEGORIES:
        return current
    joined = joined_on is None or joined_on <= on
    if current == Category.FULL and joined and (confirmed_on is None or confirmed_on <= on):
        return Category.FULL
    return Category.PROBATIONARY if joined else Category.CANDIDATE


def entry_gap_days(happened_on: dt.date | None, recorded_at: dt.datetime | None) -> int:
    """Days between the day something happened and the day it was entered (0 if unknown or on time).

    DOMAIN.md (减负): late entry is allowed and shown as late — the event date and the entry
    date are both kept."""
    if happened_on is None or recorded_at is None:
        return 0
    return dates.entry_gap_days(happened_on, timezone.localdate(recorded_at))


def event_date_problem(
    on: dt.date, today: dt.date, *, birth: dt.date | None = None, joined: dt.date | None = None, what: str = "日期"
) -> str | None:
    """Why `on` cannot be the date a change to a person happened: not in the future, not before
    the person was born, and (for what needs membership) not before they joined the party."""
    if on > today:
        return f"{what}不能晚于今天"
    if birth is not None and on < birth:
        return f"{what}不能早于出生日期"
    if joined is not None and on < joined:
        return f"{what}不能早于入党日期"
    return None


def transfer_date_problem(on: dt.date, today: dt.date, *, birth: dt.date, last: dt.date | None) -> str | None:
    """Why `on` cannot be the day a person's organization relation moved (组织关系转接).

    Transfers are dated events in order (issue 13.4, DOMAIN 减负: late entry allowed): not in
    the future, not before birth, not before the person's last transfer (the as-of statistics
    read the chain of transfers in date order)."""
    if problem := event_date_problem(on, today, birth=birth, what="转接日期"):
        return problem
    if last is not None and on < last:
        return f"转接日期不能早于该人员上一次组织关系转接的日期（{last:%Y-%m-%d}）"
    return None


PROBATION_MONTHS = 12
PROBATION_EXTENSION_MONTHS = (6, 12)  # at least half a year, at most one year


def probation_end(joined_on: dt.date, extension_months: int | None = None) -> dt.date:
    """The first day a 预备党员 may become 正式党员: one year from the 支部大会 that admitted them,
    plus the extension when the probation was extended."""
    return add_months(joined_on, PROBATION_MONTHS + (extension_months or 0))


def extension_problem(joined_on: dt.date | None, extension_months: int | None) -> str | None:
    """Why 预备期延长 cannot stand, or None: once, at least half a year, at most one year
    (《中国共产党发展党员工作细则》2014 Art. 32)."""
    if extension_months is None:
        return None
    low, high = PROBATION_EXTENSION_MONTHS
    if not low <= extension_months <= high:
        return f"预备期延长应为{low}至{high}个月"
    if joined_on is None:
        return "填写预备期延长时须填写入党日期"
    return None


def probation_problem(
    joined_on: dt.date | None, confirmed_on: dt.date | None, extension_months: int | None
) -> str | None:
    """Why 转正日期 cannot stand, or None: not before 入党日期, nor before the probation is over.

    《中国共产党发展党员工作细则》(2014) Art. 32 (and 党章 Art. 7): the probation is one year from
    the day the 支部大会 admitted the member, or one year plus the extension (6–12 months) when
    it was extended — a 转正 earlier than that is refused.
    """
    if joined_on is None or confirmed_on is None:
        return None
    if confirmed_on < joined_on:
        return "转正日期不能早于入党日期"
    end = probation_end(joined_on, extension_months)
    if confirmed_on < end:
        extended = f"（含延长的{extension_months}个月）" if extension_months else ""
        return f"预备期未满一年{extended}：转正日期不能早于{end:%Y-%m-%d}"
    return None

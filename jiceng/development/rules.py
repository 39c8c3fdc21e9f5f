"""Pure rules of member development (发展党员), versioned by the date of the step they judge.

《中国共产党发展党员工作细则》(2014), as read from secondary copies (article numbers are kept in
one place, `RULES_2014`, so a correction or the reported 2026 revision is one new `RuleSet`):
- 第五条: an applicant is at least 18 years old on the day of the application.
- 第七条: the party organization talks with the applicant within one month of the application.
- 第八条: the 支部委员会 decides who becomes an activist and files it with the township.
- 第九条: one or two full members are the activist's 培养联系人.
- 第十一条: the branch reviews an activist every six months (a written review).
- 第十三条: at least one year of cultivation before an activist becomes a 发展对象.
- 第十四条: two full members are the 发展对象's 入党介绍人.
- 第十六条: political review before admission (its result is recorded).
- 第十八条: concentrated training of at least 3 days or at least 24 class hours.
- 第二十条: the township committee pre-reviews; the 公示 period is set locally (5 working days).
- 第二十二条: the 支部大会 generally within one month of the pre-review.
- 第二十七条: the township approves within 3 months of the 支部大会, at most 6.
- 第二十九条: the probation is one year from the day the 支部大会 admitted the member.
- 第三十二条: at its end the 支部大会 confirms, extends once by 6–12 months, or cancels.
- 第三十四条: membership (党龄) counts from the day the probation ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from jiceng.core.calendar import add_months

STATUTE = "《中国共产党发展党员工作细则》"


@dataclass(frozen=True)
class RuleSet:
    """The figures and article numbers in force from `valid_from`."""

    name: str
    valid_from: dt.date
    min_age: int = 18
    talk_months: int = 1
    contacts: tuple[int, int] = (1, 2)
    review_months: int = 6
    cultivation_years: int = 1
    introducers: int = 2
    training_days: int = 3
    training_hours: int = 24
    congress_months: int = 1
    approval_months: int = 3
    approval_max_months: int = 6
    probation_years: int = 1
    extension_months: tuple[int, int] = (6, 12)
    notice_days: int = 5
    articles: tuple[tuple[str, str], ...] = ()

    def cite(self, key: str) -> str:
        """ "《中国共产党发展党员工作细则》第五条" for the rule `key`."""
        return self.cites(key)

    def cites(self, *keys: str) -> str:
        """ "《中国共产党发展党员工作细则》第二十九条、第三十二条" for several rules."""
        articles = dict(self.articles)
        return STATUTE + "、".join(articles[k] for k in keys)


RULES_2014 = RuleSet(
    name="2014年版",
    valid_from=dt.date(2014, 6, 10),
    articles=(
        ("age", "第五条"), ("talk", "第七条"), ("activist", "第八条"), ("contacts", "第九条"),
        ("review", "第十一条"), ("cultivation", "第十三条"), ("introducers", "第十四条"),
        ("vetting", "第十六条"), ("training", "第十八条"), ("prereview", "第二十条"),
        ("congress", "第二十二条"), ("approval", "第二十七条"), ("probation", "第二十九条"),
        ("extension", "第三十二条"), ("seniority", "第三十四条"),
    ),
)  # fmt: skip
# Newest last; a revision is one more RuleSet with its own `valid_from`.
VERSIONS: tuple[RuleSet, ...] = (RULES_2014,)


def rules_on(day: dt.date, versions: Sequence[RuleSet] = VERSIONS) -> RuleSet:
    """The rules in force on `day`: a step is judged under the version of its own date."""
    found = [v for v in versions if v.valid_from <= day]
    return found[-1] if found else versions[0]


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_problem(birth: dt.date, applied_on: dt.date, rs: RuleSet = RULES_2014) -> str | None:
    # 《细则》第五条: 年满十八岁
    if age_on(birth, applied_on) < rs.min_age:
        return f"申请入党须年满{rs.min_age}周岁（{rs.cite('age')}）"
    return None


def contacts_problem(categories: Sequence[str], rs: RuleSet = RULES_2014) -> str | None:
    # 《细则》第九条: 一至两名正式党员作培养联系人
    low, high = rs.contacts
    if not low <= len(categories) <= high:
        return f"应指定{low}至{high}名培养联系人（{rs.cite('contacts')}）"
    if any(c != "full" for c in categories):
        return f"培养联系人须为正式党员（{rs.cite('contacts')}）"
    return None


def introducers_problem(categories: Sequence[str], rs: RuleSet = RULES_2014) -> str | None:
    # 《细则》第十四条: 两名正式党员作入党介绍人
    if len(categories) != rs.introducers:
        return f"发展对象应有{rs.introducers}名入党介绍人（{rs.cite('introducers')}）"
    if any(c != "full" for c in categories):
        return f"入党介绍人须为正式党员（{rs.cite('introducers')}）"
    return None


def training_problem(days: int | None, hours: int | None, rs: RuleSet = RULES_2014) -> str | None:
    # 《细则》第十八条: 集中培训不少于三天或不少于二十四个学时
    if (days or 0) >= rs.training_days or (hours or 0) >= rs.training_hours:
        return None
    return (f"集中培训时间不少于{rs.training_days}天或不少于{rs.training_hours}个学时，"
            f"已填{days or 0}天、{hours or 0}学时（{rs.cite('training')}）")  # fmt: skip


def review_due(since: dt.date, rs: RuleSet = RULES_2014) -> dt.date:
    # 《细则》第十一条: 每半年考察一次 (from the last review, or from becoming an activist)
    return add_months(since, rs.review_months)


def extension_problem(months: int | None, already: int, rs: RuleSet = RULES_2014) -> str | None:
    # 《细则》第三十二条: 延长一次预备期，不少于半年，最长不超过一年
    if already:
        return f"预备期只能延长一次，已延长{already}个月（{rs.cite('extension')}）"
    low, high = rs.extension_months
    if months is None or not low <= months <= high:
        return f"延长预备期应为{low}至{high}个月（{rs.cite('extension')}）"
    return None


def probation_end(admitted_on: dt.date, extension: int = 0, rs: RuleSet = RULES_2014) -> dt.date:
    # 《细则》第二十九条: 预备期一年，从支部大会通过之日算起（延长的另加）
    return add_months(admitted_on, rs.probation_years * 12 + extension)


def confirm_problem(on: dt.date, admitted_on: dt.date, extension: int, rs: RuleSet = RULES_2014) -> str | None:
    """A 转正 discussed before the (extended) probation ended is refused."""
    end = probation_end(admitted_on, extension, rs)
    if on < end:
        extra = f"（含延长的{extension}个月）" if extension else ""
        return (f"预备期从支部大会通过之日（{admitted_on:%Y-%m-%d}）算起{extra}，{end:%Y-%m-%d}期满，"
                f"期满前不能讨论转正（{rs.cites('probation', 'extension')}）")  # fmt: skip
    return None


def approval_limit(admitted_on: dt.date, rs: RuleSet = RULES_2014) -> dt.date:
    # 《细则》第二十七条: 审批最长不得超过六个月
    return add_months(admitted_on, rs.approval_max_months)


def entry_late_days(on: dt.date, entered: dt.date) -> int:
    """Days between the event and its entry (late entry is allowed and shown)."""
    return max(0, (entered - on).days)

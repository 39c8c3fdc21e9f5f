"""Pure rules of 党务公开、村务公开、财务公开 (no database).

- 《村民委员会组织法》(2018) Art. 30: 村务 published at least once a quarter; where the
  collective's finances have many transactions, finances monthly; major matters at once
  (as they happen). A county may ask for more (its `CountyRule`, versioned by date).
- A period counts as published on time when a publication of its section covers part of it and
  was published within `grace_days` after the period ended (the county's rule; 10 days built in).
- A finance statement's lines add up to its stated totals (money in integer fen).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import models

from jiceng.core.money import yuan

DEFAULT_DAYS = 30  # how long a publication stays on the board unless the officer says otherwise
MAX_DAYS = 366
INCOME, EXPENSE = "income", "expense"
MAX_LINES = 500


class Section(models.TextChoices):
    PARTY = "party", "党务公开"
    VILLAGE = "village", "村务公开"
    FINANCE = "finance", "财务公开"


# Categories of each section: code → label; "major" matters are published at once (Art. 30),
# outside the periodic check.
CATEGORIES: dict[str, dict[str, str]] = {
    Section.PARTY: {"organization": "组织建设", "members": "党员发展与管理", "dues": "党费收缴使用",
                    "decisions": "党组织决议决定", "policy": "惠农政策落实", "other": "其他"},
    Section.VILLAGE: {"affairs": "村务事项", "major": "重大事项", "projects": "工程项目",
                      "subsidies": "补贴补助发放", "decisions": "村民会议决议", "results": "实施结果", "other": "其他"},
    Section.FINANCE: {"statement": "财务收支", "assets": "集体资产资源", "debts": "债权债务",
                      "cadre_pay": "村干部报酬", "other": "其他"},
}  # fmt: skip
AT_ONCE = {(Section.VILLAGE, "major")}


def category_label(section: str, category: str) -> str:
    return CATEGORIES.get(section, {}).get(category, category)


def check_category(section: str, category: str) -> str:
    """'' or why the section/category pair is wrong."""
    if section not in CATEGORIES:
        return "请选择公开栏目（党务公开、村务公开或财务公开）"
    if category not in CATEGORIES[section]:
        return f"“{Section(section).label}”没有类别“{category}”"
    return ""


class Checker(models.TextChoices):
    """Seed 004: 镇纪委、党群办公室、经管中心、社区管理办公室等相关部门定期抽查."""

    DISCIPLINE = "discipline", "镇纪委"
    PARTY_OFFICE = "party_office", "党群办公室"
    ECONOMY = "economy", "经管中心"
    COMMUNITY = "community", "社区管理办公室"
    OTHER = "other", "其他部门"


class ProcedureKind(models.TextChoices):
    HUINONG = "huinong", "惠农政策事项"
    ZIZHI = "zizhi", "村民自治事项"
    SIYI = "siyi", "四议两公开"


@dataclass(frozen=True)
class RuleSet:
    valid_from: dt.date
    months: Mapping[str, int]  # section → months per period (1 monthly, 3 quarterly; 0 no periodic check)
    grace_days: int
    source: str

    def cite(self, section: str) -> str:
        if self.source != "组织法":
            return f"{self.source}（{self.valid_from:%Y-%m-%d}起施行）"
        return {
            Section.VILLAGE: "《村民委员会组织法》第三十条：村务公开至少每季度一次",
            Section.FINANCE: "《村民委员会组织法》第三十条：集体财务往来较多的，财务收支情况应当每月公布一次",
            Section.PARTY: "党务公开：每季度至少一次（本县规定可调整）",
        }[Section(section)]


# 《村民委员会组织法》(2018 revision, in force 2018-12-29) Art. 30; 党务 quarterly as 村务.
BUILT_IN = RuleSet(dt.date(2018, 12, 29), {Section.PARTY: 3, Section.VILLAGE: 3, Section.FINANCE: 1}, 10, "组织法")


def rules_on(on: dt.date, county_rules: Iterable[RuleSet] = ()) -> RuleSet:
    """The rule set in force on `on`: the county's latest one not after it, else the built-in one."""
    found = [r for r in county_rules if r.valid_from <= on]
    return max(found, key=lambda r: r.valid_from) if found else BUILT_IN


def check_months(value: int, what: str) -> str:
    if value not in (0, 1, 2, 3, 4, 6, 12):
        return f"{what}应为 1、2、3、4、6 或 12 个月（0 表示不作定期要求）"
    return ""


# ---------------------------------------------------------------- periods and lateness


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date
    label: str


def _label(year: int, first: int, last: int) -> str:
    if first == last:
        return f"{first}月"
    if last - first == 2 and first % 3 == 1:
        return f"第{'一二三四'[(first - 1) // 3]}季度"
    if first == 1 and last == 12:
        return f"{year}年"
    return f"{first}—{last}月"


def spans(year: int, section: str, county_rules: Iterable[RuleSet] = ()) -> list[tuple[Span, RuleSet]]:
    """The periods of `year` for `section`, each under the rule in force when it begins (a county
    that changes its cadence mid-year: earlier periods keep the earlier rule)."""
    county_rules = list(county_rules)
    out = []
    month = 1
    while month <= 12:
        ruleset = rules_on(dt.date(year, month, 1), county_rules)
        months = ruleset.months.get(section, 0)
        if months <= 0:
            month += 1
            continue
        last = min(12, month + months - 1)
        start, end = dt.date(year, month, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
        out.append((Span(start, end, _label(year, month, last)), ruleset))
        month = last + 1
    return out


@dataclass(frozen=True)
class Published:
    """What the check reads of a publication."""

    section: str
    category: str
    period_start: dt.date
    period_end: dt.date
    published_on: dt.date


class Mark(models.TextChoices):
    ON_TIME = "on_time", "按时公开"
    LATE = "late", "逾期公开"
    MISSING = "missing", "未公开"
    PENDING = "pending", "未到期"


@dataclass(frozen=True)
class PeriodMark:
    span: Span
    due: dt.date
    mark: str
    published_on: dt.date | None

    @property
    def behind(self) -> bool:
        return self.mark in (Mark.LATE, Mark.MISSING)

    @property
    def mark_label(self) -> str:
        return Mark(self.mark).label


def due_date(span: Span, grace_days: int) -> dt.date:
    return span.end + dt.timedelta(days=grace_days)


def judge(section: str, year: int, items: Sequence[Published], today: dt.date,
          county_rules: Iterable[RuleSet] = ()) -> list[PeriodMark]:  # fmt: skip
    """Each period of `year` for `section`: on time, late, missing or not yet due (组织法 Art. 30;
    each period under the rule in force when it begins)."""
    marks = []
    for span, ruleset in spans(year, section, county_rules):
        due = due_date(span, ruleset.grace_days)
        dates = sorted(
            p.published_on for p in items
            if p.section == section and (p.section, p.category) not in AT_ONCE
            and p.period_start <= span.end and p.period_end >= span.start
        )  # fmt: skip
        first = dates[0] if dates else None
        if first is not None and first <= due:
            mark = Mark.ON_TIME
        elif first is not None:
            mark = Mark.LATE
        elif today > due:
            mark = Mark.MISSING
        else:
            mark = Mark.PENDING
        marks.append(PeriodMark(span, due, mark, first))
    return marks


# ---------------------------------------------------------------- finance statements


@dataclass(frozen=True)
class Line:
    kind: str
    item: str
    amount: int  # fen


def totals_problem(lines: Sequence[Line], income_total: int | None, expense_total: int | None) -> str:
    """Why a finance statement cannot be published, or '': its lines must add up to its totals."""
    if income_total is None or expense_total is None:
        return "财务公开须填写收入合计和支出合计"
    if income_total < 0 or expense_total < 0:
        return "收入合计和支出合计不能为负数"
    if len(lines) > MAX_LINES:
        return f"收支明细最多 {MAX_LINES} 行"
    for line in lines:
        if line.kind not in (INCOME, EXPENSE):
            return f"明细“{line.item}”应为收入或支出"
        if not line.item.strip():
            return "每一行明细都要填写项目名称"
        if line.amount < 0:
            return f"明细“{line.item}”的金额不能为负数"
    for kind, label, total in ((INCOME, "收入", income_total), (EXPENSE, "支出", expense_total)):
        added = sum(line.amount for line in lines if line.kind == kind)
        if added != total:
            return f"{label}明细合计 {yuan(added)} 元，与填写的{label}合计 {yuan(total)} 元不一致，请核对"
    return ""


def date_problem(published_on: dt.date, today: dt.date, period_start: dt.date, period_end: dt.date) -> str:
    if published_on > today:
        return "公开日期不能晚于今天"
    if period_end < period_start:
        return "所属期间的结束日期不能早于开始日期"
    if period_start > published_on:
        return "不能公开尚未开始的期间的内容"
    return ""

"""Pure rules of the assessments (no database): scheme checks, scoring rules, grades, ratings,
stars, the 升级晋档 classes, periods. Every figure is a Decimal rounded half up to 0.01.

A scheme is data (issue 16.2, seed 001 “定期考核和日常考核相结合，定性考核和定量考核相结合”):
categories → indicators, each with points (分值) or weights (权重, adding up to 100 at each
level), scored by a registered metric and a scoring rule, by reviewers with a rubric (定性), or
by daily entries during the year (台账日记法, seed 001). Nothing may be scored from logins,
online time, check-ins, likes or photos (2023 意见 on 指尖上的形式主义; `core.registry.FORBIDDEN_WORDS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from jiceng.core.errors import DomainError
from jiceng.core.registry import FORBIDDEN_WORDS

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)

MODES = {"points": "分值制", "weights": "权重制"}
METHODS = {"metric": "按业务数据自动计分", "review": "评审打分（定性）", "diary": "台账日记法（日常加减分）"}
RULE_KINDS = {"target": "达标计分", "linear": "线性计分", "bands": "分档计分", "deduction": "按次扣分",
              "veto": "一票否决"}  # fmt: skip
SUBJECTS = {"village": "村党组织", "cadre": "干部", "member": "党员", "union": "户联理事会"}
# Subjects that are neither organizations nor people: listed by the app that keeps them
# (`core.registry.register_rated_kind`); scored by reviews and daily entries only (no metric has them).
RATED_SUBJECTS = ("union",)
PERIODS = {"year": "年度", "half": "半年", "quarter": "季度"}


def dec(value: Any, label: str = "数值") -> Decimal:
    """A number from scheme data or a form: refused in Chinese when it is not one."""
    if isinstance(value, bool) or value is None:
        raise DomainError(f"{label}应为数字")
    try:
        out = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(f"{label}“{str(value)[:20]}”不是数字") from exc
    if not out.is_finite():
        raise DomainError(f"{label}应为数字")
    return out


def plain(value: Decimal) -> str:
    """10.00 → "10", 2.50 → "2.5" (for messages)."""
    return format(value.normalize(), "f")


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- the indicator tree


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    category: str  # the category's name
    points: Decimal  # the most the indicator gives (weights are turned into points out of 100)
    method: str
    metric: str = ""
    via: str = ""  # a person scheme reading an organization metric: "own" or a person metric naming organizations
    rule: Mapping[str, Any] | None = None
    rubric: str = ""
    floor: Decimal = ZERO  # the least a diary indicator gives (negative: 扣分 entries)


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    points: Decimal
    indicators: tuple[Indicator, ...]


def _words(label: str, text: str) -> None:
    for word in FORBIDDEN_WORDS:
        if word in text:
            raise DomainError(
                f"{label}“{text}”不能以登录、在线时长、打卡、签到、点赞或照片计分（整治“指尖上的形式主义”）"
            )


def _code(raw: Any, label: str, seen: set[str]) -> str:
    code = str(raw or "").strip()
    if not code or len(code) > 30 or not all(c.isalnum() or c in "_-" for c in code):
        raise DomainError(f"{label}的编号“{code[:30]}”应为1至30位字母、数字、下划线")
    if code in seen:
        raise DomainError(f"编号“{code}”重复")
    seen.add(code)
    return code


def check_rule(rule: Any, label: str) -> dict[str, Any]:
    """A scoring rule of a metric indicator (its parameters are numbers; bands ordered)."""
    if not isinstance(rule, Mapping) or rule.get("kind") not in RULE_KINDS:
        raise DomainError(f"指标“{label}”应选择计分规则：{'、'.join(RULE_KINDS.values())}")
    kind = rule["kind"]
    out: dict[str, Any] = {"kind": kind}
    if kind == "target":
        out["target"] = str(dec(rule.get("target"), f"指标“{label}”的目标值"))
        out["direction"] = rule.get("direction", "min")
        if out["direction"] not in ("min", "max"):
            raise DomainError(f"指标“{label}”的达标方向应为“不低于”(min)或“不高于”(max)")
    elif kind == "linear":
        zero, full = dec(rule.get("zero"), f"指标“{label}”的零分值"), dec(rule.get("full"), f"指标“{label}”的满分值")
        if zero == full:
            raise DomainError(f"指标“{label}”的零分值与满分值不能相同")
        out.update(zero=str(zero), full=str(full))
    elif kind == "bands":
        bands = rule.get("bands")
        if not isinstance(bands, Sequence) or not bands:
            raise DomainError(f"指标“{label}”的分档应为[[下限, 得分比例%], …]")
        parsed = []
        for band in bands:
            if not isinstance(band, Sequence) or len(band) != 2:
                raise DomainError(f"指标“{label}”的分档应为[[下限, 得分比例%], …]")
            low, share = dec(band[0], f"指标“{label}”的分档下限"), dec(band[1], f"指标“{label}”的得分比例")
            if not ZERO <= share <= HUNDRED:
                raise DomainError(f"指标“{label}”的得分比例应在0至100之间")
            parsed.append((low, share))
        if [b[0] for b in parsed] != sorted((b[0] for b in parsed), reverse=True):
            raise DomainError(f"指标“{label}”的分档应从高到低排列")
        out["bands"] = [[str(a), str(b)] for a, b in parsed]
    elif kind == "deduction":
        per = dec(rule.get("per"), f"指标“{label}”的每次扣分")
        if per <= 0:
            raise DomainError(f"指标“{label}”的每次扣分应大于0")
        out["per"] = str(per)
    else:  # veto
        out["limit"] = str(dec(rule.get("limit", 0), f"指标“{label}”的否决界限"))
    if rule.get("empty", "zero") not in ("zero", "full"):
        raise DomainError(f"指标“{label}”无数据时应计零分(zero)或满分(full)")
    out["empty"] = rule.get("empty", "zero")
    return out


def parse_tree(mode: str, tree: Any, metrics: Mapping[str, str], subject: str) -> tuple[Category, ...]:
    """The scheme's categories and indicators, checked: unknown metric, weights not adding up,
    points of a category not the sum of its indicators … refused in Chinese.

    `metrics`: key → subject ("organization"/"person") of every registered metric."""
    if mode not in MODES:
        raise DomainError("计分方式应为分值制或权重制")
    if not isinstance(tree, Sequence) or isinstance(tree, str) or not tree:
        raise DomainError("考核方案至少要有一个类别")
    seen: set[str] = set()
    out = []
    for raw in tree:
        if not isinstance(raw, Mapping):
            raise DomainError("类别的格式不正确")
        name = str(raw.get("name") or "").strip()
        if not name:
            raise DomainError("请填写类别名称")
        code = _code(raw.get("code"), f"类别“{name}”", seen)
        size = dec(
            raw.get("weight" if mode == "weights" else "points"),
            f"类别“{name}”的{'权重' if mode == 'weights' else '分值'}",
        )
        items = raw.get("indicators")
        if not isinstance(items, Sequence) or not items:
            raise DomainError(f"类别“{name}”至少要有一个指标")
        indicators = [_indicator(mode, i, name, size, seen, metrics, subject) for i in items]
        if mode == "weights":
            total = sum((dec(i.get("weight"), "权重") for i in items if i.get("method") != "diary"), ZERO)
            if total != HUNDRED:
                raise DomainError(f"类别“{name}”内各指标权重合计应为100，现为{total}")
        else:
            total = sum((i.points for i in indicators if i.method != "diary"), ZERO)
            if total != size:
                raise DomainError(f"类别“{name}”分值为{size}，其指标分值合计为{total}，两者应相等")
        out.append(Category(code, name, q(size), tuple(indicators)))
    if mode == "weights":
        total = sum((c.points for c in out), ZERO)
        if total != HUNDRED:
            raise DomainError(f"各类别权重合计应为100，现为{total}")
    return tuple(out)


def _indicator(mode: str, raw: Any, category: str, size: Decimal, seen: set[str], metrics: Mapping[str, str],
               subject: str) -> Indicator:  # fmt: skip
    if not isinstance(raw, Mapping):
        raise DomainError(f"类别“{category}”的指标格式不正确")
    name = str(raw.get("name") or "").strip()
    if not name or len(name) > 100:
        raise DomainError(f"类别“{category}”有指标未填写名称（100字以内）")
    _words("指标", name)
    code = _code(raw.get("code"), f"指标“{name}”", seen)
    method = raw.get("method")
    if method not in METHODS:
        raise DomainError(f"指标“{name}”应选择计分方式：{'、'.join(METHODS.values())}")
    if mode == "weights" and method != "diary":
        weight = dec(raw.get("weight"), f"指标“{name}”的权重")
        points = q(size * weight / HUNDRED)
    else:
        points = dec(raw.get("points"), f"指标“{name}”的分值")
    if points < 0 or (points == 0 and (raw.get("rule") or {}).get("kind") != "veto"):
        raise DomainError(f"指标“{name}”的分值应大于0（一票否决指标可为0）")
    metric, via, rule, rubric, floor = "", str(raw.get("via") or ""), None, "", ZERO
    if method == "metric" and subject in RATED_SUBJECTS:
        raise DomainError(
            f"指标“{name}”：{SUBJECTS[subject]}方案只能用评审打分或台账日记法计分（没有按{SUBJECTS[subject]}登记的业务数据）"
        )
    if method == "metric":
        metric = str(raw.get("metric") or "")
        _words("指标", metric)
        if metric not in metrics:
            raise DomainError(f"指标“{name}”所用的数据“{metric}”未登记，不能计分（只能选用各业务模块登记的数据）")
        wanted = "organization" if subject == "village" else "person"
        if metrics[metric] != wanted:
            if wanted == "organization":
                raise DomainError(f"指标“{name}”：村党组织方案只能选用组织的数据")
            if via != "own" and metrics.get(via) != "person":
                raise DomainError(f"指标“{name}”选用了组织的数据，应注明取哪个组织：本人所在组织(own)或联系村")
        rule = check_rule(raw.get("rule"), name)
    elif method == "review":
        rubric = str(raw.get("rubric") or "").strip()
        if not rubric:
            raise DomainError(f"评审指标“{name}”应写明评分标准")
        _words("评分标准", rubric)
    else:
        floor = dec(raw.get("floor", 0), f"指标“{name}”的最低分")
        if floor > 0:
            raise DomainError(f"指标“{name}”的最低分不能大于0")
    return Indicator(code, name, category, q(points), method, metric, via, rule, rubric, q(floor))


def indicators(categories: Sequence[Category]) -> dict[str, Indicator]:
    return {i.code: i for c in categories for i in c.indicators}


def total_points(categories: Sequence[Category]) -> Decimal:
    return sum((i.points for c in categories for i in c.indicators), ZERO)


# ---------------------------------------------------------------- scoring one indicator


@dataclass(frozen=True)
class Scored:
    points: Decimal
    vetoed: bool = False
    note: str = ""


def score_metric(rule: Mapping[str, Any], value: float | int | Decimal | None, points: Decimal,
                 target: Decimal | None = None) -> Scored:  # fmt: skip
    """One metric indicator: `value` under its rule, out of `points`. `target` (the village's
    目标责任书) replaces a target rule's target. No value (nothing recorded) scores as the rule says."""
    found = _score_metric(rule, value, points, target)
    return Scored(q(found.points), found.vetoed, found.note)


def _score_metric(rule: Mapping[str, Any], value: float | int | Decimal | None, points: Decimal,
                  target: Decimal | None) -> Scored:  # fmt: skip
    kind = rule["kind"]
    if value is None:
        if kind == "veto":
            return Scored(points, False, "无记录")
        return Scored(points if rule.get("empty") == "full" else ZERO, False, "无记录")
    v = Decimal(str(value))
    if kind == "target":
        goal = target if target is not None else Decimal(rule["target"])
        met = v >= goal if rule.get("direction", "min") == "min" else v <= goal
        return Scored(points if met else ZERO, False, f"目标{goal}，{'已达到' if met else '未达到'}")
    if kind == "linear":
        zero, full = Decimal(rule["zero"]), Decimal(rule["full"])
        share = min(max((v - zero) / (full - zero), ZERO), Decimal(1))
        return Scored(q(points * share))
    if kind == "bands":
        for low, share in rule["bands"]:
            if v >= Decimal(low):
                return Scored(q(points * Decimal(share) / HUNDRED), False, f"达到{low}档")
        return Scored(ZERO, False, "未达到最低档")
    if kind == "deduction":
        lost = min(points, Decimal(rule["per"]) * v)
        return Scored(q(points - lost), False, f"{v}次，扣{q(lost)}分")
    vetoed = v > Decimal(rule.get("limit", 0))
    return Scored(ZERO if vetoed else points, vetoed, "一票否决" if vetoed else "")


def score_review(scores: Sequence[Decimal]) -> Decimal | None:
    """The reviewers' mean (评审打分), None when nobody has scored yet."""
    return q(sum(scores, ZERO) / len(scores)) if scores else None


def score_diary(entries: Sequence[Decimal], points: Decimal, floor: Decimal = ZERO) -> Decimal:
    """台账日记法 (seed 001): the entries' sum, at most the indicator's points, at least its floor."""
    return q(min(max(sum(entries, ZERO), floor), points))


def check_points(points: Decimal, low: Decimal, high: Decimal, label: str) -> Decimal:
    """A reviewer's score or a diary entry within the indicator's range (refused otherwise)."""
    if not low <= points <= high:
        raise DomainError(f"“{label}”的分数应在{plain(low)}至{plain(high)}之间，{plain(points)}超出范围")
    if points != q(points):
        raise DomainError(f"“{label}”的分数最多保留两位小数")
    return points


# ---------------------------------------------------------------- outcomes: grade, rating, stars, class


def check_outcomes(data: Any, categories: Sequence[Category]) -> dict[str, Any]:
    """The grades (等次: [[下限, 名称], …] from high to low, the last from 0), the optional rating
    (称号: 五个好村党支部 …), stars (十星级) and classes (升级晋档)."""
    if not isinstance(data, Mapping):
        raise DomainError("评定规则的格式不正确")
    grades = data.get("grades")
    if not isinstance(grades, Sequence) or not grades:
        raise DomainError('请设定等次，如[[90, "优秀"], [75, "良好"], [60, "合格"], [0, "不合格"]]')
    lows = [dec(g[0], "等次下限") for g in grades]
    if lows != sorted(lows, reverse=True) or lows[-1] != 0:
        raise DomainError("等次应从高到低排列，最后一个等次的下限为0")
    out: dict[str, Any] = {"grades": [[str(low), str(g[1])] for low, g in zip(lows, grades, strict=True)]}
    if rating := data.get("rating"):
        out["rating"] = {"label": str(rating["label"]), "min_total": str(dec(rating.get("min_total", 0), "称号总分")),
                         "min_category_percent": str(dec(rating.get("min_category_percent", 0),
                                                         "称号类别得分率"))}  # fmt: skip
    if stars := data.get("stars"):
        out["stars"] = {
            "label": str(stars.get("label", "")),
            "percent": str(dec(stars.get("percent", 100), "星级得分率")),
        }
    if classes := data.get("classes"):
        levels = classes.get("levels") or []
        mins = [dec(level.get("min"), "档次下限") for level in levels]
        if len(levels) < 2 or mins != sorted(mins, reverse=True) or mins[-1] != 0:
            raise DomainError("升级晋档至少两个档次，从高到低排列，最后一档下限为0")
        named = [{"name": str(lv["name"]), "min": str(m)} for lv, m in zip(levels, mins, strict=True)]
        out["classes"] = {"levels": named, "step": int(classes.get("step", 1)),
                          "margin": str(dec(classes.get("margin", 0), "降档缓冲分")),
                          "goal": classes.get("goal") or {}}  # fmt: skip
    return out


def grade_of(score: Decimal, grades: Sequence[Sequence[str]], vetoed: bool = False) -> str:
    """等次 by the score; 一票否决 gives the lowest."""
    if vetoed:
        return str(grades[-1][1])
    for low, name in grades:
        if score >= Decimal(low):
            return str(name)
    return str(grades[-1][1])


def rating_of(rating: Mapping[str, str] | None, score: Decimal, by_category: Mapping[str, tuple[Decimal, Decimal]],
              vetoed: bool) -> str:  # fmt: skip
    """The title (五个好村党支部) when the total and every category's share reach the rule's."""
    if not rating or vetoed or score < Decimal(rating["min_total"]):
        return ""
    share = Decimal(rating["min_category_percent"])
    for got, most in by_category.values():
        if most > 0 and got * HUNDRED < share * most:
            return ""
    return rating["label"]


def stars_of(lines: Sequence[tuple[Decimal, Decimal]], percent: Decimal) -> int:
    """十星级: a star for each indicator scored at least `percent` % of its points."""
    return sum(1 for got, most in lines if most > 0 and got * HUNDRED >= percent * most)


@dataclass(frozen=True)
class ClassMove:
    level: int  # index into the levels, 0 the highest
    move: str  # "定档", "升档", "降档", "保持"


def class_of(levels: Sequence[Mapping[str, str]], score: Decimal) -> int:
    for index, level in enumerate(levels):
        if score >= Decimal(level["min"]):
            return index
    return len(levels) - 1


def next_class(levels: Sequence[Mapping[str, str]], previous: int | None, score: Decimal, vetoed: bool,
               step: int = 1, margin: Decimal = ZERO) -> ClassMove:  # fmt: skip
    """升级晋档 (seed 001): the first year a village is placed by its score; then it moves up at most
    `step` classes a year when its score reaches a higher class, moves down one class when its score
    falls more than `margin` below its class's threshold, or on 一票否决; otherwise it keeps its class."""
    reached = class_of(levels, score)
    if previous is None:
        return ClassMove(min(len(levels) - 1, reached + (1 if vetoed else 0)), "定档")
    lowest = len(levels) - 1
    if vetoed:
        return ClassMove(min(lowest, previous + 1), "降档" if previous < lowest else "保持")
    if reached < previous:
        return ClassMove(max(reached, previous - step), "升档")
    if reached > previous and score < Decimal(levels[previous]["min"]) - margin:
        return ClassMove(previous + 1, "降档")
    return ClassMove(previous, "保持")


def goal_reached(classes_held: Sequence[int], goal_level: int, share_percent: Decimal) -> tuple[Decimal, bool]:
    """Seed 001: “今年二类村计划要达30%”: the share of villages in `goal_level` or above."""
    if not classes_held:
        return ZERO, False
    share = q(Decimal(sum(1 for c in classes_held if c <= goal_level)) * HUNDRED / len(classes_held))
    return share, share >= share_percent


# ---------------------------------------------------------------- periods


def span(period: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    """The dates of a round: the year, its half (1–2) or quarter (1–4)."""
    if period == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = 6 if period == "half" else 3 if period == "quarter" else 0
    if not months or not 1 <= number <= 12 // months:
        raise DomainError("考核周期不正确：半年为第1或2个半年，季度为第1至4季度")
    first = dt.date(year, months * (number - 1) + 1, 1)
    last_month = months * number
    last = dt.date(year + (last_month == 12), last_month % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last


def period_label(period: str, year: int, number: int) -> str:
    if period == "year":
        return f"{year}年度"
    if period == "half":
        return f"{year}年{'上' if number == 1 else '下'}半年"
    return f"{year}年第{number}季度"

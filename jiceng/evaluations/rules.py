"""Pure rules of evaluations: codes, scales, tallies, reconciliation, grading and 分岗评 decisions.

- Ballot codes: random, from an alphabet without look-alike characters (0/O, 1/I/L), stored
  only as keyed hashes (the slip is the only copy of the code).
- No breakdown of fewer than 5 ballots (the issue's anonymity floor; a tiny count could reveal
  how an identifiable voter rated).
- Reconciliation before publication: web ballots = codes used on the web, paper ballots ≤ codes
  voided for paper, all ballots ≤ signatures on the attendance list.
- 民主评议党员 (《中国共产党支部工作条例（试行）》第十七条 and the 2019 党员教育管理工作条例 第二十八条):
  grades 优秀/合格/基本合格/不合格; probationary members are not graded; 优秀 are commonly
  capped at one third of the full members graded (local rule, configurable).
- 分岗评 decisions follow seed 002 (“书记、主任分岗评”, section 三). The township recommends
  recalling a director; the recall itself is the villagers' vote (《村民委员会组织法》第十六条):
  more than half of the registered voters vote and more than half of those voting agree. Only a
  recorded recall vote that passed ends the posts. Both posts failing is not in the seed: its
  options are a local rule, shown as such.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.db import models

# No 0/O, 1/I/L: a villager types the code from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
RECEIPT_LENGTH = 6
MIN_BREAKDOWN = 5


class Scale(models.TextChoices):
    SATISFACTION = "satisfaction", "满意/基本满意/不满意"
    GRADE = "grade", "优秀/合格/基本合格/不合格"


SCALE_OPTIONS: dict[str, list[tuple[str, str]]] = {
    Scale.SATISFACTION: [("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意")],
    Scale.GRADE: [("excellent", "优秀"), ("qualified", "合格"), ("basic", "基本合格"), ("unqualified", "不合格")],
}
# Ratings that count as passing a post (分岗评) or as a favourable verdict.
PASSING = {"satisfied", "basic", "excellent", "qualified"}


def options(scale: str) -> list[tuple[str, str]]:
    return SCALE_OPTIONS[scale]


def option_label(scale: str, value: str) -> str:
    return dict(SCALE_OPTIONS[scale]).get(value, value)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_receipt() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalize_code(text: str) -> str:
    """What a voter typed: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in text.upper() if ch not in " -\t\r\n")


def code_hash(key: bytes, round_salt: str, code: str) -> str:
    """Keyed hash of a code: the database alone cannot be brute-forced back to the codes."""
    return hmac.new(key, f"{round_salt}:{code}".encode(), hashlib.sha256).hexdigest()


def well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def ballot_problems(subject_ids: Iterable[int], scale: str, ratings: Mapping[str, str]) -> list[str]:
    """A ballot rates every subject once, with a value of the round's scale, and nothing else."""
    expected = {str(s) for s in subject_ids}
    allowed = {value for value, _ in SCALE_OPTIONS[scale]}
    problems = []
    if set(ratings) - expected:
        problems.append("选票含有不属于本次评议的对象")
    missing = expected - set(ratings)
    if missing:
        problems.append(f"还有 {len(missing)} 位评议对象未评价")
    if any(value not in allowed for value in ratings.values()):
        problems.append("评价等次不正确")
    return problems


@dataclass(frozen=True)
class SubjectTally:
    subject_id: int
    total: int
    counts: dict[str, int]
    # None when fewer than MIN_BREAKDOWN ballots: no breakdown is shown.
    rates: dict[str, str] | None
    passing_rate: str | None
    passed: bool | None


def percent(part: int, whole: int) -> str:
    return f"{Fraction(100 * part, whole):.1f}%" if whole else "—"


def passed(counts: Mapping[str, int], total: int, threshold_percent: int) -> bool:
    """Favourable ratings (满意+基本满意, or 优秀+合格+基本合格) strictly above the threshold share."""
    favourable = sum(n for value, n in counts.items() if value in PASSING)
    return total > 0 and Fraction(favourable, total) * 100 > threshold_percent


def tally(
    subject_ids: Sequence[int], scale: str, ballots: Iterable[Mapping[str, str]], threshold_percent: int = 50
) -> list[SubjectTally]:
    values = [value for value, _ in SCALE_OPTIONS[scale]]
    counters = {str(s): Counter[str]() for s in subject_ids}
    for ratings in ballots:
        for sid, value in ratings.items():
            if sid in counters:
                counters[sid][value] += 1
    result = []
    for subject_id in subject_ids:
        counter = counters[str(subject_id)]
        total = sum(counter.values())
        counts = {v: counter.get(v, 0) for v in values}
        shown = total >= MIN_BREAKDOWN
        favourable = sum(n for v, n in counts.items() if v in PASSING)
        result.append(
            SubjectTally(
                subject_id=subject_id,
                total=total,
                counts=counts if shown else {},
                rates={v: percent(n, total) for v, n in counts.items()} if shown else None,
                passing_rate=percent(favourable, total) if shown else None,
                passed=passed(counts, total, threshold_percent) if shown else None,
            )
        )
    return result


@dataclass(frozen=True)
class Reconciliation:
    web_ballots: int
    codes_used_web: int
    paper_ballots: int
    codes_voided: int
    signatures: int

    @property
    def total(self) -> int:
        return self.web_ballots + self.paper_ballots

    @property
    def problems(self) -> list[str]:
        found = []
        if self.web_ballots != self.codes_used_web:
            found.append(f"网上选票 {self.web_ballots} 张与已使用的评议码 {self.codes_used_web} 个不一致")
        if self.paper_ballots > self.codes_voided:
            found.append(f"纸质选票 {self.paper_ballots} 张多于作废换纸票的评议码 {self.codes_voided} 个")
        if self.total > self.signatures:
            found.append(f"选票合计 {self.total} 张多于签到人数 {self.signatures} 人")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems


def grading_problems(grades: Mapping[int, str], categories: Mapping[int, str], excellent_cap: Fraction) -> list[str]:
    """民主评议党员: probationary members are not graded; 优秀 at most `excellent_cap` of full members."""
    problems = []
    probationary = [pid for pid, grade in grades.items() if grade and categories.get(pid) == "probationary"]
    if probationary:
        problems.append("预备党员不参加评定等次")
    full = sum(1 for c in categories.values() if c == "full")
    excellent = sum(1 for pid, g in grades.items() if g == "excellent" and categories.get(pid) == "full")
    if full and Fraction(excellent, full) > excellent_cap:
        problems.append(f"评为优秀的 {excellent} 人超过正式党员 {full} 人的{_fraction_label(excellent_cap)}")
    return problems


def _fraction_label(value: Fraction) -> str:
    return {Fraction(1, 3): "三分之一", Fraction(1, 2): "二分之一", Fraction(1, 4): "四分之一"}.get(
        value, f"{value.numerator}/{value.denominator}"
    )


class SplitDecision(models.TextChoices):
    KEEP_DUAL = "keep_dual", "继续实行“一肩挑”"
    CRITICIZE_SECRETARY = "criticize_secretary", "书记受批评教育，可继续担任村主任"
    REMOVE_SECRETARY = "remove_secretary", "免去书记职务，另行选（派）村书记"
    CRITICIZE_DIRECTOR = "criticize_director", "主任受批评教育"
    RECALL_DIRECTOR = "recall_director", "建议依法罢免主任职务（由村民罢免投票决定；罢免后不再担任书记）"
    BOTH_FAIL = "both_fail", "两岗均不合格，由乡镇党委研究处理（本地规则）"


SPLIT_RULE_TEXT = {
    (True, True): "书记、主任双岗考核均合格的，继续实行“一肩挑”。",
    (False, True): "主任岗位考核合格但书记岗位考核不合格的，原则上可继续担任村主任，但书记应受到批评教育，"
    "严重者应免去其书记职务，另行选（派）村书记。",
    (True, False): "书记岗位考核合格但主任岗位考核不合格的，或批评教育，或依法罢免主任职务（罢免由村民投票决定，"
    "《村民委员会组织法》第十六条）；罢免主任职务的，原则上不能继续担任村书记。",
    (False, False): "本地规则（种子材料没有规定两岗均不合格的情形）：由乡镇党委研究处理，"
    "可免去书记职务、建议依法罢免主任职务。",
}
# The cases whose options are not in seed 002 (shown as 本地规则).
LOCAL_SPLIT_CASES = {(False, False)}


def split_rule_is_local(secretary_passed: bool, director_passed: bool) -> bool:
    return (secretary_passed, director_passed) in LOCAL_SPLIT_CASES


def split_post_options(secretary_passed: bool, director_passed: bool) -> list[SplitDecision]:
    """The decisions seed 002 allows for a dual-post cadre (section 三: 运用分岗考核结果)."""
    if secretary_passed and director_passed:
        return [SplitDecision.KEEP_DUAL]
    if director_passed:
        return [SplitDecision.CRITICIZE_SECRETARY, SplitDecision.REMOVE_SECRETARY]
    if secretary_passed:
        return [SplitDecision.CRITICIZE_DIRECTOR, SplitDecision.RECALL_DIRECTOR]
    return [SplitDecision.BOTH_FAIL, SplitDecision.REMOVE_SECRETARY, SplitDecision.RECALL_DIRECTOR]


def posts_ending(decision: str, recalled: bool = False) -> set[str]:
    """Which posts a decision ends. A recall recommendation ends nothing by itself: only the
    villagers' recall vote, once it passed (`recalled`), ends the director post, and a recalled
    director does not remain secretary (seed 002: 罢免主任职务的，原则上不能继续担任村书记)."""
    if decision == SplitDecision.REMOVE_SECRETARY:
        return {"secretary"}
    if decision == SplitDecision.RECALL_DIRECTOR and recalled:
        return {"secretary", "director"}
    return set()


def recall_problems(registered: int, cast: int, in_favour: int) -> list[str]:
    """The figures of a recall vote hold together: votes ≤ registered voters, in favour ≤ votes."""
    problems = []
    if registered <= 0:
        problems.append("登记参加选举的村民人数应大于0")
    if cast > registered:
        problems.append(f"投票人数 {cast} 人多于登记参加选举的村民 {registered} 人")
    if in_favour > cast:
        problems.append(f"赞成罢免 {in_favour} 票多于投票人数 {cast} 人")
    return problems


def recall_passes(registered: int, cast: int, in_favour: int) -> bool:
    # 《村民委员会组织法》第十六条: 须有登记参加选举的村民过半数投票，并须经投票的村民过半数通过.
    return 2 * cast > registered and 2 * in_favour > cast

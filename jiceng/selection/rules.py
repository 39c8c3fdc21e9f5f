"""Pure rules of cadre selection (干部选拔), versioned by the date the exercise started.

Where they come from (seed 004, a county's practice under 《党政领导干部选拔任用工作条例》):
- 严把条件资格关: the post, its conditions and qualifications are published before recommendation.
- 严把民主推荐关: 推荐会、推荐表、个别谈话; "对多数人不拥护的，不能作为考察对象" — a candidate
  recommended on fewer than the threshold share of the valid forms (default: not more than half)
  cannot become an object of inspection. A county may set a stricter threshold, never a looser one.
- 严把考察关: 考察对象 are first published (公示), then the 考察预告 names 对象、方式、考察组、纪律、
  举报电话; "谁推荐、谁考察谁签名谁负责".
- 二推一选 (villages, seed 004): party members and villagers recommend separately (each pool
  counted on its own forms, each passing the threshold), then the 党员大会 elects; a candidate is
  elected with more than half of the votes of the members present (《中国共产党基层组织选举工作
  条例》: 赞成票超过实到会有选举权人数的一半).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

SEED_PRACTICE = "县委推荐考察干部错失追究制度（调研报告004）"
ELECTION_RULES = "《中国共产党基层组织选举工作条例》"


@dataclass(frozen=True)
class RuleSet:
    """The figures in force from `valid_from` (a revision is one more RuleSet)."""

    name: str
    valid_from: dt.date
    threshold_percent: int = 50  # recommended on strictly more than this share of the valid forms
    election_share: Fraction = Fraction(1, 2)  # elected with strictly more than this share of those present
    notice_days: int = 5  # 公示 period (working days) when the county set none
    sources: tuple[tuple[str, str], ...] = ()

    def cite(self, key: str) -> str:
        return dict(self.sources)[key]


RULES_2002 = RuleSet(
    name="2002年版",
    valid_from=dt.date(2002, 1, 1),
    sources=(
        ("majority", f"{SEED_PRACTICE}：对多数人不拥护的，不能作为考察对象"),
        ("accountability", f"{SEED_PRACTICE}：谁推荐、谁考察谁签名谁负责"),
        ("preview", f"{SEED_PRACTICE}：考察预告公布考察对象、考察方式、考察组人员、考察纪律、举报电话"),
        ("election", f"{ELECTION_RULES}：赞成票超过实到会有选举权人数的一半始得当选"),
    ),
)
VERSIONS: tuple[RuleSet, ...] = (RULES_2002,)


def rules_on(day: dt.date, versions: Sequence[RuleSet] = VERSIONS) -> RuleSet:
    """The rules in force on `day` (an exercise is judged under the version of its start)."""
    found = [v for v in versions if v.valid_from <= day]
    return found[-1] if found else versions[0]


def by_name(name: str, versions: Sequence[RuleSet] = VERSIONS) -> RuleSet:
    return next((v for v in versions if v.name == name), versions[-1])


def percent(part: int, whole: int) -> str:
    return f"{Fraction(100 * part, whole):.1f}%" if whole else "—"


def threshold_problem(value: int, rs: RuleSet = RULES_2002) -> str | None:
    # 县委推荐考察干部错失追究制度: 对多数人不拥护的，不能作为考察对象 (stricter is allowed)
    if not rs.threshold_percent <= value < 100:
        return (
            f"推荐得票门槛应在{rs.threshold_percent}%至99%之间（得票须超过该比例）；"
            f"低于{rs.threshold_percent}%即允许多数人不拥护的人选进入考察（{rs.cite('majority')}）"
        )
    return None


def supported(votes: int, valid: int, threshold: int) -> bool:
    """Recommended on strictly more than `threshold` percent of the valid forms."""
    return valid > 0 and Fraction(votes, valid) * 100 > threshold


def support_problem(
    name: str, pool: str, votes: int, valid: int, threshold: int, rs: RuleSet = RULES_2002
) -> str | None:
    # 县委推荐考察干部错失追究制度: 对多数人不拥护的，不能作为考察对象
    if supported(votes, valid, threshold):
        return None
    return (
        f"{name}在{pool}中得票{votes}张，占有效推荐表{valid}张的{percent(votes, valid)}，"
        f"未超过{threshold}%，不能作为考察对象（{rs.cite('majority')}）"
    )


def forms_problem(issued: int, returned: int, valid: int) -> str | None:
    """发出 ≥ 收回 ≥ 有效 (a count of forms cannot exceed the one before it)."""
    if issued <= 0:
        return "发出推荐表张数应大于 0"
    if returned > issued:
        return f"收回推荐表{returned}张，多于发出的{issued}张"
    if valid > returned:
        return f"有效推荐表{valid}张，多于收回的{returned}张"
    return None


def votes_problem(votes: Mapping[str, int], valid: int) -> str | None:
    """A candidate is named at most once on a valid form: no one has more votes than valid forms.
    (A form may name several people of a post — 差额推荐 — so the votes of a post are not capped
    by the number of seats.)"""
    for name, n in votes.items():
        if n < 0:
            return f"{name}的得票不能为负数"
        if n > valid:
            return f"{name}得票{n}张，超过有效推荐表{valid}张"
    return None


def elected(votes: int, present: int, rs: RuleSet = RULES_2002) -> bool:
    # 基层组织选举工作条例: 赞成票超过实到会有选举权人数的一半，始得当选
    return present > 0 and Fraction(votes, present) > rs.election_share


def election_problem(votes: Mapping[str, int], present: int, seats: int, position: str) -> str | None:
    if present <= 0:
        return "请填写实到会有选举权的党员人数"
    for name, n in votes.items():
        if not 0 <= n <= present:
            return f"{name}得票{n}票，应在 0 至实到会人数{present}之间"
    if sum(votes.values()) > present * seats:
        return f"{position}得票合计{sum(votes.values())}票，超过实到会人数{present}×应选{seats}名"
    return None


def winners(votes: Mapping[int, int], present: int, seats: int, rs: RuleSet = RULES_2002) -> list[int]:
    """The candidates elected to a post of `seats`: more than half of those present, most votes
    first; a tie at the last seat elects nobody for it (a new round is held)."""
    passing = sorted(((n, cid) for cid, n in votes.items() if elected(n, present, rs)), key=lambda t: (-t[0], t[1]))
    if len(passing) > seats and passing[seats - 1][0] == passing[seats][0]:
        last = passing[seats - 1][0]
        return [cid for n, cid in passing if n > last][:seats]
    return [cid for _n, cid in passing[:seats]]

"""Selection rules: exact values at the threshold, counts, the election majority, versions."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from jiceng.selection import rules

RS = rules.RULES_2002


def test_more_than_half_of_the_valid_forms_is_needed() -> None:
    assert rules.supported(19, 36, 50) is True  # 52.8 %
    assert rules.supported(18, 36, 50) is False  # exactly half is not a majority
    assert rules.supported(0, 0, 50) is False
    assert rules.supported(24, 36, 66) is True and rules.supported(23, 36, 66) is False  # 66.7 % / 63.9 %


def test_the_refusal_names_the_share_and_cites_the_rule() -> None:
    assert rules.support_problem("孙三", "推荐会", 8, 36, 50) == (
        "孙三在推荐会中得票8张，占有效推荐表36张的22.2%，未超过50%，不能作为考察对象"
        "（县委推荐考察干部错失追究制度（调研报告004）：对多数人不拥护的，不能作为考察对象）"
    )
    assert rules.support_problem("赵一", "推荐会", 30, 36, 50) is None


def test_the_threshold_may_be_stricter_never_looser() -> None:
    assert rules.threshold_problem(50) is None and rules.threshold_problem(67) is None
    assert rules.threshold_problem(99) is None
    low = rules.threshold_problem(40)
    assert low is not None and low.startswith("推荐得票门槛应在50%至99%之间")
    assert rules.threshold_problem(100) is not None


def test_forms_and_votes_cannot_exceed_what_was_issued() -> None:
    assert rules.forms_problem(40, 38, 36) is None
    assert rules.forms_problem(40, 41, 36) == "收回推荐表41张，多于发出的40张"
    assert rules.forms_problem(40, 38, 39) == "有效推荐表39张，多于收回的38张"
    assert rules.forms_problem(0, 0, 0) == "发出推荐表张数应大于 0"
    assert rules.votes_problem({"赵一": 36, "钱二": 30}, 36) is None  # 差额推荐: a form may name several
    assert rules.votes_problem({"赵一": 37}, 36) == "赵一得票37张，超过有效推荐表36张"
    assert rules.votes_problem({"赵一": -1}, 36) == "赵一的得票不能为负数"


def test_election_needs_more_than_half_of_those_present() -> None:
    assert rules.elected(14, 26) is True and rules.elected(13, 26) is False
    assert rules.winners({1: 17, 2: 9}, 26, 1) == [1]
    assert rules.winners({1: 14, 2: 14}, 26, 1) == []  # a tie at the last seat: nobody, vote again
    assert rules.winners({1: 20, 2: 14, 3: 14}, 26, 2) == [1]
    assert rules.winners({1: 20, 2: 15, 3: 14}, 26, 2) == [1, 2]
    assert rules.election_problem({"赵一": 27}, 26, 1, "委员") == "赵一得票27票，应在 0 至实到会人数26之间"
    assert rules.election_problem({}, 0, 1, "委员") == "请填写实到会有选举权的党员人数"


def test_versions_by_date() -> None:
    later = rules.RuleSet("2030年版", dt.date(2030, 1, 1), threshold_percent=60, sources=RS.sources)
    versions = (RS, later)
    assert rules.rules_on(dt.date(2029, 12, 31), versions) is RS
    assert rules.rules_on(dt.date(2030, 1, 1), versions) is later
    assert rules.by_name("2030年版", versions) is later
    assert RS.election_share == Fraction(1, 2) and rules.percent(1, 3) == "33.3%"

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng.evaluations import rules
from jiceng.evaluations.rules import Scale, SplitDecision


def test_codes_avoid_look_alike_characters_and_are_well_formed() -> None:
    codes = {rules.new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(rules.well_formed(c) for c in codes)
    assert not set("".join(codes)) & set("01OIL")


def test_typed_codes_are_normalized() -> None:
    assert rules.normalize_code(" abcd-efgh ") == "ABCDEFGH"
    assert not rules.well_formed(rules.normalize_code("ABCDEFGO"))  # O read as 0, which no code has


def test_code_hash_is_keyed_and_per_round() -> None:
    assert rules.code_hash(b"k1", "r1", "ABCDEFGH") != rules.code_hash(b"k2", "r1", "ABCDEFGH")
    assert rules.code_hash(b"k1", "r1", "ABCDEFGH") != rules.code_hash(b"k1", "r2", "ABCDEFGH")


def test_ballot_must_rate_exactly_the_subjects() -> None:
    assert rules.ballot_problems([1, 2], Scale.SATISFACTION, {"1": "satisfied", "2": "basic"}) == []
    assert rules.ballot_problems([1, 2], Scale.SATISFACTION, {"1": "satisfied"}) == ["还有 1 位评议对象未评价"]
    assert rules.ballot_problems([1], Scale.SATISFACTION, {"1": "satisfied", "9": "basic"}) == [
        "选票含有不属于本次评议的对象"
    ]
    assert rules.ballot_problems([1], Scale.SATISFACTION, {"1": "excellent"}) == ["评价等次不正确"]


def test_tally_hides_breakdown_under_five_ballots() -> None:
    ballots = [{"1": "satisfied"}] * 4
    (t,) = rules.tally([1], Scale.SATISFACTION, ballots)
    assert (t.total, t.counts, t.rates, t.passed) == (4, {}, None, None)
    (t,) = rules.tally([1], Scale.SATISFACTION, [*ballots, {"1": "unsatisfied"}])
    assert t.counts == {"satisfied": 4, "basic": 0, "unsatisfied": 1}
    assert t.rates == {"satisfied": "80.0%", "basic": "0.0%", "unsatisfied": "20.0%"}
    assert (t.passing_rate, t.passed) == ("80.0%", True)


def test_passing_needs_strictly_more_than_the_threshold() -> None:
    assert not rules.passed({"satisfied": 5, "unsatisfied": 5}, 10, 50)
    assert rules.passed({"satisfied": 3, "basic": 3, "unsatisfied": 4}, 10, 50)
    assert not rules.passed({}, 0, 50)


@given(st.lists(st.sampled_from(["satisfied", "basic", "unsatisfied"]), min_size=5, max_size=60))
def test_tally_counts_add_up(values: list[str]) -> None:
    (t,) = rules.tally([7], Scale.SATISFACTION, [{"7": v} for v in values])
    assert sum(t.counts.values()) == t.total == len(values)
    assert t.counts["satisfied"] == values.count("satisfied")


def test_reconciliation_rules() -> None:
    ok = rules.Reconciliation(web_ballots=30, codes_used_web=30, paper_ballots=2, codes_voided=3, signatures=33)
    assert ok.ok and ok.total == 32
    bad = rules.Reconciliation(web_ballots=30, codes_used_web=31, paper_ballots=4, codes_voided=3, signatures=33)
    assert bad.problems == [
        "网上选票 30 张与已使用的评议码 31 个不一致",
        "纸质选票 4 张多于作废换纸票的评议码 3 个",
        "选票合计 34 张多于签到人数 33 人",
    ]


def test_probationary_members_are_not_graded_and_excellent_is_capped() -> None:
    categories = {1: "full", 2: "full", 3: "full", 4: "probationary"}
    assert rules.grading_problems({1: "excellent", 2: "qualified"}, categories, Fraction(1, 3)) == []
    assert rules.grading_problems({4: "qualified"}, categories, Fraction(1, 3)) == ["预备党员不参加评定等次"]
    assert rules.grading_problems({1: "excellent", 2: "excellent"}, categories, Fraction(1, 3)) == [
        "评为优秀的 2 人超过正式党员 3 人的三分之一"
    ]


@pytest.mark.parametrize(
    ("secretary", "director", "allowed"),
    [
        (True, True, [SplitDecision.KEEP_DUAL]),
        (False, True, [SplitDecision.CRITICIZE_SECRETARY, SplitDecision.REMOVE_SECRETARY]),
        (True, False, [SplitDecision.CRITICIZE_DIRECTOR, SplitDecision.RECALL_DIRECTOR]),
    ],
)
def test_split_post_decisions_follow_seed_002(secretary: bool, director: bool, allowed: list[str]) -> None:
    assert rules.split_post_options(secretary, director) == allowed


def test_only_a_recall_vote_that_passed_ends_the_posts() -> None:
    assert rules.posts_ending(SplitDecision.RECALL_DIRECTOR) == set()  # the township only recommends
    assert rules.posts_ending(SplitDecision.RECALL_DIRECTOR, recalled=True) == {"secretary", "director"}
    assert rules.posts_ending(SplitDecision.REMOVE_SECRETARY) == {"secretary"}
    assert rules.posts_ending(SplitDecision.CRITICIZE_DIRECTOR) == set()


@pytest.mark.parametrize(
    ("registered", "cast", "in_favour", "passes"),
    [(600, 301, 151, True), (600, 300, 200, False), (600, 320, 160, False), (600, 600, 301, True)],
)
def test_recall_needs_half_the_voters_voting_and_half_of_them_in_favour(registered: int, cast: int, in_favour: int,
                                                                        passes: bool) -> None:  # fmt: skip
    assert rules.recall_passes(registered, cast, in_favour) is passes


def test_both_posts_failing_is_a_local_rule_shown_as_such() -> None:
    assert [rules.split_rule_is_local(s, d) for s, d in [(True, True), (False, True), (True, False), (False, False)]] \
        == [False, False, False, True]  # fmt: skip
    assert rules.SPLIT_RULE_TEXT[(False, False)].startswith("本地规则")
    assert SplitDecision.BOTH_FAIL.label.endswith("（本地规则）")

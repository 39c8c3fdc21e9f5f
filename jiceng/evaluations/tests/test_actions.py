"""The round from slips to publication, guards on every step, and what officers decide afterwards."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter
from typing import Any

import pytest

from jiceng.core.errors import DomainError, IllegalTransition
from jiceng.core.models import AuditEvent
from jiceng.evaluations import actions
from jiceng.evaluations.models import Ballot, BallotCode, CodeState, Kind, PostKind, SealedBallot, State
from jiceng.evaluations.rules import Scale, SplitDecision
from jiceng.people import actions as people_actions
from jiceng.people.models import Post
from jiceng.people.rules import Category, CommitteeTitle, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

from .builders import Officer, prepared_round

pytestmark = pytest.mark.django_db


def counts(round_: Any) -> tuple[int, Counter[str]]:
    return round_.ballots.count(), Counter(round_.codes.values_list("state", flat=True))


def test_codes_are_stored_only_as_hashes(tree: Any) -> None:
    p = prepared_round(tree.east1, codes=20)
    assert p.round.slips_issued == 20
    stored = list(BallotCode.objects.filter(round=p.round).values_list("code_hash", flat=True))
    assert len(stored) == 20 and all(len(h) == 64 for h in stored)
    assert not set(p.codes) & set(stored)
    assert {actions.hash_code(p.round, c) for c in p.codes} == set(stored)


def test_number_issued_is_fixed_when_the_round_opens(tree: Any) -> None:
    p = prepared_round(tree.east1, codes=5)
    with pytest.raises(DomainError, match="评议已开始"):
        actions.generate_codes(Officer(tree.east1), p.round, 3)
    assert p.round.codes.count() == 5


def test_the_ballot_page_reads_its_round_in_one_query_with_the_organization(
    tree: Any, django_assert_num_queries: Any
) -> None:
    from jiceng.evaluations.models import Round

    p = prepared_round(tree.east1)
    with django_assert_num_queries(1):
        round_ = Round.objects.for_ballot(p.round.public_key)
        assert round_ is not None
        assert (round_.pk, round_.state, round_.salt, round_.scale, round_.title, round_.year) == (
            p.round.pk, State.OPEN, p.round.salt, p.round.scale, p.round.title, p.round.year)  # fmt: skip
        assert round_.organization.name == tree.east1.name
    assert round_.pool == p.round.pool  # a field not read at first is read on access
    assert Round.objects.for_ballot("no-such-key") is None


def test_vote_seals_a_ballot_uses_the_code_and_closing_opens_it(tree: Any) -> None:
    p = prepared_round(tree.east1)
    receipt = actions.vote(p.round.public_key, p.codes[0].lower(), p.ratings("satisfied", "basic", "unsatisfied"))
    (sealed,) = SealedBallot.objects.all()
    assert sealed.receipt == receipt and len(receipt) == 6 and "satisfied" not in sealed.box
    assert counts(p.round)[1][CodeState.USED_WEB] == 1
    assert not Ballot.objects.exists()  # no ballot row while the round is open
    closed = actions.close_round(Officer(tree.east1), p.round, 3)
    (ballot,) = Ballot.objects.all()
    assert ballot.ratings == p.ratings("satisfied", "basic", "unsatisfied") and ballot.channel == "web"
    assert closed.receipts == [receipt] and (closed.codes_used_web, closed.codes_voided) == (1, 0)
    assert not SealedBallot.objects.exists() and not BallotCode.objects.filter(round=p.round).exists()


def test_a_receipt_drawn_twice_is_drawn_again_and_the_code_is_used_once(tree: Any, monkeypatch: Any) -> None:
    p = prepared_round(tree.east1)
    first = actions.vote(p.round.public_key, p.codes[0], p.ratings("basic"))
    draws = iter([first, first, "ZZZZZ2"])  # the second voter draws the first voter's receipt twice
    monkeypatch.setattr(actions.rules, "new_receipt", lambda: next(draws))
    second = actions.vote(p.round.public_key, p.codes[1], p.ratings("satisfied"), round_=p.round)
    assert (first, second) == (first, "ZZZZZ2")
    assert sorted(SealedBallot.objects.values_list("receipt", flat=True)) == sorted([first, "ZZZZZ2"])
    assert counts(p.round)[1] == Counter({CodeState.USED_WEB: 2, CodeState.UNUSED: len(p.codes) - 2})
    monkeypatch.undo()
    with pytest.raises(DomainError, match="评议码无效"):  # the refused attempts left the code usable once only
        actions.vote(p.round.public_key, p.codes[1], p.ratings("basic"))


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown", "评议码无效"),
        ("reused", "评议码无效"),
        ("voided", "评议码无效"),
        ("malformed", "格式不正确"),
        ("closed", "不在投票时间内"),
        ("draft", "不在投票时间内"),
        ("tampered_subject", "不属于本次评议"),
        ("missing_subject", "未评价"),
        ("bad_value", "等次不正确"),
    ],
)
def test_submit_guards_refuse_with_no_side_effect(tree: Any, case: str, message: str) -> None:
    p = prepared_round(tree.east1, open_it=case != "draft")
    officer = Officer(tree.east1)
    code, ratings = p.codes[1], p.ratings("satisfied")
    if case == "unknown":
        code = "ABCDEFGH" if "ABCDEFGH" not in p.codes else "ABCDEFGJ"
    elif case == "reused":
        actions.vote(p.round.public_key, code, ratings)
    elif case == "voided":
        actions.void_code(officer, p.round, code)
    elif case == "malformed":
        code = "12"
    elif case == "closed":
        actions.close_round(officer, p.round, 10)
    elif case == "tampered_subject":
        ratings = {**ratings, "999999": "satisfied"}
    elif case == "missing_subject":
        ratings.pop(next(iter(ratings)))
    elif case == "bad_value":
        ratings[next(iter(ratings))] = "excellent"
    before = (counts(p.round), AuditEvent.objects.count())
    with pytest.raises(DomainError, match=message):
        actions.vote(p.round.public_key, code, ratings)
    assert (counts(p.round), AuditEvent.objects.count()) == before


def test_paper_ballot_needs_two_matching_entries_by_different_clerks(tree: Any, personas: Any) -> None:
    p = prepared_round(tree.east1)
    clerk_a, clerk_b = personas["township_officer"], personas["village_secretary"]
    actions.void_code(clerk_a, p.round, p.codes[0])
    ratings = p.ratings("basic")
    assert actions.enter_paper(clerk_a, p.round, 1, ratings) == "waiting"
    with pytest.raises(DomainError, match="另一位录入员"):
        actions.enter_paper(clerk_a, p.round, 1, ratings)
    assert p.round.ballots.count() == 0
    assert actions.enter_paper(clerk_b, p.round, 1, ratings) == "accepted"
    (ballot,) = p.round.ballots.all()
    assert (ballot.channel, ballot.ratings) == ("paper", ratings)


def test_differing_entries_go_to_correction(tree: Any, personas: Any) -> None:
    p = prepared_round(tree.east1)
    clerk_a, clerk_b, officer = personas["township_officer"], personas["village_secretary"], personas["county_officer"]
    actions.void_code(clerk_a, p.round, p.codes[0])
    actions.enter_paper(clerk_a, p.round, 1, p.ratings("basic"))
    assert actions.enter_paper(clerk_b, p.round, 1, p.ratings("unsatisfied")) == "conflict"
    assert actions.pending_paper(p.round) == ([1], []) and p.round.ballots.count() == 0
    actions.close_round(officer, p.round, 5)
    with pytest.raises(DomainError, match="第 1 号"):
        actions.publish(officer, p.round)
    actions.correct_paper(officer, p.round, 1, p.ratings("unsatisfied"))
    assert actions.pending_paper(p.round) == ([], [])
    assert p.round.ballots.get().ratings == p.ratings("unsatisfied")


def test_paper_ballots_cannot_exceed_voided_codes(tree: Any, personas: Any) -> None:
    p = prepared_round(tree.east1)
    a, b = personas["township_officer"], personas["village_secretary"]
    actions.void_code(a, p.round, p.codes[0])
    for number in (1, 2):
        actions.enter_paper(a, p.round, number, p.ratings("basic"))
    actions.enter_paper(b, p.round, 1, p.ratings("basic"))
    with pytest.raises(DomainError, match="已达到"):
        actions.enter_paper(b, p.round, 2, p.ratings("basic"))
    assert p.round.ballots.count() == 1


def publish_round(tree: Any, personas: Any, web: list[str], paper: list[str] | None = None) -> Any:
    """Web votes with each rating for every subject, paper ballots keyed twice; close with enough signatures.

    The receipts the voters were given are kept on the prepared round (`p.receipts`)."""
    p = prepared_round(tree.east1, codes=len(web) + len(paper or []) + 2)
    a, b = personas["township_officer"], personas["village_secretary"]
    p.receipts = [actions.vote(p.round.public_key, code, p.ratings(rating))
                  for code, rating in zip(p.codes, web, strict=False)]  # fmt: skip
    for number, rating in enumerate(paper or [], start=1):
        actions.void_code(a, p.round, p.codes[len(web) + number - 1])
        actions.enter_paper(a, p.round, number, p.ratings(rating))
        actions.enter_paper(b, p.round, number, p.ratings(rating))
    actions.close_round(a, p.round, len(web) + len(paper or []) + 1)
    return p, actions.publish(a, p.round)


def test_publication_counts_and_recount_file_agree(tree: Any, personas: Any) -> None:
    p, published = publish_round(tree, personas, ["satisfied"] * 4 + ["basic"] * 2, ["unsatisfied"])
    results = published.results
    assert (results["ballots"], results["web"], results["paper"]) == (7, 6, 1)
    first = results["subjects"][0]
    assert first["counts"] == {"satisfied": 4, "basic": 2, "unsatisfied": 1}
    assert first["passing_rate"] == "85.7%" and first["passed"] is True
    assert results["receipts"] == sorted(p.receipts) == published.receipts
    assert len(set(results["receipts"])) == 6
    # The public file recounts to the published totals, and its digest is the published one.
    assert hashlib.sha256(published.recount_file.encode()).hexdigest() == published.recount_digest
    rows = list(csv.DictReader(io.StringIO(published.recount_file)))
    recount = Counter((r["评议对象"], r["评价"]) for r in rows)
    for s in results["subjects"]:
        for value, label in results["options"]:
            assert recount[(s["name"], label)] == s["counts"][value]
    whole = list(csv.reader(io.StringIO(published.ballots_file)))
    assert len(whole) == 8 and hashlib.sha256(published.ballots_file.encode()).hexdigest() == published.ballots_digest


def test_no_breakdown_under_five_ballots(tree: Any, personas: Any) -> None:
    _p, published = publish_round(tree, personas, ["satisfied"] * 3)
    assert published.results["breakdown_shown"] is False
    assert published.results["subjects"][0]["counts"] == {}
    assert (published.recount_file, published.recount_digest) == ("", "")
    assert published.ballots_file  # the committee keeps the whole ballots


def test_publication_refused_when_reconciliation_fails(tree: Any, personas: Any) -> None:
    p = prepared_round(tree.east1)
    officer = personas["township_officer"]
    for code in p.codes[:3]:
        actions.vote(p.round.public_key, code, p.ratings("basic"))
    actions.close_round(officer, p.round, 2)  # fewer signatures than ballots
    with pytest.raises(DomainError, match="选票合计 3 张多于签到人数 2 人"):
        actions.publish(officer, p.round)
    p.round.refresh_from_db()
    assert p.round.state == State.CLOSED and p.round.results == {}


def test_states_move_only_forward(tree: Any, personas: Any) -> None:
    p = prepared_round(tree.east1, open_it=False)
    with pytest.raises(IllegalTransition, match="准备中"):
        actions.close_round(personas["township_officer"], p.round, 1)


def test_outcomes_follow_the_grading_rules(tree: Any, personas: Any) -> None:
    officer = personas["township_officer"]
    p = prepared_round(tree.east1, codes=8, subjects=3, open_it=False)
    extra = make_person(tree.east1, "预备党员甲", Category.PROBATIONARY)
    actions.add_subjects(officer, p.round, people=[extra])
    actions.open_round(officer, p.round)
    sids = list(p.round.subjects.values_list("id", flat=True))
    for code in p.codes[:5]:
        actions.vote(p.round.public_key, code, {str(s): "satisfied" for s in sids})
    actions.close_round(officer, p.round, 8)
    round_ = actions.publish(officer, p.round)
    members = [s.person for s in round_.subjects.select_related("person") if s.person is not None]
    actions.record_outcome(officer, round_, members[0], mutual_notes="带头致富", grade="excellent", handling="reward")
    with pytest.raises(DomainError, match="三分之一"):
        actions.record_outcome(officer, round_, members[1], grade="excellent")
    with pytest.raises(DomainError, match="预备党员"):
        actions.record_outcome(officer, round_, extra, grade="qualified")
    with pytest.raises(DomainError, match="组织处理"):
        actions.record_outcome(officer, round_, members[2], grade="unqualified")
    actions.record_outcome(officer, round_, members[2], grade="unqualified", handling="correction")
    assert dict(round_.outcomes.values_list("person__name", "grade")) == {"党员0": "excellent", "党员2": "unqualified"}


def dual_post_cadre(tree: Any) -> Any:
    cadre = make_person(tree.east1, "王书记")
    officer = Officer(tree.east1)
    people_actions.add_post(officer, cadre, body=PostBody.PARTY, title=PartyTitle.SECRETARY, organization=tree.east1)
    people_actions.add_post(
        officer, cadre, body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR, organization=tree.east1
    )
    return cadre


def split_round(tree: Any, post: str, rating: str) -> Any:
    officer = Officer(tree.east1)
    round_ = actions.create_round(
        officer, organization=tree.east1, kind=Kind.SPLIT_POST, post=post, title=f"{post}岗", year=2026,
        scale=Scale.SATISFACTION, pool="members",
    )  # fmt: skip
    actions.add_subjects(officer, round_, people=actions.default_subjects(round_))
    codes = actions.generate_codes(officer, round_, 6)
    actions.open_round(officer, round_)
    (sid,) = round_.subjects.values_list("id", flat=True)
    for code in codes[:5]:
        actions.vote(round_.public_key, code, {str(sid): rating})
    actions.close_round(officer, round_, 6)
    return actions.publish(officer, round_)


def test_split_post_recall_is_recommended_and_ends_the_posts_only_when_the_villagers_vote(tree: Any,
                                                                                         personas: Any) -> None:  # fmt: skip
    """Issue 10.4: the township recommends; the recall is the villagers' vote (组织法 Art. 16)."""
    cadre = dual_post_cadre(tree)
    secretary = split_round(tree, PostKind.SECRETARY, "satisfied")
    director = split_round(tree, PostKind.DIRECTOR, "unsatisfied")
    (row,) = actions.split_post_results(secretary, director)
    assert (row["secretary_passed"], row["director_passed"], row["local"]) == (True, False, False)
    officer = personas["township_officer"]
    with pytest.raises(DomainError, match="主任岗位考核不合格"):
        actions.decide_split_post(officer, secretary, director, cadre, SplitDecision.KEEP_DUAL, dt.date(2026, 11, 20))
    made = actions.decide_split_post(officer, secretary, director, cadre, SplitDecision.RECALL_DIRECTOR,
                                     dt.date(2026, 11, 20))  # fmt: skip
    assert set(Post.objects.filter(person=cadre).values_list("title", "end_on")) == {
        ("secretary", None), ("director", None)}  # a recommendation ends no post  # fmt: skip
    assert made.awaiting_recall_vote
    with pytest.raises(DomainError, match="投票人数 700 人多于登记参加选举的村民 600 人"):
        actions.record_recall_vote(officer, made, voted_on=dt.date(2026, 11, 28), registered=600, cast=700,
                                   in_favour=400)  # fmt: skip
    done = actions.record_recall_vote(officer, made, voted_on=dt.date(2026, 11, 28), registered=600, cast=320,
                                      in_favour=200)  # fmt: skip
    assert (done.recall_passed, done.recall_voted_on, done.awaiting_recall_vote) == (True, dt.date(2026, 11, 28), False)
    assert set(Post.objects.filter(person=cadre).values_list("title", "end_on")) == {
        ("secretary", dt.date(2026, 11, 28)),
        ("director", dt.date(2026, 11, 28)),
    }
    event = AuditEvent.objects.filter(object_type="evaluations.splitpostdecision").latest("pk")
    assert event.changes["recall_passed"] == [None, True]
    assert all(title.endswith("（罢免）") for title in event.changes["ended_posts"][1])
    assert len(event.changes["ended_posts"][1]) == 2
    with pytest.raises(DomainError, match="已记录过罢免投票结果"):
        actions.record_recall_vote(officer, made, voted_on=dt.date(2026, 11, 28), registered=600, cast=320,
                                   in_favour=200)  # fmt: skip


def test_a_recall_vote_that_fails_ends_no_post(tree: Any, personas: Any) -> None:
    cadre = dual_post_cadre(tree)
    secretary = split_round(tree, PostKind.SECRETARY, "satisfied")
    director = split_round(tree, PostKind.DIRECTOR, "unsatisfied")
    officer = personas["township_officer"]
    made = actions.decide_split_post(officer, secretary, director, cadre, SplitDecision.RECALL_DIRECTOR,
                                     dt.date(2026, 11, 20))  # fmt: skip
    # 320 of 600 voted (more than half), 160 in favour: not more than half of those voting.
    done = actions.record_recall_vote(officer, made, voted_on=dt.date(2026, 11, 28), registered=600, cast=320,
                                      in_favour=160)  # fmt: skip
    assert done.recall_passed is False
    assert not Post.objects.filter(person=cadre).exclude(end_on=None).exists()


def test_split_post_both_pass_keeps_dual_post(tree: Any, personas: Any) -> None:
    cadre = dual_post_cadre(tree)
    secretary = split_round(tree, PostKind.SECRETARY, "basic")
    director = split_round(tree, PostKind.DIRECTOR, "satisfied")
    officer = personas["township_officer"]
    actions.decide_split_post(officer, secretary, director, cadre, SplitDecision.KEEP_DUAL, dt.date(2026, 12, 1))
    assert not Post.objects.filter(person=cadre).exclude(end_on=None).exists()


def test_officer_of_another_township_cannot_act(tree: Any, personas: Any) -> None:
    p = prepared_round(tree.east1, open_it=False)
    from jiceng.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        actions.generate_codes(personas["other_township_officer"], p.round, 3)
    with pytest.raises(AccessDenied):
        actions.open_round(personas["member"], p.round)

"""Selection actions: both flows end to end, and every refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.core.errors import DomainError
from jiceng.core.models import CaseEvent
from jiceng.notices.models import Notice
from jiceng.people.models import Post
from jiceng.selection import actions
from jiceng.selection.models import Candidate, Exercise, Kind, Pool, RecommendationRound, Signature, SignRole, Tally

from .factories import START, SYSTEM, candidates_of, exercise, notice_end, people

pytestmark = pytest.mark.django_db


def _state(ex: Exercise) -> dict[str, Any]:
    """Everything a refused action must leave as it was."""
    ex.refresh_from_db()
    return {
        "exercise": (ex.state, ex.state_on, ex.method, ex.election_present),
        "candidates": list(
            Candidate.objects.order_by("pk").values_list(
                "inspect", "proposed", "post_id", "conclusion", "election_votes"
            )
        ),
        "rounds": list(RecommendationRound.objects.values_list("pool", "issued", "returned", "valid")),
        "tallies": list(Tally.objects.order_by("pk").values_list("candidate_id", "votes")),
        "events": CaseEvent.objects.count(),
        "notices": Notice.objects.count(),
        "posts": Post.objects.count(),
        "signatures": Signature.objects.count(),
    }


def test_a_standard_exercise_from_publication_to_appointment(tree: Any) -> None:
    ex = exercise(tree, until="appointed")
    assert ex.state == "appointed"
    first, second, third = candidates_of(ex)
    assert [(c.inspect, c.proposed) for c in (first, second, third)] == [(True, True), (True, False), (False, False)]
    post = Post.objects.get(person=first.person, organization=tree.east)
    assert (post.body, post.title, post.appointment_mode) == ("party", "member", "selected")
    assert first.post_id == post.pk and post.start_on == ex.state_on
    notices = list(
        Notice.objects.filter(subject_ref=f"selection.exercise:{ex.pk}").order_by("pk").values_list("step", "title")
    )
    assert notices == [
        ("announced", "关于东镇党委委员选拔职位、条件和资格的公告"),
        ("candidate_notice", "关于东镇党委委员选拔考察对象的公示"),
        ("appointment_notice", "关于东镇党委委员选拔任前公示"),
    ]
    text = Notice.objects.get(step="candidate_notice").text
    assert text == "经民主推荐，拟确定以下同志为考察对象：东镇党委党组织委员：赵一、钱二。"
    moves = list(ex.events().filter(kind="move").values_list("to_state", flat=True))
    assert moves == ["announced", "recommending", "candidate_notice", "inspection", "appointment_notice", "appointed"]
    assert list(first.signatures.values_list("role", "name")) == [("recommender", "推荐人1"), ("leader", "王组长")]


def test_a_village_two_recommendations_one_election(tree: Any) -> None:
    ex = exercise(tree, Kind.VILLAGE, until="appointed")
    assert ex.state == "appointed"
    rounds = dict(RecommendationRound.objects.filter(exercise=ex).values_list("pool", "valid"))
    assert rounds == {Pool.MEMBERS: 28, Pool.VILLAGERS: 55}
    first, second, third = candidates_of(ex)
    assert (first.election_votes, second.election_votes, ex.election_present) == (17, 9, 26)
    post = Post.objects.get(person=first.person, organization=tree.east1, body="party", title="member")
    assert post.appointment_mode == "elected"
    assert not Post.objects.filter(person=second.person, title="member").exists()
    assert not third.inspect  # 9 of 28 party members' forms: 32.1 %


def test_a_candidate_below_the_threshold_is_refused_for_inspection(tree: Any) -> None:
    ex = exercise(tree, until="recommending", votes=[{"issued": 40, "returned": 38, "valid": 36, "votes": (30, 22, 8)}])
    # walk() chose the first two already; take a fresh one that stops before the choice
    ex2 = exercise(tree, start=START)
    ps = people(tree.east1, ("周四", "吴五"))
    position = ex2.positions.get()
    a, b = (actions.add_candidate(SYSTEM, ex2, position, p, recommended_by="镇党委") for p in ps)
    actions.move(SYSTEM, ex2, "announced", on=START, today=START)
    day = notice_end(ex2, "announced")
    actions.move(SYSTEM, ex2, "recommending", on=day, today=day)
    with pytest.raises(DomainError, match="还没有录入推荐会的计票结果"):
        actions.move(SYSTEM, ex2, "candidate_notice", on=day, today=day, candidates=[a.pk])
    actions.record_round(
        SYSTEM,
        ex2,
        pool=Pool.MEETING,
        held_on=day,
        issued=40,
        returned=38,
        valid=36,
        votes={a.pk: 19, b.pk: 18},
        today=day,
    )
    before = _state(ex2)
    with pytest.raises(DomainError) as refused:
        actions.move(SYSTEM, ex2, "candidate_notice", on=day, today=day, candidates=[a.pk, b.pk])
    assert refused.value.message == (
        "吴五在推荐会中得票18张，占有效推荐表36张的50.0%，未超过50%，不能作为考察对象"
        "（县委推荐考察干部错失追究制度（调研报告004）：对多数人不拥护的，不能作为考察对象）"
    )
    assert _state(ex2) == before
    actions.move(SYSTEM, ex2, "candidate_notice", on=day, today=day, candidates=[a.pk])
    assert list(ex2.candidates.filter(inspect=True).values_list("person__name", flat=True)) == ["周四"]
    assert ex.state == "recommending" and RecommendationRound.objects.filter(exercise=ex).get().valid == 36


def test_a_stricter_threshold_applies(tree: Any) -> None:
    ex = actions.create_exercise(
        SYSTEM,
        organization=tree.east,
        title="镇党委委员选拔",
        kind=Kind.STANDARD,
        conditions="正式党员",
        threshold_percent=60,
        on=START,
        today=START,
    )
    assert (ex.threshold_percent, ex.rules_name, ex.state, ex.state_on) == (60, "2002年版", "draft", START)
    with pytest.raises(DomainError, match="推荐得票门槛应在50%至99%之间"):
        actions.create_exercise(
            SYSTEM,
            organization=tree.east,
            title="x",
            kind=Kind.STANDARD,
            conditions="y",
            threshold_percent=40,
            on=START,
            today=START,
        )
    assert Exercise.objects.count() == 1


def test_a_step_out_of_order_is_refused_and_writes_nothing(tree: Any) -> None:
    ex = exercise(tree)
    before = _state(ex)
    with pytest.raises(DomainError) as refused:
        actions.move(SYSTEM, ex, "inspection", on=START, today=START)
    assert refused.value.message == "当前状态为“准备（职位、条件、资格）”，不能变更为“考察”"
    with pytest.raises(DomainError) as refused:
        actions.record_round(
            SYSTEM, ex, pool=Pool.MEETING, held_on=START, issued=1, returned=1, valid=1, votes={}, today=START
        )
    assert refused.value.message == "当前环节为“准备（职位、条件、资格）”，录入推荐票须在“民主推荐”环节办理"
    with pytest.raises(DomainError, match="记录谈话须在“民主推荐、考察”环节办理"):
        actions.record_talk(SYSTEM, ex, talked_on=START, interviewee="甲", interviewer="乙", summary="丙", today=START)
    assert _state(ex) == before
    actions.move(SYSTEM, ex, "announced", on=START, today=START)
    before = _state(ex)
    day = notice_end(ex, "announced")
    with pytest.raises(DomainError, match="请先登记推荐人选"):
        actions.move(SYSTEM, ex, "recommending", on=day, today=day)
    assert _state(ex) == before
    with pytest.raises(DomainError, match="增加职位须在“准备（职位、条件、资格）”环节办理"):
        actions.add_position(SYSTEM, ex, organization=tree.east, body="party", title="secretary")
    assert ex.positions.count() == 1


def test_counts_exceeding_the_forms_are_refused_and_write_nothing(tree: Any) -> None:
    ex = exercise(tree)
    a, b = (
        actions.add_candidate(SYSTEM, ex, ex.positions.get(), p, recommended_by="镇党委")
        for p in people(tree.east1, ("周四", "吴五"))
    )
    actions.move(SYSTEM, ex, "announced", on=START, today=START)
    day = notice_end(ex, "announced")
    actions.move(SYSTEM, ex, "recommending", on=day, today=day)
    before = _state(ex)
    bad: list[tuple[dict[str, Any], str]] = [
        ({"issued": 40, "returned": 41, "valid": 36, "votes": {a.pk: 1}}, "收回推荐表41张，多于发出的40张"),
        ({"issued": 40, "returned": 38, "valid": 39, "votes": {a.pk: 1}}, "有效推荐表39张，多于收回的38张"),
        ({"issued": 40, "returned": 38, "valid": 36, "votes": {a.pk: 37}}, "周四得票37张，超过有效推荐表36张"),
        ({"issued": 0, "returned": 0, "valid": 0, "votes": {}}, "发出推荐表张数应大于 0"),
    ]
    for data, message in bad:
        with pytest.raises(DomainError) as refused:
            actions.record_round(SYSTEM, ex, pool=Pool.MEETING, held_on=day, today=day, **data)
        assert refused.value.message == message
        assert _state(ex) == before
    with pytest.raises(DomainError, match="本次选拔的推荐范围为推荐会"):
        actions.record_round(
            SYSTEM, ex, pool=Pool.MEMBERS, held_on=day, issued=1, returned=1, valid=1, votes={}, today=day
        )
    # entered again, a count replaces the earlier one
    actions.record_round(
        SYSTEM,
        ex,
        pool=Pool.MEETING,
        held_on=day,
        issued=40,
        returned=38,
        valid=36,
        votes={a.pk: 20, b.pk: 10},
        today=day,
    )
    actions.record_round(
        SYSTEM,
        ex,
        pool=Pool.MEETING,
        held_on=day,
        issued=40,
        returned=38,
        valid=35,
        votes={a.pk: 21, b.pk: 9},
        today=day,
    )
    assert list(Tally.objects.order_by("candidate_id").values_list("votes", flat=True)) == [21, 9]
    assert RecommendationRound.objects.get().valid == 35


def test_an_appointment_before_the_notice_ended_is_refused(tree: Any) -> None:
    ex = exercise(tree, until="appointment_notice")
    ends = notice_end(ex, "appointment_notice") - dt.timedelta(days=1)
    before = _state(ex)
    with pytest.raises(DomainError) as refused:
        actions.move(SYSTEM, ex, "appointed", on=ends, today=ends)
    assert refused.value.message.startswith("“任前公示”环节：")
    assert _state(ex) == before
    day = ends + dt.timedelta(days=1)
    actions.move(SYSTEM, ex, "appointed", on=day, today=day)
    assert ex.state == "appointed" and Post.objects.filter(organization=tree.east, title="member").count() == 1


def test_the_accountability_record_is_needed_and_append_only(tree: Any) -> None:
    ex = exercise(tree, until="candidate_notice")
    day = notice_end(ex, "candidate_notice")
    from jiceng.selection.demo import PREVIEW

    actions.move(SYSTEM, ex, "inspection", on=day, today=day, **PREVIEW)
    first = candidates_of(ex)[0]
    actions.record_test(SYSTEM, first, total=35, favourable=33, conclusion="考察合格")
    before = _state(ex)
    with pytest.raises(DomainError, match="赵一还缺少推荐人或考察组的责任签名"):
        actions.move(SYSTEM, ex, "appointment_notice", on=day, today=day, candidates=[first.pk])
    assert _state(ex) == before
    row = actions.sign(SYSTEM, first, role=SignRole.RECOMMENDER, name="李推荐", signed_on=day, today=day)
    assert row.statement == "对推荐的人选负责" and row.entered_by == "系统"
    row.name = "改名"
    with pytest.raises(DomainError, match="责任签名只能追加，不能修改"):
        row.save()
    with pytest.raises(DomainError, match="责任签名只能追加，不能删除"):
        row.delete()
    assert Signature.objects.get().name == "李推荐"
    third = candidates_of(ex)[2]
    with pytest.raises(DomainError, match="孙三不是考察对象"):
        actions.sign(SYSTEM, third, role=SignRole.INSPECTOR, name="王", signed_on=day, today=day)


def test_test_results_are_checked(tree: Any) -> None:
    ex = exercise(tree, until="inspection")
    first = candidates_of(ex)[0]
    with pytest.raises(DomainError, match="测评票数不正确"):
        actions.record_test(SYSTEM, first, total=30, favourable=31, conclusion="合格")
    first.refresh_from_db()
    assert (first.test_total, first.test_favourable) == (35, 33)


def test_a_village_election_without_a_majority_appoints_nobody(tree: Any) -> None:
    ex = exercise(tree, Kind.VILLAGE, until="election")
    first, second, _ = candidates_of(ex)
    actions.record_election(SYSTEM, ex, present=26, votes={first.pk: 13, second.pk: 13})
    before = _state(ex)
    with pytest.raises(DomainError, match="没有候选人的得票超过实到会26人的一半，无人当选"):
        actions.move(SYSTEM, ex, "appointed", on=ex.state_on, today=ex.state_on)
    assert _state(ex) == before
    with pytest.raises(DomainError, match="应在 0 至实到会人数26之间"):
        actions.record_election(SYSTEM, ex, present=26, votes={first.pk: 27})


def test_village_posts_are_party_posts_of_a_village(tree: Any) -> None:
    ex = actions.create_exercise(
        SYSTEM,
        organization=tree.east1,
        title="二推一选",
        kind=Kind.VILLAGE,
        conditions="正式党员",
        on=START,
        today=START,
    )
    with pytest.raises(DomainError, match="“二推一选”用于村党组织书记、委员"):
        actions.add_position(SYSTEM, ex, organization=tree.east1, body="village_committee", title="director")
    with pytest.raises(DomainError, match="干部选拔由乡镇党委或县委开展"):
        actions.create_exercise(
            SYSTEM, organization=tree.east1, title="x", kind=Kind.STANDARD, conditions="y", on=START, today=START
        )
    assert ex.positions.count() == 0 and Exercise.objects.count() == 1


def test_a_non_member_cannot_be_a_candidate_for_a_party_post(tree: Any) -> None:
    from jiceng.people.rules import Category
    from jiceng.people.tests.factories import make_person

    ex = exercise(tree)
    person = make_person(tree.east1, "郑群众", Category.RESIDENT)
    with pytest.raises(DomainError, match="郑群众不是正式党员"):
        actions.add_candidate(SYSTEM, ex, ex.positions.get(), person, recommended_by="自荐")
    assert Candidate.objects.count() == 0


def test_the_test_results_come_from_a_published_evaluation(tree: Any, personas: dict[str, Any]) -> None:
    from jiceng.evaluations.models import Round

    ex = exercise(tree, until="inspection")
    first, second, _ = candidates_of(ex)
    subjects = [
        {
            "person_id": first.person_id,
            "total": 40,
            "passing_rate": "90.0%",
            "counts": {"satisfied": 30, "basic": 6, "unsatisfied": 4},
        },
        {"person_id": second.person_id, "total": 4, "passing_rate": None, "counts": {}},
    ]
    round_ = Round.objects.create(
        organization=tree.east1,
        kind="report",
        title="述职评议",
        year=2024,
        scale="satisfaction",
        pool="representatives",
        state="published",
        results={"subjects": subjects},
    )
    officer = personas["township_officer"]
    actions.record_test(officer, first, round_=round_, conclusion="考察合格")
    first.refresh_from_db()
    assert (first.test_round_id, first.test_total, first.test_favourable) == (round_.pk, 40, 36)
    with pytest.raises(DomainError, match="该评议参评人数不足，未公布分项结果"):
        actions.record_test(officer, second, round_=round_, conclusion="考察合格")
    second.refresh_from_db()
    assert (second.test_round_id, second.test_total) == (None, 35)
    other = Round.objects.create(
        organization=tree.west1,
        kind="report",
        title="西镇述职",
        year=2024,
        scale="satisfaction",
        pool="representatives",
        state="published",
        results={"subjects": subjects},
    )
    with pytest.raises(DomainError, match="所选评议没有该人选的已公布结果"):
        actions.record_test(officer, first, round_=other, conclusion="考察合格")


def test_a_recommendation_meeting_is_linked(tree: Any) -> None:
    from jiceng.core import engine
    from jiceng.selection.demo import held_congress

    ex = exercise(tree, until="recommending")
    first = candidates_of(ex)[0]
    meeting = held_congress(tree.east1, ex.state_on)
    elsewhere = held_congress(tree.west1, ex.state_on)
    with pytest.raises(DomainError, match="推荐会会议记录应为本次选拔范围内的会议"):
        actions.record_round(
            SYSTEM,
            ex,
            pool=Pool.MEETING,
            held_on=ex.state_on,
            issued=40,
            returned=38,
            valid=36,
            votes={first.pk: 30},
            meeting=elsewhere,
        )
    assert engine.links(ex, "recommending") == []
    actions.record_round(
        SYSTEM,
        ex,
        pool=Pool.MEETING,
        held_on=ex.state_on,
        issued=40,
        returned=38,
        valid=36,
        votes={first.pk: 30},
        meeting=meeting,
    )
    assert engine.links(ex, "recommending") == [f"meetings.meeting:{meeting.pk}"]
    assert RecommendationRound.objects.get().meeting_id == meeting.pk

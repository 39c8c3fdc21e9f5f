"""五好 rating through the assessments app's scheme (the 五好户联理事会 template, subjects: unions),
and the 惠农 projects allocated as rewards (以奖代补) linked to the final rating that earned them.

Hand check (two unions of 东一村, one of 东二村; five review indicators of 20 points, two reviewers;
称号 “五好”户联理事会 at ≥ 90 and each category ≥ 75 % = 15 points):

| | 产业 | 风气 | 党员 | 公益 | 面貌 | total | grade | rating |
|---|---|---|---|---|---|---|---|---|
| 王家湾 (20, 18) | 19 | 19 | 19 | 19 | 19 | 95.00 | 优秀 | “五好”户联理事会 |
| 李家冲 (20, 10) | 15 | 15 | 15 | 15 | 15 | 75.00 | 良好 | — |
| 东二村张家岭 (16, 16) ×4, 公益 (14, 14) | 16 | 16 | 16 | 14 | 16 | 78.00 | 良好 | — |
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from jiceng.accounts.models import Role, User
from jiceng.assessments import actions as assess
from jiceng.assessments.models import Result
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.registry import ratings_of
from jiceng.notices.models import Notice
from jiceng.unions import actions
from jiceng.unions.models import Reward

from .factories import make_union

Y = timezone.localdate().year - 1


def _reviewers(tree: Any) -> list[User]:
    return [User.objects.create_user(username=f"r{i}", password="x", organization=tree.east,
                                     role=Role.TOWNSHIP_OFFICER) for i in (1, 2)]  # fmt: skip


@pytest.fixture
def rated(tree: Any) -> dict[str, Any]:
    a = make_union(tree.east1, 26)
    b = make_union(tree.east1, 25, name="李家冲户联理事会", grid="二组")
    c = make_union(tree.east2, 27, name="张家岭户联理事会", grid="东二一组")
    one, two = _reviewers(tree)
    scheme = assess.copy_template(one, tree.east, "huliang")
    rnd = assess.open_round(one, scheme, organization=tree.east, year=Y)
    marks = {a: [(20, 18)] * 5, b: [(20, 10)] * 5, c: [(16, 16)] * 3 + [(14, 14), (16, 16)]}
    for union, pairs in marks.items():
        for i, (x, y) in enumerate(pairs, start=1):
            for reviewer, points in ((one, x), (two, y)):
                assess.record_review(reviewer, rnd, subject_ref=union.ref, indicator=f"H{i}", points=Decimal(points))
    assess.compute(one, rnd)
    return {"a": a, "b": b, "c": c, "round": rnd, "officer": one, "scheme": scheme}


def test_the_scheme_rates_the_unions_of_the_township(rated: dict[str, Any], tree: Any) -> None:
    rnd = rated["round"]
    assert rated["scheme"].subject == "union"
    rows = [(r.name, str(r.score), r.grade, r.rating, r.organization_id, r.org_path)
            for r in Result.objects.filter(round=rnd).order_by("-score", "name")]  # fmt: skip
    assert rows == [
        ("东一村党支部王家湾户联理事会", "95.00", "优秀", "“五好”户联理事会", None, tree.east1.path),
        ("东二村党支部张家岭户联理事会", "78.00", "良好", "", None, tree.east2.path),
        ("东一村党支部李家冲户联理事会", "75.00", "良好", "", None, tree.east1.path),
    ]


def test_a_union_scheme_takes_no_metric(tree: Any) -> None:
    with pytest.raises(DomainError, match="户联理事会方案只能用评审打分或台账日记法计分"):
        assess.check_scheme("union", "points", [{"code": "A", "name": "甲", "points": 10, "indicators": [
            {"code": "A1", "name": "三会一课", "points": 10, "method": "metric", "metric": "meetings.compliance",
             "rule": {"kind": "linear", "zero": 0, "full": 100}}]}], {"grades": [[0, "合格"]]})  # fmt: skip


def _final(rated: dict[str, Any]) -> None:
    officer, rnd = rated["officer"], rated["round"]
    assess.publish(officer, rnd, days=5)
    notice = Notice.objects.get()
    assess.finalize(officer, rnd, today=notice.ends_on + dt.timedelta(days=1))


def test_a_reward_for_the_final_five_good_rating_only(rated: dict[str, Any]) -> None:
    a, b, officer = rated["a"], rated["b"], rated["officer"]
    assert ratings_of(a.ref) == []  # scored, not yet final: nothing to reward
    _final(rated)
    (earned,) = ratings_of(a.ref)
    assert (earned.label, earned.score, earned.rating) == (f"{Y}年度“五好”户联理事会评比", "95.00", "“五好”户联理事会")
    reward = actions.allocate_reward(officer, a, rating_ref=earned.ref, project="通组公路硬化（以奖代补）",
                                     amount=5_000_000, allocated_on=dt.date(Y + 1, 1, 10))  # fmt: skip
    assert (reward.rating_label, reward.amount, reward.rating_ref) == (
        f"{Y}年度“五好”户联理事会评比：“五好”户联理事会", 5_000_000, earned.ref)  # fmt: skip
    (not_five,) = ratings_of(b.ref)
    with pytest.raises(DomainError, match=r"^.*中本会为“良好”，未评为“五好”户联理事会，不能以奖代补$"):
        actions.allocate_reward(officer, b, rating_ref=not_five.ref, project="堰塘整修", amount=100,
                                allocated_on=dt.date(Y + 1, 1, 10))  # fmt: skip
    with pytest.raises(DomainError, match=r"^请选择本会已确定的“五好”评比结果$"):  # another union's rating
        actions.allocate_reward(officer, b, rating_ref=earned.ref, project="堰塘整修", amount=100,
                                allocated_on=dt.date(Y + 1, 1, 10))  # fmt: skip
    with pytest.raises(DomainError, match=r"^奖补金额应大于0$"):
        actions.allocate_reward(officer, a, rating_ref=earned.ref, project="堰塘整修", amount=0,
                                allocated_on=dt.date(Y + 1, 1, 10))  # fmt: skip
    with pytest.raises(DomainError, match=r"^该评比结果已安排过同名惠农项目$"):
        actions.allocate_reward(officer, a, rating_ref=earned.ref, project="通组公路硬化（以奖代补）", amount=100,
                                allocated_on=dt.date(Y + 1, 1, 10))  # fmt: skip
    assert list(Reward.objects.values_list("union__name", "project", "amount")) == [
        ("王家湾户联理事会", "通组公路硬化（以奖代补）", 5_000_000)]  # fmt: skip


def test_a_village_secretary_allocates_no_reward(rated: dict[str, Any], personas: dict[str, Any]) -> None:
    _final(rated)
    (earned,) = ratings_of(rated["a"].ref)
    with pytest.raises(AccessDenied):
        actions.allocate_reward(personas["village_secretary"], rated["a"], rating_ref=earned.ref, project="甲",
                                amount=100, allocated_on=dt.date(Y + 1, 1, 10))  # fmt: skip
    assert Reward.objects.count() == 0


def test_the_result_page_of_a_union_shows_its_own_history_only(rated: dict[str, Any], tree: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    _final(rated)
    result = Result.objects.get(subject_ref=rated["a"].ref)
    client = Client()
    client.force_login(rated["officer"])
    page = client.get(reverse("assessments:result", args=[result.pk])).content.decode()
    assert "东一村党支部王家湾户联理事会" in page and "李家冲户联理事会" not in page and "张家岭户联理事会" not in page
    round_page = client.get(reverse("assessments:round", args=[rated["round"].pk])).content.decode()
    assert "东一村党支部李家冲户联理事会" in round_page and "东二村党支部张家岭户联理事会" in round_page

"""A 五个好 round for a township of 14 villages, computed from what the other apps recorded
(meetings, training, development, dues, ledgers, evaluations), with three villages checked by
hand and each score drilling down to its records; the ratings go to 公示, then are final.

Hand check (the year before this one; the township requires per year 4 党员大会 (one a quarter),
1 党课, 1 组织生活会: 6 periods owed; 主题党日 and 民主评议 not required locally):

| 指标 | 南一村 | 南二村 | 南三村 |
|---|---|---|---|
| A1 三会一课 linear 60→100 ×10 | 6/6 = 100 % → 10 | 4/6 = 66.7 % → 1.68 | 0 % → 0 |
| A2 评审 (两人) | (8+9)/2 = 8.5 | (6+7)/2 = 6.5 | (4+4)/2 = 4 |
| B1 学时达标 bands ×10 | 3/3 = 100 % → 10 | 2/3 = 66.7 % → 0 | 0 % → 0 |
| B2 发展党员 target 1 ×5 | 1 → 5 | 0, 责任书目标 0 → 5 | 0 → 0 |
| B3 党费按时 linear 80→100 ×5 | 36/36 → 5 | 无基数 → 0 | 0 |
| C1 会议出席 linear 60→100 ×10 | 18/18 → 10 | 8/12 = 66.7 % → 1.68 | 无会议 → 0 |
| C2 逾期 −2/件 ×10 | 0 → 10 | 2 → 6 | 0 → 10 |
| D1 解决率 linear 50→100 ×10 | 4/4 → 10 | 2/4 = 50 % → 0 | 无 → 0 |
| D2 评审 | (7+7)/2 = 7 | (5+6)/2 = 5.5 | (3+4)/2 = 3.5 |
| E1 满意率 linear 60→100 ×20 | 10/10 → 20 | 7/10 → 5 | 无 → 0 |
| 合计 | 95.50 优秀、五个好村党支部 | 31.36 不合格 | 17.50 不合格 |

The other 11 villages: A2 5 + D2 5 + C2 10 = 20.00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import Role, User
from jiceng.assessments import actions, queries
from jiceng.assessments.models import Result, ReviewScore, Round, Scheme
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.development.models import File
from jiceng.development.tests.factories import applicant
from jiceng.dues import actions as dues_actions
from jiceng.dues.rules import Kind as DuesKind
from jiceng.evaluations import actions as ev_actions
from jiceng.evaluations.models import Kind as EvKind
from jiceng.evaluations.models import Pool
from jiceng.evaluations.rules import Scale
from jiceng.ledgers import actions as ledger_actions
from jiceng.ledgers.tests.factories import make_item
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.rules import Kind, Period
from jiceng.notices.models import Notice
from jiceng.organizations import actions as org_actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.tests.factories import make_person
from jiceng.training.rules import Unit
from jiceng.training.tests.factories import held, session

Y = timezone.localdate().year - 1


def day(month: int, d: int = 10) -> dt.date:
    return dt.date(Y, month, d)


def _evaluation(org: Organization, subject: Any, officer: User, ratings: list[str]) -> None:
    rnd = ev_actions.create_round(officer, organization=org, kind=EvKind.REPORT, title="书记述职民主测评", year=Y,
                                  scale=Scale.SATISFACTION, pool=Pool.MEMBERS)  # fmt: skip
    ev_actions.add_subjects(officer, rnd, people=[subject])
    codes = ev_actions.generate_codes(officer, rnd, len(ratings) + 1)
    ev_actions.open_round(officer, rnd)
    sid = str(rnd.subjects.get().pk)
    for code, rating in zip(codes, ratings, strict=False):
        ev_actions.vote(rnd.public_key, code, {sid: rating})
    ev_actions.close_round(officer, rnd, len(ratings) + 1)
    ev_actions.publish(officer, rnd)


def _items(org: Organization, officer: User, resolved: int, open_: int) -> None:
    for i in range(resolved + open_):
        item = make_item(org, description=f"群众反映问题{i + 1}", collected_on=day(2, 1))
        ledger_actions.move_item(SYSTEM, item, "assigned", on=day(2, 2), assignee=officer)
        if i < resolved:
            ledger_actions.move_item(SYSTEM, item, "resolved", on=day(3, 1), resolution="已解决")


@pytest.fixture
def township(tree: Any) -> dict[str, Any]:
    south = org_actions.create_organization(SYSTEM, parent=tree.county, name="南镇党委",
                                            kind=OrgKind.TOWNSHIP_COMMITTEE, check_access=False)  # fmt: skip
    villages = [org_actions.create_organization(SYSTEM, parent=south, name=f"南{n}村党支部", kind=OrgKind.BRANCH,
                                                village_name=f"南{n}村", check_access=False)
                for n in "一二三四五六七八九十"] + [
        org_actions.create_organization(SYSTEM, parent=south, name=f"南十{n}村党支部", kind=OrgKind.BRANCH,
                                        village_name=f"南十{n}村", check_access=False) for n in "一二三四"]  # fmt: skip
    Organization.objects.filter(pk__in=[v.pk for v in villages]).update(founded_on=dt.date(2020, 1, 1))
    villages = list(Organization.objects.filter(pk__in=[v.pk for v in villages]).order_by("path"))
    south = Organization.objects.get(pk=south.pk)
    officer = User.objects.create_user(username="south", password="x", organization=south,
                                       role=Role.TOWNSHIP_OFFICER)  # fmt: skip
    second = User.objects.create_user(username="south2", password="x", organization=south,
                                      role=Role.TOWNSHIP_OFFICER)  # fmt: skip
    for kind, period, required in ((Kind.THEME_DAY, Period.MONTH, 0), (Kind.REVIEW, Period.YEAR, 0),
                                   (Kind.LESSON, Period.YEAR, 1)):  # fmt: skip
        meeting_actions.save_requirement(SYSTEM, south, kind, period, required)
    v1, v2, v3 = villages[:3]
    m1 = [make_person(v1, f"一村党员{i}", birth=dt.date(1970, 1, i)) for i in range(1, 4)]
    m2 = [make_person(v2, f"二村党员{i}", birth=dt.date(1971, 1, i)) for i in range(1, 4)]
    [make_person(v3, f"三村党员{i}", birth=dt.date(1972, 1, i)) for i in range(1, 4)]
    # meetings: 南一村 all six, everyone present; 南二村 three 党员大会 and the 党课, one member always absent
    for month in (3, 6, 9, 12):
        held(v1, day(month), Kind.PARTY_CONGRESS)
    held(v1, day(4, 15), Kind.LESSON)
    held(v1, day(12, 20), Kind.LIFE_MEETING)
    for month in (3, 6, 9):
        held(v2, day(month), Kind.PARTY_CONGRESS, absent=[m2[2]])
    held(v2, day(4, 15), Kind.LESSON, absent=[m2[2]])
    # training: 32 学时 for everyone of 南一村, for two of 南二村
    session(v1, m1, unit=Unit.DAY, amount=4, starts_on=day(5, 5), ends_on=day(5, 8))
    session(v2, m2[:2], unit=Unit.DAY, amount=4, starts_on=day(5, 5), ends_on=day(5, 8))
    # development: one member admitted in 南一村 (the 支部大会 date of the file)
    from jiceng.development import actions as dev_actions

    file = dev_actions.open_file(SYSTEM, applicant(v1, birth=dt.date(1999, 2, 3)), day(1, 5))
    File.objects.filter(pk=file.pk).update(admitted_on=day(7, 1))
    # dues: 南一村 pays the year in January
    for person in m1:
        dues_actions.set_base(SYSTEM, person, day(1, 1), DuesKind.FARMER, fixed=100)
        dues_actions.record_payment(SYSTEM, person, day(1, 1), paid_on=day(1, 10), count=12)
    # ledgers: 南一村 4 resolved; 南二村 2 resolved, 2 open past their deadline
    _items(v1, officer, 4, 0)
    _items(v2, officer, 2, 2)
    # evaluations: the secretaries' 述职民主测评
    _evaluation(v1, m1[0], officer, ["satisfied"] * 8 + ["basic"] * 2)
    _evaluation(v2, m2[0], officer, ["satisfied"] * 5 + ["basic"] * 2 + ["unsatisfied"] * 3)
    return {"south": south, "villages": villages, "officer": officer, "second": second, "file": file}


def _review(rnd: Round, t: dict[str, Any]) -> None:
    scores = {0: ((8, 9), (7, 7)), 1: ((6, 7), (5, 6)), 2: ((4, 4), (3, 4))}
    for i, village in enumerate(t["villages"]):
        ref = f"organizations.organization:{village.pk}"
        (a1, a2), (d1, d2) = scores.get(i, ((5, None), (5, None)))
        for code, first, second in (("A2", a1, a2), ("D2", d1, d2)):
            actions.record_review(t["officer"], rnd, subject_ref=ref, indicator=code, points=D(first))
            if second is not None:
                actions.record_review(t["second"], rnd, subject_ref=ref, indicator=code, points=D(second))


def _line(result: Result, code: str) -> dict[str, Any]:
    return next(line for line in result.lines if line["code"] == code)


def test_wugehao_round_of_fourteen_villages(township: dict[str, Any]) -> None:
    t = township
    officer, south, (v1, v2, v3) = t["officer"], t["south"], t["villages"][:3]
    scheme = actions.copy_template(officer, south, "wugehao")
    actions.sign_target(officer, scheme, organization=v2, year=Y, signed_on=day(3, 15), signed_by="乡党委、南二村党支部",
                        targets={"B2": 0})  # fmt: skip
    rnd = actions.open_round(officer, scheme, organization=south, year=Y)
    with pytest.raises(DomainError, match="尚无人打分"):
        actions.compute(officer, rnd)
    _review(rnd, t)
    with pytest.raises(DomainError, match="0至10之间"):
        actions.record_review(officer, rnd, subject_ref=f"organizations.organization:{v1.pk}", indicator="A2",
                              points=D(11))  # fmt: skip
    actions.record_report(officer, rnd, organization=v1, reporter="南一村党支部书记", audience="乡镇党委和本村全体党员",
                          reported_on=day(12, 28), text="全年召开党员大会四次，发展党员一名。")  # fmt: skip
    actions.compute(officer, rnd)
    results = {r.organization_id: r for r in Result.objects.filter(round=rnd)}
    assert len(results) == 14
    r1, r2, r3 = results[v1.pk], results[v2.pk], results[v3.pk]
    assert [(_line(r1, c)["points"]) for c in ("A1", "A2", "B1", "B2", "B3", "C1", "C2", "D1", "D2", "E1")] == [
        "10.00", "8.50", "10.00", "5.00", "5.00", "10.00", "10.00", "10.00", "7.00", "20.00"]  # fmt: skip
    assert (r1.score, r1.grade, r1.rating) == (D("95.50"), "优秀", "五个好村党支部")
    assert [(_line(r2, c)["points"]) for c in ("A1", "A2", "B1", "B2", "B3", "C1", "C2", "D1", "D2", "E1")] == [
        "1.68", "6.50", "0.00", "5.00", "0.00", "1.68", "6.00", "0.00", "5.50", "5.00"]  # fmt: skip
    assert (r2.score, r2.grade, r2.rating) == (D("31.36"), "不合格", "")
    assert "按目标责任书" in _line(r2, "B2")["note"]
    assert (r3.score, r3.grade) == (D("17.50"), "不合格")
    assert {r.score for pk, r in results.items() if pk not in (v1.pk, v2.pk, v3.pk)} == {D("20.00")}
    # each score drills down to its records
    meetings = {f"meetings.meeting:{pk}" for pk in v1_meetings(v1)}
    assert set(_line(r1, "A1")["records"]) == meetings and len(meetings) == 6
    assert len(_line(r1, "D1")["records"]) == 4 and all(
        x.startswith("ledgers.ledgeritem:") for x in _line(r1, "D1")["records"]
    )
    assert _line(r1, "B2")["records"] == [f"development.file:{t['file'].pk}"]
    assert len(_line(r2, "C2")["records"]) == 2
    assert _line(r1, "E1")["records"][0].startswith("evaluations.round:")
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("assessments:result", args=[r1.pk])).content.decode()
    assert "95.50" in page and page.count("/meetings/") >= 6
    # refusals, nothing written
    with pytest.raises(DomainError, match="不能重复计分"):
        actions.compute(officer, rnd)
    assert Result.objects.filter(round=rnd).count() == 14
    with pytest.raises(DomainError, match="已冻结"):
        actions.save_scheme(officer, Scheme.objects.get(pk=scheme.pk), name="改", mode="points", tree=scheme.tree,
                            outcomes=scheme.outcomes)  # fmt: skip
    assert Scheme.objects.get(pk=scheme.pk).name == "五个好村党支部考评"
    before = ReviewScore.objects.count()
    with pytest.raises(DomainError, match="已计分"):
        actions.record_review(officer, rnd, subject_ref=f"organizations.organization:{v1.pk}", indicator="A2",
                              points=D(1))  # fmt: skip
    assert ReviewScore.objects.count() == before
    assert queries.score_of(v1, Y, "wugehao") is None  # not final yet
    # 公示, then final
    actions.publish(officer, rnd, days=5)
    notice = Notice.objects.get(subject_ref=f"assessments.round:{rnd.pk}")
    assert "南一村党支部：95.50分，优秀，五个好村党支部" in notice.text
    board = Client().get(reverse("assessments:board", args=[south.pk])).content.decode()
    assert "南一村党支部" in board and "95.50" in board and "公示中" in board and "党员1" not in board
    village_board = Client().get(reverse("openness:board", args=[v1.pk])).content.decode()  # the village's own board
    assert "考核结果" in village_board and "南一村党支部：95.50分，优秀，五个好村党支部" in village_board
    with pytest.raises(DomainError, match="公示"):
        actions.finalize(officer, rnd)
    actions.finalize(officer, rnd, today=notice.ends_on + dt.timedelta(days=1))
    assert Round.objects.get(pk=rnd.pk).state == "final"
    assert queries.score_of(v1, Y, "wugehao") == (D("95.50"), f"assessments.result:{r1.pk}")
    history = queries.history(v1)
    assert [row.result.score for row in history] == [D("95.50")] and history[0].last_year is None


def v1_meetings(org: Organization) -> list[int]:
    from jiceng.meetings.models import Meeting

    return list(Meeting.objects.filter(organization=org).values_list("pk", flat=True))


@pytest.mark.parametrize("with_township", [False, True], ids=["villages", "villages and their township"])
def test_each_metric_computed_for_many_equals_one_by_one(township: dict[str, Any], with_township: bool) -> None:
    """A county round computes each metric over all its subjects at once (`compute_many`): the
    figures and their records are those of the metric computed for each subject alone."""
    from jiceng.core.registry import metrics

    orgs = township["villages"][:4] + ([township["south"]] if with_township else [])
    start, end = dt.date(Y, 1, 1), dt.date(Y, 12, 31)
    batched = [m for m in metrics("organization") if m.compute_many is not None]
    assert len(batched) == 19
    for m in batched:
        alone = {o.pk: m.compute(o, start, end) for o in orgs}
        assert m.values(orgs, start, end) == alone, m.key
    dues = next(m for m in batched if m.key == "dues.on_time")
    assert [dues.compute(o, start, end).value for o in orgs[:2]] == [100.0, None]

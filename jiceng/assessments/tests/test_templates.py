"""The other mechanisms with exact values: duty quotas counted from the records with one hand
entry (三帮四定五联), 升级晋档 across two years, the 住村干部 scheme reading the 例会 figures of the
cadre's village, 目标责任书 progress, 台账日记法, and the editor's refusals (nothing written)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import timezone

from jiceng.accounts.models import Role, User
from jiceng.assessments import actions, queries, scoring
from jiceng.assessments.models import DiaryEntry, Evidence, Result, Scheme
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.development import actions as dev_actions
from jiceng.development.models import File
from jiceng.development.tests.factories import applicant
from jiceng.households import actions as household_actions
from jiceng.households.rules import VisitKind
from jiceng.ledgers import actions as ledger_actions
from jiceng.meetings import actions as meeting_actions
from jiceng.meetings.rules import Kind
from jiceng.meetings.tests.factories import at, cadre
from jiceng.people.rules import CommitteeTitle, PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

Y = timezone.localdate().year - 1


def day(month: int, d: int = 10, year: int = Y) -> dt.date:
    return dt.date(year, month, d)


def _lesson(org: Any, leader: str, on: dt.date) -> None:
    meeting = meeting_actions.schedule_meeting(SYSTEM, organization=org, kind=Kind.LESSON, theme="学习党章",
                                               starts_at=at(on), leader=leader)  # fmt: skip
    meeting_actions.hold_meeting(SYSTEM, meeting, now=at(on, 18))


def test_sanbang_sidings_wulian_counted_from_the_records_with_one_hand_entry(tree: Any) -> None:
    cadre(tree.east, "孙委员", PartyTitle.MEMBER)  # 乡镇党委委员
    secretary = cadre(tree.east1, "王书记")
    committee = cadre(tree.east1, "陈委员", PartyTitle.MEMBER)
    _lesson(tree.east1, "王书记", day(4))  # 五联: the secretary's 党课
    file = dev_actions.open_file(SYSTEM, applicant(tree.east1), day(1, 5))
    file.introducers.add(committee)  # 五联: the committee member introduces a member admitted this year
    File.objects.filter(pk=file.pk).update(admitted_on=day(7, 1))
    second = dev_actions.open_file(SYSTEM, applicant(tree.east1, "赵申请"), day(1, 5))
    dev_actions.move(SYSTEM, second, "talked", on=day(1, 20), today=day(1, 20), note="谈话")
    dev_actions.move(SYSTEM, second, "activist", on=day(6, 1), today=day(6, 1), contacts=[secretary.pk])  # 培养联系人
    scheme = actions.copy_quota(SYSTEM, tree.east, "sanbang")
    actions.add_evidence(SYSTEM, scheme, item="B1", person=secretary, on=day(5, 3), amount=3,
                         description="联系县劳务公司，帮助3名剩余劳动力外出务工")  # fmt: skip
    rows = {r.person.name: {c.item["code"]: c.done for c in r.cells} for r in queries.quota_progress(scheme, Y)}
    cadres_items = {"B1": 0, "B2": 0, "B3": 0, "L2": 0, "L4": 0, "L5": 0}
    assert rows == {
        "孙委员": {**cadres_items, "D1": 0, "D2": 0, "D3": 0, "D4": 0},
        "王书记": {**cadres_items, "B1": 3, "L1": 1, "L2": 1},
        "陈委员": {**cadres_items, "L3": 1},
    }
    progress = {r.person.name: r for r in queries.quota_progress(scheme, Y)}
    lesson = next(c for c in progress["王书记"].cells if c.item["code"] == "L1")
    assert lesson.met and lesson.records[0].startswith("meetings.meeting:")
    labour = next(c for c in progress["王书记"].cells if c.item["code"] == "B1")
    assert not labour.met and labour.records == [f"assessments.evidence:{Evidence.objects.get().pk}"]
    # the figures read for everyone at once (compute_many) are those read one person at a time
    from jiceng.core.registry import metrics

    people = [r.person for r in progress.values()]
    batched = [m for m in metrics("person") if m.compute_many is not None]
    assert sorted(m.key for m in batched) == ["development.cultivated", "development.introduced",
                                              "meetings.lessons_led"]  # fmt: skip
    for m in batched:
        assert m.values(people, day(1, 1), day(12, 31)) == {p.pk: m.compute(p, day(1, 1), day(12, 31))
                                                            for p in people}, m.key  # fmt: skip
    assert [m.values(people, day(1, 1), day(12, 31))[secretary.pk].value for m in batched] == [1, 0, 1]
    with pytest.raises(DomainError, match="自动计数"):
        actions.add_evidence(SYSTEM, scheme, item="L1", person=secretary, on=day(5, 3), amount=1, description="党课")
    with pytest.raises(DomainError, match="晚于今天"):
        actions.add_evidence(SYSTEM, scheme, item="B2", person=secretary, on=timezone.localdate() + dt.timedelta(days=1), amount=1,
                             description="帮扶")  # fmt: skip
    assert Evidence.objects.count() == 1


def _review_only(scheme: Scheme) -> Scheme:
    tree = [{"code": "Z", "name": "综合评价", "points": 100, "indicators": [
        {"code": "Z1", "name": "综合评价", "points": 100, "method": "review", "rubric": "乡党委综合评价"}]}]  # fmt: skip
    return actions.save_scheme(SYSTEM, scheme, name=scheme.name, mode="points", tree=tree, outcomes=scheme.outcomes)


def _year_round(scheme: Scheme, tree: Any, year: int, scores: dict[Any, int], officer: User) -> Any:
    past = timezone.localdate() - dt.timedelta(days=60 if year < Y else 30)
    rnd = actions.open_round(SYSTEM, scheme, organization=tree.east, year=year, today=past)
    for org, points in scores.items():
        actions.record_review(officer, rnd, subject_ref=f"organizations.organization:{org.pk}", indicator="Z1",
                              points=D(points))  # fmt: skip
    actions.compute(SYSTEM, rnd, today=past)
    actions.publish(SYSTEM, rnd, days=5, today=past)
    actions.finalize(SYSTEM, rnd, today=past + dt.timedelta(days=20))
    return rnd


def test_shengji_classes_move_up_and_down_from_last_years_result(tree: Any, personas: dict[str, Any]) -> None:
    scheme = _review_only(actions.copy_template(SYSTEM, tree.east, "shengji"))
    officer = personas["township_officer"]
    first = _year_round(scheme, tree, Y - 1, {tree.east1: 95, tree.east2: 50}, officer)
    assert sorted(Result.objects.filter(round=first).values_list("name", "level", "move")) == [
        ("东一村党支部", "一类村", "定档"), ("东二村党支部", "三类村", "定档")]  # fmt: skip
    scheme = actions.new_version(SYSTEM, Scheme.objects.get(pk=scheme.pk))  # the first is frozen
    second = _year_round(scheme, tree, Y, {tree.east1: 70, tree.east2: 95}, officer)
    results = list(Result.objects.filter(round=second))
    assert sorted((r.name, r.level, r.move) for r in results) == [
        ("东一村党支部", "二类村", "降档"), ("东二村党支部", "二类村", "升档")]  # fmt: skip
    goal = scoring.goal_of(scheme, results)
    assert goal == {"class": "二类村", "share": D("100.00"), "wanted": 30, "reached": True}
    # history with last year's score, on the result page too
    rows = queries.history(tree.east1)
    assert [(r.result.score, r.last_year and r.last_year.score) for r in rows] == [(D("70.00"), D("95.00")),
                                                                                  (D("95.00"), None)]  # fmt: skip
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(personas["village_secretary"])
    page = client.get(reverse("assessments:result", args=[rows[0].result.pk])).content.decode()
    assert "历次考核" in page and "95.00" in page and "降档" in page


def test_resident_cadre_scored_on_the_regular_meetings_of_the_village(tree: Any, personas: dict[str, Any]) -> None:
    officer = personas["township_officer"]
    staff = make_person(tree.east, "周干部")  # a township cadre resident in 东一村
    user = User.objects.create_user(username="zhou", password="x", organization=tree.east, role=Role.TOWNSHIP_OFFICER,
                                    person=staff)  # fmt: skip
    ledger_actions.assign_liaison(SYSTEM, user=user, organization=tree.east1, start_on=day(1, 1), quota_count=1,
                                  quota_period="month")  # fmt: skip
    for month in (1, 2, 3):
        household_actions.record_visit(user, organization=tree.east1, kind=VisitKind.HARDSHIP, visited_on=day(month, 8),
                                       visitee="困难户")  # fmt: skip
    secretary = cadre(tree.east1, "王书记")
    director = cadre(tree.east1, "李主任", CommitteeTitle.DIRECTOR, PostBody.VILLAGE_COMMITTEE)
    cadre(tree.east2, "赵书记")
    meetings = []
    for month, came in ((3, (secretary, director)), (6, (secretary,))):  # 4 invited, 3 came
        meeting = meeting_actions.schedule_meeting(SYSTEM, organization=tree.east, kind=Kind.REGULAR, theme="例会",
                                                   starts_at=at(day(month)))  # fmt: skip
        rows = {a.person_id: a.pk for a in meeting.attendances.all()}
        meeting_actions.record_attendance(
            SYSTEM, meeting, {rows[p.pk]: "present" for p in came}, now=at(day(month), 18)
        )
        meeting_actions.save_report(
            SYSTEM, meeting, tree.east1, "上月工作汇报", reporter="王书记", quality=4 if month == 3 else 3
        )
        meeting_actions.hold_meeting(SYSTEM, meeting, now=at(day(month), 18))
        meetings.append(meeting)
    scheme = actions.copy_template(SYSTEM, tree.east, "zhucun")
    rnd = actions.open_round(SYSTEM, scheme, organization=tree.east, year=Y)
    subjects = scoring.subjects_of(scheme, tree.east, rnd.ends_on)
    assert "周干部" in [s.name for s in subjects]
    for s in subjects:
        actions.record_review(officer, rnd, subject_ref=s.ref, indicator="S2", points=D(7))
    actions.compute(SYSTEM, rnd)
    result = Result.objects.get(round=rnd, person=staff)
    lines = {line["code"]: line for line in result.lines}
    # V1: quota months met 3 of 12 = 25 % → below 60 → 0; V2: 3 visits < 24 → 0
    assert (lines["V1"]["value"], lines["V1"]["points"], lines["V2"]["value"], lines["V2"]["points"]) == (
        25.0, "0.00", 3, "0.00")  # fmt: skip
    # R1: 东一村's cadres at 例会: 3 of 4 = 75 % → linear 80→100 → 0; R2: 2 reports < 4 → 0; R3: (4+3)/2 = 3.5 → 2→4 → 7.5
    assert (lines["R1"]["value"], lines["R2"]["value"], lines["R3"]["value"]) == (75.0, 2.0, 3.5)
    assert (lines["R1"]["points"], lines["R2"]["points"], lines["R3"]["points"]) == ("0.00", "0.00", "7.50")
    assert {f"meetings.meeting:{m.pk}" for m in meetings} <= set(lines["R1"]["records"])
    assert f"organizations.organization:{tree.east1.pk}" in lines["R1"]["records"]
    assert "东一村党支部" in lines["R1"]["note"]
    assert result.score == D("14.50")  # R3 7.5 + S2 7 (S1: no items → 0)


def test_target_letter_progress_from_the_records(tree: Any) -> None:
    scheme = actions.copy_template(SYSTEM, tree.east, "wugehao")
    letter = actions.sign_target(SYSTEM, scheme, organization=tree.east1, year=Y, signed_on=day(3, 15),
                                 signed_by="东镇党委、东一村党支部", targets={"B2": 2, "C2": 1})  # fmt: skip
    file = dev_actions.open_file(SYSTEM, applicant(tree.east1), day(1, 5))
    File.objects.filter(pk=file.pk).update(admitted_on=day(7, 1))
    as_of, rows = queries.progress(letter, today=timezone.localdate())
    assert as_of == dt.date(Y, 12, 31)
    assert [(p.code, p.target, p.value, p.met) for p in rows] == [("B2", D(2), 1, False), ("C2", D(1), 0, True)]
    assert rows[0].records == [f"development.file:{file.pk}"]
    with pytest.raises(DomainError, match="已签订"):
        actions.sign_target(SYSTEM, scheme, organization=tree.east1, year=Y, signed_on=day(3, 15), signed_by="x",
                            targets={"B2": 1})  # fmt: skip
    with pytest.raises(DomainError, match="按业务数据计分"):
        actions.sign_target(SYSTEM, scheme, organization=tree.east2, year=Y, signed_on=day(3, 15), signed_by="x",
                            targets={"A2": 1})  # fmt: skip


def test_diary_entries_score_within_the_indicators_range(tree: Any, personas: dict[str, Any]) -> None:
    scheme = actions.copy_template(SYSTEM, tree.east, "mubiao")
    ref = f"organizations.organization:{tree.east1.pk}"
    for on, text, points in ((day(4), "引进苹果深加工项目", 6), (day(6), "特色产业示范基地建成", 6),
                             (day(9), "项目资料上报迟缓", -3)):  # fmt: skip
        actions.add_diary(SYSTEM, scheme, subject_ref=ref, indicator="D1", on=on, description=text, points=D(points))
    with pytest.raises(DomainError, match="-10至10之间"):
        actions.add_diary(SYSTEM, scheme, subject_ref=ref, indicator="D1", on=day(9), description="x", points=D(11))
    with pytest.raises(DomainError, match="台账日记法"):
        actions.add_diary(SYSTEM, scheme, subject_ref=ref, indicator="W3", on=day(9), description="x", points=D(1))
    assert DiaryEntry.objects.count() == 3
    rnd = actions.open_round(SYSTEM, scheme, organization=tree.east, year=Y)
    for org in (tree.east1, tree.east2):
        actions.record_review(personas["township_officer"], rnd, subject_ref=f"organizations.organization:{org.pk}",
                              indicator="W3", points=D(6))  # fmt: skip
    actions.compute(SYSTEM, rnd)
    line = next(x for x in Result.objects.get(round=rnd, organization=tree.east1).lines if x["code"] == "D1")
    assert (line["points"], line["value"], len(line["records"])) == ("9.00", 9.0, 3)


def test_the_editor_refuses_and_writes_nothing(tree: Any) -> None:
    scheme = actions.copy_template(SYSTEM, tree.east, "wuhaobei")
    tree_data = scheme.tree
    bad_metric = [dict(c) for c in tree_data]
    bad_metric[0] = {**bad_metric[0], "indicators": [{**bad_metric[0]["indicators"][0], "metric": "accounts.login_days"},
                                                     *bad_metric[0]["indicators"][1:]]}  # fmt: skip
    checkin = [dict(c) for c in tree_data]
    checkin[0] = {**checkin[0], "indicators": [{**checkin[0]["indicators"][0], "name": "每日签到"},
                                               *checkin[0]["indicators"][1:]]}  # fmt: skip
    weights = [dict(c) for c in tree_data]
    weights[0] = {**weights[0], "weight": 30}
    for data, message in ((bad_metric, "未登记"), (checkin, "签到"), (weights, "合计应为100，现为110")):
        with pytest.raises(DomainError, match=message):
            actions.save_scheme(SYSTEM, scheme, name="改过的", mode="weights", tree=data, outcomes=scheme.outcomes)
    fresh = Scheme.objects.get(pk=scheme.pk)
    assert (fresh.name, fresh.tree) == ("“五好杯”争先创优考评", tree_data)

"""Actions: publishing, objections from the public (bounds, rate), handling, decision, withdrawal,
the county's default period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from jiceng.core.engine import StaleState
from jiceng.core.errors import AccessDenied, DomainError, IllegalTransition
from jiceng.core.models import AuditEvent, CaseEvent
from jiceng.notices import actions, queries
from jiceng.notices.models import Notice, NoticeSettings, Objection, ObjectionSender
from jiceng.notices.rules import Decision, Outcome
from jiceng.notices.tests.factories import END, START, FakeSubject, at, object_to, publish, upheld

pytestmark = pytest.mark.django_db
D = dt.date
AFTER = D(2026, 10, 13)


def counts() -> tuple[int, int, int, int, int]:
    return (Notice.objects.count(), Objection.objects.count(), ObjectionSender.objects.count(),
            AuditEvent.objects.count(), CaseEvent.objects.count())  # fmt: skip


# ---------------------------------------------------------------- publishing


def test_publish_over_national_day_on_the_village_board(tree: Any, personas: dict[str, Any]) -> None:
    notice = publish(tree.east1, personas["village_secretary"])
    assert (notice.starts_on, notice.ends_on, notice.days) == (START, END, 5)
    assert notice.shown_on == tree.east1 and notice.subject_ref == "elsewhere.record:7" and notice.sequence == 1
    assert notice.published_by_name == "east1_secretary"
    event = AuditEvent.objects.get(object_type="notices.notice")
    assert event.action == "create" and event.org_id == tree.east1.pk and event.changes["ends_on"] == "2026-10-12"
    assert list(queries.on_board(tree.east1, START)) == [notice]


def test_a_party_group_publishes_on_its_branch_board_and_a_township_on_its_own(tree: Any) -> None:
    assert publish(tree.group).shown_on == tree.east1
    notice = publish(tree.east1, board="township", subject=FakeSubject(8))
    assert notice.shown_on == tree.east and notice.get_board_display() == "乡镇公开栏"
    assert publish(tree.east, board="county", subject=FakeSubject(9)).shown_on == tree.county


def test_a_township_has_no_village_board(tree: Any) -> None:
    with pytest.raises(DomainError) as exc:
        publish(tree.east)
    assert exc.value.message == "“东镇党委”没有所属的村公开栏，请选择其他公示位置"


def test_the_county_setting_gives_the_default_period_and_hotline(tree: Any, personas: dict[str, Any]) -> None:
    actions.save_settings(personas["county_officer"], days=7, hotline="0751-2345678")
    notice = publish(tree.east1)
    assert (notice.days, notice.ends_on, notice.hotline) == (7, D(2026, 10, 14), "0751-2345678")
    assert publish(tree.east1, subject=FakeSubject(8), days=3).ends_on == D(2026, 10, 9)


def test_published_on_a_saturday_it_starts_on_monday(tree: Any) -> None:
    notice = publish(tree.east1, starts_on=None, today=D(2026, 12, 5))
    assert (notice.starts_on, notice.ends_on) == (D(2026, 12, 7), D(2026, 12, 11))


@pytest.mark.parametrize(("extra", "message"), [
    ({"days": 0}, "公示期不能少于1个工作日"),
    ({"text": "张三 身份证 11010519491231002X"}, "公示内容中不能包含身份证号、电话号码等个人信息，请删除：身份证号“110****02X”"),
    ({"title": "联系13812345678"}, "公示标题中不能包含身份证号、电话号码等个人信息，请删除：手机号码“138****678”"),
    ({"text": "  "}, "请填写公示内容"),
    ({"title": "题" * 101}, "公示标题不能超过100个字"),
    ({"starts_on": D(2026, 10, 3)}, "2026-10-03不是工作日，公示应从工作日开始（最近的工作日为2026-10-08）"),
    ({"hotline": "13812345678"}, "受理电话请填写单位固定电话或12380等公共服务号码，不要填写个人手机号码"),
    ({"subject": "people.person:99"}, "公示事项“people.person:99”所指的记录不存在"),
    ({"subject": "nothing.here:1"}, "公示事项“nothing.here:1”所指的记录类型不存在"),
    ({"subject": "people.person"}, "公示事项“people.person”的格式不正确（应为“应用.模型:编号”）"),
    ({"step": ""}, "请注明公示所属的环节"),
])  # fmt: skip
def test_bad_publications_are_refused_and_nothing_is_written(tree: Any, extra: dict[str, Any], message: str) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        publish(tree.east1, **extra)
    assert exc.value.message == message
    assert counts() == before


def test_a_ref_string_naming_a_record_is_a_subject(tree: Any) -> None:
    notice = publish(tree.east1, subject=f"organizations.organization:{tree.east1.pk}")
    assert list(queries.of_subject(tree.east1)) == [notice]


def test_members_and_other_townships_cannot_publish(tree: Any, personas: dict[str, Any]) -> None:
    for persona in ("member", "other_township_officer"):
        with pytest.raises(AccessDenied):
            publish(tree.east1, personas[persona])
    assert Notice.objects.count() == 0


def test_no_second_notice_while_the_first_runs_or_waits_for_its_objections(tree: Any) -> None:
    first = publish(tree.east1)
    with pytest.raises(DomainError) as exc:
        publish(tree.east1, starts_on=D(2026, 10, 8), today=D(2026, 10, 8))
    assert exc.value.message == "该事项的公示正在进行（2026-09-30至2026-10-12），不能重复发布"
    object_to(first)
    with pytest.raises(DomainError) as exc:
        publish(tree.east1, starts_on=AFTER, today=AFTER)
    assert exc.value.message == "上一次公示收到的异议尚未处理完毕，不能重新发布"


def test_after_a_withdrawal_the_step_is_published_again_as_round_two(tree: Any, personas: dict[str, Any]) -> None:
    first = publish(tree.east1)
    actions.withdraw_notice(personas["township_officer"], first, "姓名有误", today=START)
    second = publish(tree.east1, starts_on=D(2026, 10, 8), today=D(2026, 10, 8))
    assert second.sequence == 2
    assert queries.current(FakeSubject(), "notice") == second


def test_a_concurrent_publication_of_the_same_round_is_refused(tree: Any, monkeypatch: Any) -> None:
    publish(tree.east1)
    monkeypatch.setattr(actions, "_no_running", lambda ref, step, today: 1)  # both saw no running notice
    with pytest.raises(DomainError) as exc:
        publish(tree.east1)
    assert exc.value.message == "该事项同一环节的公示刚刚已由他人发布，请刷新后查看"
    assert Notice.objects.count() == 1


# ---------------------------------------------------------------- objections from the public


def test_an_objection_is_received_with_a_receipt_and_its_start_event(tree: Any) -> None:
    notice = publish(tree.east1)
    receipt = object_to(notice, name="王五", contact="13912345678")
    objection = receipt.objection
    assert (objection.state, objection.state_on, objection.received_on) == ("received", START, START)
    assert objection.flow is not None and objection.flow.code == "notices.objection"
    assert [(e.kind, e.label, e.actor_name) for e in objection.events()] == [("start", "群众提出异议", "系统")]
    assert queries.by_receipt(receipt.code) == objection
    assert queries.by_receipt(receipt.code.lower().replace("-", " ")) == objection
    assert queries.by_receipt("AAAAA-AAAAA") is None
    audit = AuditEvent.objects.get(object_type="notices.objection")
    assert audit.changes == {"公示": "发展对象公示", "渠道": "通过公示页面提交"} and "王五" not in audit.object_repr


def test_the_address_is_stored_only_as_a_keyed_hash(tree: Any) -> None:
    object_to(publish(tree.east1), address="203.0.113.77")
    sender = ObjectionSender.objects.get()
    assert sender.key == actions.sender_key("203.0.113.77") and len(sender.key) == 64
    assert sender.recent == [at(START).isoformat()]
    with connection.cursor() as cursor:  # nowhere in the tables of this app
        for table in ("notices_objection", "notices_objectionsender", "core_auditevent", "core_caseevent"):
            cursor.execute(f"SELECT * FROM {table}")
            assert "203.0.113.77" not in repr(cursor.fetchall())


def test_an_objection_over_2000_characters_is_refused_and_nothing_written(tree: Any) -> None:
    notice = publish(tree.east1)
    before = counts()
    with pytest.raises(DomainError) as exc:
        object_to(notice, "意" * 2001)
    assert exc.value.message == "异议内容不能超过2000字（现有2001字），请精简后再提交"
    assert counts() == before
    assert object_to(notice, "意" * 2000).objection.text == "意" * 2000


def test_the_sixth_from_one_address_within_an_hour_is_refused_and_nothing_written(tree: Any) -> None:
    notice = publish(tree.east1)
    for minute in range(5):
        object_to(notice, f"第{minute + 1}条", minute=minute * 10)
    before, recent = counts(), ObjectionSender.objects.get().recent
    with pytest.raises(DomainError) as exc:
        object_to(notice, "第6条", minute=50)
    assert exc.value.message == "同一网络地址一小时内最多提交5条异议，请约10分钟后再试"
    assert counts() == before and ObjectionSender.objects.get().recent == recent
    object_to(notice, "另一个地址", minute=50, address="10.0.0.2")  # another address is not limited
    object_to(notice, "一小时后", day=START, minute=60)  # 11:00: the first (10:00) left the window
    assert Objection.objects.count() == 7


def test_stale_rate_rows_are_deleted_by_the_next_submission(tree: Any) -> None:
    notice = publish(tree.east1)
    object_to(notice, address="10.0.0.1")
    object_to(notice, address="10.0.0.2", day=D(2026, 10, 8))
    assert list(ObjectionSender.objects.values_list("key", flat=True)) == [actions.sender_key("10.0.0.2")]


def test_objections_outside_the_period_or_to_a_withdrawn_notice_are_refused(tree: Any, personas: dict) -> None:
    notice = publish(tree.east1)
    with pytest.raises(DomainError, match="公示期已于2026-10-12结束"):
        object_to(notice, day=AFTER)
    actions.withdraw_notice(personas["township_officer"], notice, "内容有误", today=START)
    with pytest.raises(DomainError, match="该公示已撤回"):
        object_to(notice)
    assert Objection.objects.count() == 0


# ---------------------------------------------------------------- handling


def handle(officer: Any, objection: Objection, target: str, day: dt.date, **extra: Any) -> Objection:
    return actions.move_objection(officer, objection, target, on=day, today=AFTER, **extra)


def test_received_investigated_dismissed_with_the_answer_and_its_date(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    objection = object_to(publish(tree.east1)).objection
    handle(officer, objection, "investigating", D(2026, 10, 8))
    handle(officer, objection, "dismissed", D(2026, 10, 9), answer="经核实，该同志按时参加了组织生活。")
    stored = Objection.objects.get(pk=objection.pk)
    assert (stored.state, stored.answered_on, stored.handler, stored.handler_name) == (
        "dismissed",
        D(2026, 10, 9),
        officer,
        "east_officer",
    )
    assert stored.answer == "经核实，该同志按时参加了组织生活。"
    assert [(e.label, e.on, e.to_state) for e in stored.events()] == [
        ("群众提出异议", START, "received"), ("开始核实", D(2026, 10, 8), "investigating"),
        ("异议不成立", D(2026, 10, 9), "dismissed")]  # fmt: skip
    assert AuditEvent.objects.filter(object_type="notices.objection", action="update").count() == 2


def test_an_answer_is_required_and_the_order_is_kept(tree: Any, personas: dict) -> None:
    officer = personas["county_officer"]
    objection = object_to(publish(tree.east1)).objection
    with pytest.raises(IllegalTransition, match="当前状态为“已收到”，不能变更为“异议成立”"):
        handle(officer, objection, "upheld", D(2026, 10, 8), answer="属实")
    handle(officer, objection, "investigating", D(2026, 10, 8))
    with pytest.raises(DomainError) as exc:
        handle(officer, objection, "upheld", D(2026, 10, 8))
    assert exc.value.message == "“异议成立”需要填写：答复意见"
    with pytest.raises(DomainError, match="日期不能早于上一环节的日期（2026-10-08）"):
        handle(officer, objection, "upheld", D(2026, 10, 7), answer="属实")
    assert Objection.objects.get(pk=objection.pk).state == "investigating"


def test_only_officers_of_the_subtree_handle_objections(tree: Any, personas: dict) -> None:
    objection = object_to(publish(tree.east1)).objection
    for persona in ("village_secretary", "member", "other_township_officer"):
        with pytest.raises(AccessDenied):
            handle(personas[persona], objection, "investigating", D(2026, 10, 8))
    assert Objection.objects.get(pk=objection.pk).state == "received"


def test_a_stale_page_changes_nothing(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    objection = object_to(publish(tree.east1)).objection
    stale = Objection.objects.get(pk=objection.pk)
    handle(officer, objection, "investigating", D(2026, 10, 8))
    with pytest.raises(StaleState):
        handle(officer, stale, "investigating", D(2026, 10, 8))
    assert Objection.objects.get(pk=objection.pk).events().count() == 2


def test_reopening_clears_the_answer_until_a_decision_is_taken(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    objection = object_to(publish(tree.east1)).objection
    handle(officer, objection, "investigating", D(2026, 10, 8))
    handle(officer, objection, "upheld", D(2026, 10, 9), answer="属实")
    with pytest.raises(DomainError, match="需要填写：重新核实的原因"):
        handle(officer, objection, "investigating", D(2026, 10, 9))
    handle(officer, objection, "investigating", D(2026, 10, 9), note="补充材料")
    assert (objection.answer, objection.answered_on) == ("", None)
    handle(officer, objection, "upheld", D(2026, 10, 9), answer="属实")
    actions.decide_notice(officer, objection.notice, Decision.CONTINUE, "已更正公示中的日期", on=AFTER, today=AFTER)
    with pytest.raises(DomainError) as exc:
        handle(officer, Objection.objects.get(pk=objection.pk), "investigating", AFTER, note="再看看")
    assert exc.value.message == "该公示已作出处理决定，异议不能重新核实"


# ---------------------------------------------------------------- decision and withdrawal


def upheld_notice(tree: Any, officer: Any) -> Notice:
    return upheld(publish(tree.east1), officer, D(2026, 10, 9))


def test_a_decision_needs_an_upheld_objection_after_the_period(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    notice = upheld_notice(tree, officer)
    with pytest.raises(DomainError, match="当前：公示中"):
        actions.decide_notice(officer, notice, Decision.STOP, "不符合条件", today=END)
    with pytest.raises(DomainError, match="请填写决定的理由"):
        actions.decide_notice(officer, notice, Decision.STOP, " ", today=AFTER)
    with pytest.raises(DomainError, match=r"决定日期应在2026-10-09（异议答复日期）与今天之间"):
        actions.decide_notice(officer, notice, Decision.STOP, "不符合条件", on=D(2026, 10, 8), today=AFTER)
    actions.decide_notice(officer, notice, Decision.STOP, "不符合条件", today=AFTER)
    stored = Notice.objects.get(pk=notice.pk)
    assert (stored.decision, stored.decided_on, stored.outcome(AFTER)) == ("stop", AFTER, Outcome.STOPPED)
    with pytest.raises(DomainError, match="当前：异议成立，终止"):
        actions.decide_notice(officer, stored, Decision.CONTINUE, "改变主意", today=AFTER)


def test_a_concurrent_second_decision_is_refused(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    notice = upheld_notice(tree, officer)
    stale = Notice.objects.get(pk=notice.pk)
    actions.decide_notice(officer, notice, Decision.CONTINUE, "不影响", today=AFTER)
    with pytest.raises(DomainError, match="已由他人作出处理决定"):
        actions.decide_notice(officer, stale, Decision.STOP, "终止", today=AFTER)
    assert Notice.objects.get(pk=notice.pk).decision == "continue"


def test_the_village_secretary_cannot_decide(tree: Any, personas: dict) -> None:
    notice = upheld_notice(tree, personas["township_officer"])
    with pytest.raises(AccessDenied):
        actions.decide_notice(personas["village_secretary"], notice, Decision.CONTINUE, "不影响", today=AFTER)


def test_a_notice_with_an_open_or_upheld_objection_cannot_be_withdrawn(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    notice = publish(tree.east1)
    objection = object_to(notice).objection
    with pytest.raises(DomainError) as exc:
        actions.withdraw_notice(personas["village_secretary"], notice, "有误", today=START)
    assert exc.value.message == "该公示有未处理或已成立的异议，不能撤回；请先处理异议"
    handle(officer, objection, "investigating", D(2026, 10, 8))
    handle(officer, objection, "dismissed", D(2026, 10, 8), answer="不属实")
    with pytest.raises(DomainError, match="请填写撤回原因"):
        actions.withdraw_notice(officer, notice, "", today=D(2026, 10, 8))
    actions.withdraw_notice(personas["village_secretary"], notice, "候选人自愿退出", today=D(2026, 10, 8))
    assert Notice.objects.get(pk=notice.pk).withdrawn_on == D(2026, 10, 8)
    assert list(queries.on_board(tree.east1, D(2026, 10, 8))) == []


def test_an_ended_notice_cannot_be_withdrawn(tree: Any, personas: dict) -> None:
    notice = publish(tree.east1)
    with pytest.raises(DomainError, match="公示期已结束，不能撤回"):
        actions.withdraw_notice(personas["township_officer"], notice, "有误", today=AFTER)


# ---------------------------------------------------------------- settings and links


def test_county_settings_are_saved_once_and_audited(tree: Any, personas: dict) -> None:
    county = personas["county_officer"]
    actions.save_settings(county, days=7, hotline="")
    actions.save_settings(county, days=7, hotline="")
    actions.save_settings(county, days=6, hotline="12380")
    row = NoticeSettings.objects.get()
    assert (row.organization, row.days, row.hotline) == (tree.county, 6, "12380")
    changes = list(AuditEvent.objects.filter(object_type="notices.noticesettings").order_by("id")
                   .values_list("action", "changes"))  # fmt: skip
    assert changes == [("create", {"days": [None, 7], "hotline": [None, ""]}),
                       ("update", {"days": [7, 6], "hotline": ["", "12380"]})]  # fmt: skip
    assert queries.default_days(tree.group) == 6 and queries.default_days(tree.county) == 6


def test_only_county_officers_set_the_period(tree: Any, personas: dict) -> None:
    with pytest.raises(AccessDenied):
        actions.save_settings(personas["township_officer"], days=7)
    with pytest.raises(DomainError, match="公示期不能少于1个工作日"):
        actions.save_settings(personas["county_officer"], days=0)
    assert NoticeSettings.objects.count() == 0


# ---------------------------------------------------------------- objections received on paper, by phone, in person


def test_an_officer_records_a_written_objection_and_it_holds_the_step(tree: Any, personas: dict) -> None:
    officer = personas["township_officer"]
    notice = publish(tree.east1)
    receipt = actions.record_objection(officer, notice, text="书面反映：该同志不符合条件", channel="written",
                                       received_on=END, name="李四", today=AFTER)  # fmt: skip
    objection = Objection.objects.get()
    assert (objection.channel, objection.received_on, objection.name, objection.state) == ("written", END, "李四",
                                                                                          "received")  # fmt: skip
    assert queries.by_receipt(receipt.code) == objection
    assert [(e.label, e.on, e.actor_name, e.note) for e in objection.events()] == [
        ("群众提出异议", END, "east_officer", "书面反映，由east_officer登记")]  # fmt: skip
    assert queries.step_status(FakeSubject(), "notice", AFTER).reason.startswith("公示期间收到的异议尚有1件")
    assert ObjectionSender.objects.count() == 0  # no rate limit, no address


@pytest.mark.parametrize(("extra", "message"), [
    ({"received_on": AFTER}, "公示期已于2026-10-12结束，不再受理异议；如有问题请向所在乡镇党委反映"),
    ({"received_on": D(2026, 12, 31)}, "收到日期不能晚于今天"),
    ({"channel": "online"}, "请选择异议的渠道：书面、电话或当面"),
    ({"text": "意" * 2001}, "异议内容不能超过2000字（现有2001字），请精简后再提交"),
])  # fmt: skip
def test_bad_recorded_objections_are_refused(tree: Any, personas: dict, extra: dict[str, Any], message: str) -> None:
    notice = publish(tree.east1)
    data: dict[str, Any] = {"text": "电话反映", "channel": "phone", "received_on": END, "today": AFTER, **extra}
    with pytest.raises(DomainError) as exc:
        actions.record_objection(personas["township_officer"], notice, **data)
    assert exc.value.message == message
    assert Objection.objects.count() == 0


def test_only_officers_record_objections(tree: Any, personas: dict) -> None:
    notice = publish(tree.east1)
    with pytest.raises(AccessDenied):
        actions.record_objection(personas["village_secretary"], notice, text="当面反映", channel="in_person",
                                 received_on=END, today=AFTER)  # fmt: skip


def test_the_demo_has_a_running_notice_with_an_objection_and_an_ended_one(tree: Any) -> None:
    from jiceng.core.registry import demo_seeders
    from jiceng.notices.demo import seed_notices

    assert any(e.seeder is seed_notices for e in demo_seeders())
    today = D(2026, 10, 14)
    assert seed_notices(today, 1, lambda _: None) == 2
    running, ended = Notice.objects.order_by("-starts_on")
    assert (running.title, running.outcome(today), running.objections.count()) == ("十星级党员候选人公示",
                                                                                   Outcome.RUNNING, 1)  # fmt: skip
    assert (ended.outcome(today), ended.shown_on) == (Outcome.NO_OBJECTION, tree.east1)

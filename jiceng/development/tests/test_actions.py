"""Development actions: the main path from application to full member, and refusals that write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jiceng.core.errors import DomainError
from jiceng.core.models import CaseEvent
from jiceng.development import actions
from jiceng.development.models import File
from jiceng.people.models import CategoryChange
from jiceng.people.rules import Category

from .factories import ADMITTED, APPLIED, SYSTEM, D, applicant, full_members, open_file, walk

pytestmark = pytest.mark.django_db


def test_the_main_path_makes_a_full_member_with_every_date(tree: Any) -> None:
    file = walk(open_file(tree.east1), "full")
    person = file.person
    person.refresh_from_db()
    assert (person.category, person.joined_on, person.confirmed_on) == (Category.FULL, ADMITTED, D(2025, 7, 1))
    history = list(
        CategoryChange.objects.filter(person=person).exclude(category="resident").values_list("category", "since")
    )
    assert history == [
        ("applicant", APPLIED), ("activist", D(2023, 4, 10)), ("candidate", D(2024, 4, 10)),
        ("probationary", ADMITTED), ("full", D(2025, 7, 1)),
    ]  # fmt: skip
    assert (file.step, file.stage, file.admitted_on) == ("full", "full", ADMITTED)
    moves = list(file.events().filter(kind="move").values_list("to_state", flat=True))
    assert moves[:3] == ["talked", "activist", "candidate"] and moves[-1] == "full" and len(moves) == 19


def test_an_applicant_under_18_is_refused_and_nothing_is_written(tree: Any) -> None:
    person = applicant(tree.east1, birth=D(2005, 3, 2))
    with pytest.raises(DomainError, match=r"申请入党须年满18周岁（《中国共产党发展党员工作细则》第五条）"):
        actions.open_file(SYSTEM, person, D(2023, 3, 1))
    assert File.objects.count() == 0 and person.category_changes.count() == 1
    assert actions.open_file(SYSTEM, person, D(2023, 3, 2)).person.category == Category.APPLICANT


def test_a_step_out_of_order_is_refused_in_chinese(tree: Any) -> None:
    file = open_file(tree.east1)
    before = CaseEvent.objects.count()
    with pytest.raises(DomainError, match="当前状态为“递交入党申请书”，不能变更为“确定为发展对象”"):
        actions.move(SYSTEM, file, "candidate", on=D(2024, 4, 10), opinions="同意")
    assert CaseEvent.objects.count() == before
    file.refresh_from_db()
    assert file.step == "applied"


def test_candidate_after_eleven_months_is_refused(tree: Any) -> None:
    file = walk(open_file(tree.east1), "activist")
    with pytest.raises(DomainError, match=r"最早为2024-04-10（《中国共产党发展党员工作细则》第十三条）"):
        actions.move(SYSTEM, file, "candidate", on=D(2024, 4, 9), opinions="同意")
    file.refresh_from_db()
    assert (file.step, file.person.category) == ("activist", Category.ACTIVIST)


def test_an_introducer_who_is_not_a_full_member_is_refused(tree: Any) -> None:
    file = walk(open_file(tree.east1), "candidate")
    full = full_members(tree.east1, 1)[0]
    other = applicant(tree.east1, "王预备")
    with pytest.raises(DomainError, match=r"入党介绍人须为正式党员（《中国共产党发展党员工作细则》第十四条）"):
        actions.move(SYSTEM, file, "introduced", on=D(2024, 5, 6), introducers=[full.pk, other.pk])
    with pytest.raises(DomainError, match="发展对象应有2名入党介绍人"):
        actions.move(SYSTEM, file, "introduced", on=D(2024, 5, 6), introducers=[full.pk])
    assert file.introducers.count() == 0
    file.refresh_from_db()
    assert file.step == "candidate"


def test_training_short_of_three_days_and_24_hours_is_refused(tree: Any) -> None:
    file = walk(open_file(tree.east1), "vetted")
    with pytest.raises(DomainError, match="已填2天、23学时"):
        actions.move(SYSTEM, file, "trained", on=D(2024, 5, 20), training_days=2, training_hours=23)
    actions.move(SYSTEM, file, "trained", on=D(2024, 5, 20), training_hours=24)
    assert (file.step, file.training_hours) == ("trained", 24)


def test_training_is_read_from_the_training_records_when_not_typed(tree: Any) -> None:
    from decimal import Decimal

    from jiceng.training import actions as training_actions

    file = walk(open_file(tree.east1), "vetted")
    training_actions.create_session(SYSTEM, tree.east, title="发展对象培训班", kind="concentrated",
                                    starts_on=D(2024, 5, 13), ends_on=D(2024, 5, 14), unit="day", amount=Decimal(2),
                                    participants=[file.person_id], today=D(2024, 5, 20))  # fmt: skip
    with pytest.raises(DomainError, match="已填2天、16学时"):  # two days recorded: short of three
        actions.move(SYSTEM, file, "trained", on=D(2024, 5, 20))
    training_actions.create_session(SYSTEM, tree.east, title="集中轮训", kind="concentrated", starts_on=D(2024, 5, 15),
                                    ends_on=D(2024, 5, 15), unit="day", amount=Decimal(1),
                                    participants=[file.person_id], today=D(2024, 5, 20))  # fmt: skip
    actions.move(SYSTEM, file, "trained", on=D(2024, 5, 20))
    assert (file.step, file.training_days, file.training_hours) == ("trained", 3, 24)


def test_the_congress_step_needs_a_held_meeting_with_quorum(tree: Any) -> None:
    from .factories import congress, end_notice

    file = walk(open_file(tree.east1), "notice")
    actions.move(SYSTEM, file, "pledged", on=end_notice(file))
    actions.move(SYSTEM, file, "congress", on=end_notice(file))
    with pytest.raises(DomainError, match="“支部大会讨论接收”环节还没有关联会议记录"):
        actions.move(SYSTEM, file, "admitted", on=ADMITTED)
    actions.link_meeting(SYSTEM, file, congress(tree.east1, ADMITTED, present=2))  # 2 of 5 voting members
    with pytest.raises(DomainError, match="未超过应到 4 人的半数"):
        actions.move(SYSTEM, file, "admitted")
    file.refresh_from_db()
    assert (file.step, file.admitted_on) == ("congress", None)


def test_confirmation_waits_for_the_probation_year(tree: Any) -> None:
    from .factories import congress

    file = walk(open_file(tree.east1), "confirm_congress")
    actions.link_meeting(SYSTEM, file, congress(tree.east1, D(2025, 6, 30)))
    with pytest.raises(
        DomainError, match=r"2025-07-01期满，期满前不能讨论转正（《中国共产党发展党员工作细则》第二十九条、第三十二条）"
    ):
        actions.move(SYSTEM, file, "confirmed")
    assert file.person.category == Category.PROBATIONARY


def test_an_extension_of_six_to_twelve_months_once_then_confirmation(tree: Any) -> None:
    from .factories import congress

    file = walk(open_file(tree.east1), "confirm_congress")
    actions.link_meeting(SYSTEM, file, congress(tree.east1, D(2025, 7, 1)))
    with pytest.raises(DomainError, match="延长预备期应为6至12个月（《中国共产党发展党员工作细则》第三十二条）"):
        actions.move(SYSTEM, file, "extended", extension_months=5)
    actions.move(SYSTEM, file, "extended", extension_months=6)
    assert (file.step, file.extension_months, file.probation_ends) == ("extended", 6, D(2026, 1, 1))
    actions.move(SYSTEM, file, "extended_congress", on=D(2025, 12, 20))
    actions.link_meeting(SYSTEM, file, congress(tree.east1, D(2025, 12, 31)))
    with pytest.raises(DomainError, match=r"2026-01-01期满，期满前不能讨论转正"):
        actions.move(SYSTEM, file, "confirmed")
    actions.link_meeting(SYSTEM, file, congress(tree.east1, D(2026, 1, 5)))
    actions.move(SYSTEM, file, "confirmed", on=D(2026, 1, 5))
    actions.move(SYSTEM, file, "full", on=D(2026, 1, 20))
    file.person.refresh_from_db()
    assert (file.person.category, file.person.confirmed_on) == (Category.FULL, D(2026, 1, 1))


def test_a_denied_actor_changes_nothing(tree: Any, personas: dict[str, Any]) -> None:
    file = open_file(tree.east1)
    from jiceng.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        actions.move(personas["other_township_officer"], file, "talked", on=D(2023, 3, 20), note="谈话")
    with pytest.raises(AccessDenied):
        actions.move(personas["member"], file, "talked", on=D(2023, 3, 20), note="谈话")
    file.refresh_from_db()
    assert file.step == "applied" and file.events().count() == 1
    walk(file, "trained")
    actions.move(personas["village_secretary"], file, "checked", on=D(2024, 6, 3))
    with pytest.raises(DomainError, match="“乡镇党委预审”只能由乡镇党委组织工作人员办理"):
        actions.move(personas["village_secretary"], file, "prereviewed", on=D(2024, 6, 4))
    file.refresh_from_db()
    assert file.step == "checked"


def test_late_entry_is_kept_with_both_dates(tree: Any) -> None:
    file = open_file(tree.east1)
    actions.move(SYSTEM, file, "talked", on=D(2023, 3, 20), note="谈话")
    event = file.events().get(to_state="talked", kind="move")
    assert event.on == D(2023, 3, 20) and event.entry_gap_days == (timezone.localdate() - D(2023, 3, 20)).days


def test_an_open_objection_to_the_notice_holds_the_next_step(tree: Any) -> None:
    from jiceng.notices import actions as notice_actions
    from jiceng.notices.models import Notice

    from .factories import end_notice

    file = walk(open_file(tree.east1), "notice")
    notice = Notice.objects.get(subject_ref=f"development.file:{file.pk}")
    assert (notice.starts_on, notice.days, notice.title) == (D(2024, 6, 5), 5, "关于拟发展李小青同志为预备党员的公示")
    receipt = notice_actions.submit_objection(notice, text="该同志去年未参加义务劳动，请核实。", address="10.0.0.9",
                                              now=timezone.make_aware(dt.datetime(2024, 6, 6, 10)))  # fmt: skip
    after = end_notice(file)
    with pytest.raises(DomainError, match="异议尚有1件未处理完毕"):
        actions.move(SYSTEM, file, "pledged", on=after, today=after)
    objection = receipt.objection
    notice_actions.move_objection(SYSTEM, objection, "investigating", on=after, today=after)
    notice_actions.move_objection(SYSTEM, objection, "dismissed", answer="经核实已参加", on=after, today=after)
    actions.move(SYSTEM, file, "pledged", on=after, today=after)
    assert file.step == "pledged"

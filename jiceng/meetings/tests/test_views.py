"""Pages, PDFs, exports and API of meetings (Django test client)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import ApiToken
from jiceng.meetings import actions
from jiceng.meetings.models import Attendance, Meeting
from jiceng.meetings.rules import Kind, Presence, Route, Status

from .factories import SYSTEM, at, members, regular_meeting, village_cadres

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_fonts(content: bytes) -> set[str]:
    """Base names of the fonts embedded in the PDF (a file stream present = embedded)."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font: Any = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]))
    return names


def test_record_form_lists_every_member_present_by_default(tree: Any, personas: dict) -> None:
    people = members(tree.east1, 5)
    client = client_for(personas["village_secretary"])
    page = client.get(reverse("meetings:new"), {"record": "1", "kind": Kind.THEME_DAY}).content.decode()
    for p in people:
        assert f'name="p{p.pk}" id="p{p.pk}-present" value="present" autocomplete="off" checked' in page
    response = client.post(reverse("meetings:new"), {
        "record": "1", "organization": tree.east1.pk, "kind": Kind.THEME_DAY, "theme": "三月主题党日",
        "starts_at": "2026-03-05T09:00", "minutes": "研究春耕", "decisions": "组织党员志愿服务\n修缮活动室",
        f"p{people[0].pk}": Presence.ABSENT, f"p{people[1].pk}": Presence.LATE,
    })  # fmt: skip
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.status == Status.HELD and meeting.held_on == dt.date(2026, 3, 5)
    presence = dict(meeting.attendances.values_list("person__name", "presence"))
    assert presence == {"党员1": Presence.ABSENT, "党员2": Presence.LATE, "党员3": Presence.PRESENT,
                        "党员4": Presence.PRESENT, "党员5": Presence.PRESENT}  # fmt: skip
    assert list(meeting.decisions.values_list("text", flat=True)) == ["组织党员志愿服务", "修缮活动室"]


def test_record_form_all_at_once_or_tick_who_came_with_leave_and_quorum(tree: Any, personas: dict) -> None:
    # Issue 10.12: 全部出席 / 全部缺席 / 按名单勾选, 请假 per person, the quorum on the form.
    people = members(tree.east1, 6, probationary=1)
    client = client_for(personas["village_secretary"])
    page = client.get(reverse("meetings:new"), {"record": "1", "kind": Kind.PARTY_CONGRESS}).content.decode()
    for label in ("全部出席", "全部缺席", "按名单勾选"):
        assert f'">{label}</label>' in page
    assert f'id="p{people[0].pk}-excused" value="excused"' in page
    assert "有表决权党员应到 5 人，到会 5 人：超过半数，可以开会表决" in page
    response = client.post(reverse("meetings:new"), {
        "record": "1", "organization": tree.east1.pk, "kind": Kind.PARTY_CONGRESS, "theme": "党员大会",
        "starts_at": "2026-03-05T09:00", "attendance_mode": "by_list",
        f"p{people[0].pk}": Presence.PRESENT, f"p{people[1].pk}": Presence.LATE, f"p{people[2].pk}": Presence.EXCUSED,
    })  # fmt: skip
    assert response.status_code == 302
    presence = dict(Meeting.objects.get().attendances.values_list("person__name", "presence"))
    assert presence == {"党员1": Presence.PRESENT, "党员2": Presence.LATE, "党员3": Presence.EXCUSED,
                        "党员4": Presence.ABSENT, "党员5": Presence.ABSENT, "党员预1": Presence.ABSENT}  # fmt: skip


def test_record_form_defaults_to_working_hours(tree: Any, personas: dict) -> None:
    # Issue 10.12: a new meeting at 09:00 on a working day (the business calendar), never at midnight.
    client = client_for(personas["village_secretary"])
    monday_early = timezone.make_aware(dt.datetime(2026, 6, 8, 7, 30))
    with mock.patch("django.utils.timezone.now", return_value=monday_early):
        recorded = client.get(reverse("meetings:new"), {"record": "1"}).content.decode()
        scheduled = client.get(reverse("meetings:new")).content.decode()
    assert 'value="2026-06-05T09:00"' in recorded  # held: the latest working day's 09:00 not after now (Friday)
    assert 'value="2026-06-15T09:00"' in scheduled  # five days ahead is a Saturday: the next working day
    assert 'id="notice-late-warning" data-lead-days="5" hidden' in scheduled


def test_refused_hold_keeps_the_minutes_and_time_is_editable_until_held(tree: Any, personas: dict) -> None:
    # Issue 10.12: minutes typed survive a refused save; the time can be changed until the meeting is held.
    members(tree.east1, 2)
    starts = timezone.localtime() + dt.timedelta(days=3)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.THEME_DAY, theme="主题党日",
                                       starts_at=starts)  # fmt: skip
    client = client_for(personas["village_secretary"])
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'data-confirm="距开会仅剩 3 天，不足规定的 5 天，通知将记为未按时发出。仍要发出吗？"' in page
    response = client.post(reverse("meetings:hold", args=[meeting.pk]), {"minutes": "学习党章第一章"})
    page = response.content.decode()
    assert response.status_code == 400 and "会议时间还没到，不能记录为已召开" in page
    assert ">学习党章第一章</textarea>" in page
    later = (starts + dt.timedelta(days=7)).replace(hour=14, minute=30, second=0, microsecond=0)
    client.post(reverse("meetings:edit", args=[meeting.pk]),
                {"theme": "主题党日", "starts_at": later.strftime("%Y-%m-%dT%H:%M")})  # fmt: skip
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at) == later and meeting.held_on == later.date()
    assert 'data-confirm="距开会' not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


def test_scheduling_sends_the_notice_at_once(tree: Any, personas: dict) -> None:
    village_cadres(tree)
    starts = timezone.localtime() + dt.timedelta(days=3)
    client = client_for(personas["township_officer"])
    response = client.post(reverse("meetings:new"), {
        "organization": tree.east.pk, "kind": Kind.REGULAR, "theme": "例会", "notify": "1",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
    }, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "通知提前 3 天发出，不足规定的 5 天" in page and "已向 2 个组织发出会议通知" in page
    assert Meeting.objects.get().notices.count() == 2


def test_htmx_switch_of_kind_returns_only_the_invitees(tree: Any, personas: dict) -> None:
    village_cadres(tree)
    client = client_for(personas["township_officer"])
    response = client.get(reverse("meetings:new"), {"org": tree.east.pk, "kind": Kind.REGULAR}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="invitees"') and "参会人员 4 人" in body and "王书记" in body


def test_short_notice_warning_before_and_after_sending(tree: Any, personas: dict) -> None:
    village_cadres(tree)
    meeting = regular_meeting(tree, timezone.now() + dt.timedelta(days=4))
    client = client_for(personas["township_officer"])
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "距开会仅剩 4 天，按规定会议通知应提前 5 天发出" in page
    response = client.post(reverse("meetings:notify", args=[meeting.pk]), follow=True)
    page = response.content.decode()
    assert "通知提前 4 天发出，不足规定的 5 天" in page and "已向 2 个组织发出会议通知" in page


def test_minutes_pdf_lists_attendees_decisions_and_issues(tree: Any, personas: dict) -> None:
    cadres = village_cadres(tree)
    meeting = regular_meeting(tree, at(dt.date(2026, 3, 10)))
    rows = {a.person_id: a.pk for a in meeting.attendances.all()}
    actions.record_attendance(SYSTEM, meeting, {rows[cadres["east1_secretary"].pk]: Presence.PRESENT,
                                                rows[cadres["east2_secretary"].pk]: Presence.LATE})  # fmt: skip
    actions.add_decision(SYSTEM, meeting, "各村三月底前完成春耕备耕")
    actions.hold_meeting(SYSTEM, meeting, minutes="听取各村汇报", now=at(dt.date(2026, 3, 10), 12))
    actions.raise_issue(SYSTEM, meeting, text="塘堰清淤资金不足", route=Route.SPECIAL_MEETING, owner="孙镇长")
    client = client_for(personas["township_officer"])
    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert any("Noto" in name and "CJK" in name for name in pdf_fonts(response.content))  # embedded, not just named
    for expected in (
        "例会记录",
        "王书记",
        "赵书记（迟到）",
        "各村三月底前完成春耕备耕",
        "塘堰清淤资金不足",
        "应到 4 人，实到 2 人",
    ):
        assert expected in text.replace("\n", ""), expected
    sheet = pdf_text(client.get(reverse("meetings:attendance_pdf", args=[meeting.pk])).content)
    assert "签到表" in sheet and "钱主任" in sheet
    notice = pdf_text(client.get(reverse("meetings:notice_pdf", args=[meeting.pk])).content)
    assert "关于召开例会的通知" in notice and "镇政府三楼会议室" in notice


def test_congress_page_shows_quorum(tree: Any, personas: dict) -> None:
    members(tree.east1, 5, probationary=1)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.PARTY_CONGRESS, theme="党员大会",
                                       starts_at=at(dt.date(2026, 3, 10)))  # fmt: skip
    ids = list(meeting.attendances.filter(voting=True).values_list("pk", flat=True))
    actions.record_attendance(SYSTEM, meeting, {ids[0]: Presence.PRESENT, ids[1]: Presence.PRESENT})
    page = client_for(personas["member"]).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "有表决权党员应到 4 人，到会 2 人：不足半数（需 3 人）" in page
    assert 'name="a' not in page  # a member sees, but cannot record


def test_compliance_page_and_workbook(tree: Any, personas: dict) -> None:
    from openpyxl import load_workbook

    from jiceng.organizations.models import Organization

    Organization.objects.filter(pk__in=[tree.east1.pk, tree.east2.pk]).update(created_at=at(dt.date(2020, 1, 1)))
    meeting = regular_meeting(tree, at(dt.date(2025, 2, 1)))
    actions.hold_meeting(SYSTEM, meeting, now=at(dt.date(2025, 2, 1), 12))
    client = client_for(personas["township_officer"])
    page = client.get(reverse("meetings:compliance", args=[tree.east.pk]), {"year": 2025}).content.decode()
    assert 'id="behind-count">2<' in page and "东二村党支部" in page and "2025年第1季度" in page
    response = client.get(reverse("meetings:compliance_export", args=[tree.east.pk]), {"year": 2025})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["会议频次", "个人参会率", "例会"]
    rows = list(book["会议频次"].iter_rows(values_only=True))
    assert ("东二村党支部", "东镇党委", 0, "党员大会", "每季度1次", 4, 0, 0,
            "2025年第1季度、2025年第2季度、2025年第3季度、2025年第4季度") in rows  # fmt: skip


def test_issue_list_filters_overdue(tree: Any, personas: dict) -> None:
    meeting = regular_meeting(tree, at(dt.date(2026, 1, 5)))
    actions.hold_meeting(SYSTEM, meeting, now=at(dt.date(2026, 1, 5), 12))
    actions.raise_issue(SYSTEM, meeting, text="逾期的问题", route=Route.SPECIAL_MEETING, owner="甲")
    actions.raise_issue(SYSTEM, meeting, text="未到期的问题", route=Route.ESCALATED, owner="乙",
                        deadline=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
    client = client_for(personas["township_officer"])
    page = client.get(reverse("meetings:issues"), {"show": "overdue"}).content.decode()
    assert "逾期的问题" in page and "未到期的问题" not in page
    assert (
        "逾期的问题"
        not in client_for(personas["other_township_officer"]).get(reverse("meetings:issues")).content.decode()
    )


def test_api_meeting_attendance_and_compliance(tree: Any, personas: dict) -> None:
    people = members(tree.east1, 3)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.PARTY_CONGRESS, theme="大会",
                                       starts_at=at(dt.date(2026, 3, 10)))  # fmt: skip
    token = ApiToken.objects.issue(personas["village_secretary"])
    client = Client(headers={"Authorization": f"Bearer {token}"})
    rows = client.get(f"/api/v1/meetings/{meeting.pk}/attendance").json()
    assert sorted(r["name"] for r in rows) == [p.name for p in people]
    body = [{"id": rows[0]["id"], "presence": "present"}, {"id": rows[1]["id"], "presence": "present"}]
    assert (
        client.put(f"/api/v1/meetings/{meeting.pk}/attendance", body, content_type="application/json").status_code
        == 200
    )
    detail = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert detail["quorum"] == {"should_attend": 3, "present": 2, "excluded_away": 0, "reached": True}
    # The branch grants leave for its own meeting: 请假 is recorded by its organizer (issue 10.12).
    excused = client.put(f"/api/v1/meetings/{meeting.pk}/attendance", [{"id": rows[2]["id"], "presence": "excused"}],
                         content_type="application/json")  # fmt: skip
    assert excused.status_code == 200 and meeting.attendances.get(pk=rows[2]["id"]).presence == Presence.EXCUSED
    assert client.get(f"/api/v1/orgs/{tree.east1.pk}/meeting-compliance").json()[0]["name"] == "东一村党支部"
    other = Client(headers={"Authorization": f"Bearer {ApiToken.objects.issue(personas['other_township_officer'])}"})
    assert other.get(f"/api/v1/meetings/{meeting.pk}").status_code == 404
    assert other.get("/api/v1/meetings").json() == []


def test_meeting_list_query_budget(tree: Any, personas: dict, django_assert_max_num_queries: Any) -> None:
    for day in range(1, 21):
        actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.THEME_DAY, theme=f"主题党日{day}",
                                 starts_at=at(dt.date(2026, 3, day)))  # fmt: skip
    client = client_for(personas["township_officer"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("meetings:index")).content.decode()
    assert "共 20 次会议" in page


def test_village_secretary_asks_leave_from_the_notice(tree: Any, personas: dict) -> None:
    cadres = village_cadres(tree)
    meeting = regular_meeting(tree, timezone.now() + dt.timedelta(days=6))
    actions.send_notices(SYSTEM, meeting)
    secretary = client_for(personas["village_secretary"])
    notice = meeting.notices.get(organization=tree.east1)
    assert secretary.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404  # the township's page
    page = secretary.get(reverse("meetings:notice", args=[notice.pk])).content.decode()
    assert "王书记" in page and "赵书记" not in page
    secretary.post(reverse("meetings:notice", args=[notice.pk]), HTTP_HX_REQUEST="true")  # the page, on load
    mine = meeting.attendances.get(person=cadres["east1_director"])
    secretary.post(reverse("meetings:notice_leave", args=[notice.pk]), {"attendance": mine.pk, "reason": "住院"})
    assert mine.leave.reason == "住院"
    other = meeting.attendances.get(person=cadres["east2_director"])  # another village's cadre: not theirs
    response = secretary.post(
        reverse("meetings:notice_leave", args=[notice.pk]), {"attendance": other.pk, "reason": "x"}
    )
    assert response.status_code == 404 and not hasattr(Attendance.objects.get(pk=other.pk), "leave")
    officer = client_for(personas["township_officer"])
    assert "东一村党支部（已读）" in officer.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


def test_meeting_page_query_budget(tree: Any, personas: dict, django_assert_max_num_queries: Any) -> None:
    members(tree.east1, 20)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.PARTY_CONGRESS, theme="大会",
                                       starts_at=at(dt.date(2026, 3, 10)))  # fmt: skip
    for row in meeting.attendances.all()[:5]:
        actions.request_leave(SYSTEM, row, "外出")
    actions.add_decision(SYSTEM, meeting, "决定")
    client = client_for(personas["township_officer"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert page.count("待审批") == 5


def test_representatives_meeting_invitees_chosen_by_hand(tree: Any, personas: dict) -> None:
    from jiceng.people.rules import Category
    from jiceng.people.tests.factories import make_person

    villager = make_person(tree.east1, "村民代表甲", Category.RESIDENT)
    outsider = make_person(tree.west1, "外乡人", Category.RESIDENT)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.REPRESENTATIVES, theme="村民代表会议",
                                       starts_at=at(dt.date(2026, 3, 10)))  # fmt: skip
    assert not meeting.attendances.exists()
    client = client_for(personas["village_secretary"])
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert f'<option value="{villager.pk}">村民代表甲' in page and "外乡人" not in page
    client.post(reverse("meetings:invite", args=[meeting.pk]), {"person": villager.pk})
    client.post(reverse("meetings:invite", args=[meeting.pk]), {"person": outsider.pk})
    assert list(meeting.attendances.values_list("person__name", flat=True)) == ["村民代表甲"]

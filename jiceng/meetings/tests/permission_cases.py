"""Permission cases for the meeting pages and API (see jiceng/core/testing.py).

Every object lies in 东一村党支部 (or 东镇党委 for township pages) so the other township's officer must get 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiceng.core.testing import EAST1_EDITORS, EAST1_SCOPE, EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.meetings import actions
from jiceng.meetings.models import Attendance, Decision, Issue, LeaveRequest, Meeting, Notice, TownshipRule
from jiceng.meetings.rules import Kind, LeaveStatus, Presence, Route, Status
from jiceng.people.tests.factories import make_person

from .factories import SYSTEM

FUTURE = dict(days=10)


def meeting(f: Fixtures, kind: str = Kind.PARTY_CONGRESS, past: bool = False) -> Meeting:
    make_person(f.tree.east1, "甲党员")
    make_person(f.tree.east1, "乙党员")
    delta = dt.timedelta(days=-3 if past else 10)
    return actions.schedule_meeting(SYSTEM, organization=f.tree.east1, kind=kind, theme="支委会",
                                    starts_at=timezone.now() + delta)  # fmt: skip


def pk(m: Meeting, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": m.pk}, **extra}


def with_leave(f: Fixtures) -> dict[str, Any]:
    """A pending leave; the township officer's account is the 乡党委书记's, who decides (seed 004)."""
    from jiceng.people import actions as people_actions
    from jiceng.people.rules import PartyTitle, PostBody

    secretary = make_person(f.tree.east, "周书记")
    people_actions.add_post(SYSTEM, secretary, body=PostBody.PARTY, title=PartyTitle.SECRETARY,
                            start_on=dt.date(2021, 1, 15))  # fmt: skip
    officer = f.personas["township_officer"]
    officer.person = secretary
    officer.save(update_fields=["person"])
    m = meeting(f)
    leave = actions.request_leave(SYSTEM, m.attendances.all()[0], "外出")
    return {"kwargs": {"pk": leave.pk}, "data": {"approve": "1"}}


def with_decision(f: Fixtures) -> dict[str, Any]:
    decision = actions.add_decision(SYSTEM, meeting(f, Kind.THEME_DAY), "决定一")
    return {"kwargs": {"pk": decision.pk}, "data": {"votes_for": 0, "votes_against": 0, "votes_abstain": 0}}


def with_issue(f: Fixtures) -> dict[str, Any]:
    m = meeting(f, Kind.THREE_COMMITTEES, past=True)
    issue = actions.raise_issue(SYSTEM, m, text="路灯", route=Route.SPECIAL_MEETING, owner="王")
    return {"kwargs": {"pk": issue.pk}, "data": {"resolution": "已修好"}}


def with_notice(f: Fixtures) -> dict[str, Any]:
    m = meeting(f)
    notice = actions.send_notices(SYSTEM, m)[0]
    return {"kwargs": {"pk": notice.pk}}


def notice_leave(f: Fixtures) -> dict[str, Any]:
    m = meeting(f)
    notice = actions.send_notices(SYSTEM, m)[0]
    return {"kwargs": {"pk": notice.pk}, "data": {"attendance": m.attendances.all()[0].pk, "reason": "外出"}}


def attendance_body(f: Fixtures) -> dict[str, Any]:
    m = meeting(f, past=True)  # who came is recorded once the meeting took place
    return {"kwargs": {"meeting_id": m.pk}, "data": [{"id": m.attendances.all()[0].pk, "presence": "present"}]}


def _meeting_of(prepared: dict[str, Any]) -> Meeting:
    kwargs = prepared["kwargs"]
    return Meeting.objects.get(pk=kwargs.get("pk", kwargs.get("meeting_id")))


def _has(**fields: Any) -> Any:
    """An outcome check: the meeting of the case now has these field values."""

    def check(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
        meeting = _meeting_of(prepared)
        assert {k: getattr(meeting, k) for k in fields} == fields

    return check


def _created(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    meeting = Meeting.objects.get(theme="九月支委会")
    assert (meeting.organization, meeting.status, meeting.created_by) == (f.tree.east1, Status.SCHEDULED,
                                                                          f.personas[persona])  # fmt: skip
    assert meeting.events().get().label == "安排会议"


def _notified(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    meeting = _meeting_of(prepared)
    assert meeting.notice_sent_at is not None and meeting.notices.get().organization == f.tree.east1


def _first_present(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    row = _meeting_of(prepared).attendances.order_by("pk").first()
    assert row is not None and row.presence == Presence.PRESENT


def _invited(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _meeting_of(prepared).attendances.filter(person_id=prepared["data"]["person"]).exists()


def _leave_asked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    leave = LeaveRequest.objects.get(attendance_id=prepared["data"]["attendance"])
    assert (leave.status, leave.reason, leave.requested_by) == (LeaveStatus.PENDING, "外出", f.personas[persona])


def _decision_added(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert list(_meeting_of(prepared).decisions.values_list("text", flat=True)) == ["同意"]


def _reported(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    report = _meeting_of(prepared).reports.get()
    assert (report.organization, report.content) == (f.tree.east1, "汇报")


def _issue_raised(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    issue = _meeting_of(prepared).issues.get()
    assert (issue.text, issue.route, issue.owner) == ("路灯", Route.EXPLAINED, "王")


def _attached(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert _meeting_of(prepared).attachments.get().caption == "合影"


def _leave_approved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    leave = LeaveRequest.objects.select_related("attendance").get(pk=prepared["kwargs"]["pk"])
    assert (leave.status, leave.decided_by, leave.attendance.presence) == (LeaveStatus.APPROVED, f.personas[persona],
                                                                          Presence.EXCUSED)  # fmt: skip


def _voted(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    decision = Decision.objects.get(pk=prepared["kwargs"]["pk"])
    assert (decision.votes_for, decision.votes_against, decision.votes_abstain, decision.should_attend) == (0, 0, 0, 2)


def _resolved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    issue = Issue.objects.get(pk=prepared["kwargs"]["pk"])
    assert issue.resolved_on is not None and issue.resolution == "已修好"


def _notice_leave_asked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    notice = Notice.objects.get(pk=prepared["kwargs"]["pk"])
    leave = LeaveRequest.objects.get(attendance_id=prepared["data"]["attendance"])
    assert leave.attendance.meeting_id == notice.meeting_id and leave.reason == "外出"


def _rule_saved(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    rule = TownshipRule.objects.get(township=f.tree.east)
    assert (rule.notice_lead_days, rule.leave_approver_title) == (3, "书记")


def _api_present(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert Attendance.objects.get(pk=prepared["data"][0]["id"]).presence == Presence.PRESENT


def upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")


NEW = {"organization": None, "kind": Kind.COMMITTEE, "theme": "九月支委会", "starts_at": "2026-09-01T09:00"}

CASES = [
    UrlCase("meetings:index", allowed=EVERYONE, outside_scope=()),
    UrlCase("meetings:export", allowed=EVERYONE, outside_scope=()),
    UrlCase("meetings:issues", allowed=EVERYONE, outside_scope=()),
    UrlCase("meetings:inbox", allowed=EVERYONE, outside_scope=()),
    UrlCase("meetings:new", allowed=EAST1_EDITORS, setup=lambda f: {"data": {"org": f.tree.east1.pk}}),
    UrlCase(
        "meetings:new",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: {"data": {**NEW, "organization": f.tree.east1.pk}},
        expect=_created,
    ),
    UrlCase("meetings:detail", allowed=EAST1_SCOPE, setup=lambda f: pk(meeting(f))),
    UrlCase("meetings:minutes_pdf", allowed=EAST1_SCOPE, setup=lambda f: pk(meeting(f))),
    UrlCase("meetings:attendance_pdf", allowed=EAST1_SCOPE, setup=lambda f: pk(meeting(f))),
    UrlCase("meetings:notice_pdf", allowed=EAST1_SCOPE, setup=lambda f: pk(meeting(f))),
    UrlCase(
        "meetings:edit",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f), data={"theme": "改名", "place": "村部"}),
        expect=_has(theme="改名", place="村部"),
    ),
    UrlCase("meetings:notify", method="post", allowed=EAST1_EDITORS, setup=lambda f: pk(meeting(f)), expect=_notified),
    UrlCase(
        "meetings:attendance",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: (lambda m: pk(m, data={f"a{m.attendances.order_by('pk')[0].pk}": "present"}))(
            meeting(f, past=True)
        ),
        expect=_first_present,
    ),
    UrlCase(
        "meetings:invite",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f), data={"person": make_person(f.tree.east1, "丙党员").pk}),
        expect=_invited,
    ),
    UrlCase(
        "meetings:leave",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: (lambda m: pk(m, data={"attendance": m.attendances.all()[0].pk, "reason": "外出"}))(meeting(f)),
        expect=_leave_asked,
    ),
    UrlCase(
        "meetings:hold",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f, past=True), data={"minutes": "记录"}),
        expect=_has(status=Status.HELD, minutes="记录"),
    ),
    UrlCase(
        "meetings:cancel",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f)),
        expect=_has(status=Status.CANCELLED),
    ),
    UrlCase(
        "meetings:decision",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f), data={"text": "同意"}),
        expect=_decision_added,
    ),
    UrlCase(
        "meetings:report",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(
            meeting(f, Kind.THREE_COMMITTEES), data={"organization": f.tree.east1.pk, "content": "汇报"}
        ),
        expect=_reported,
    ),
    UrlCase(
        "meetings:issue",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(
            meeting(f, Kind.THREE_COMMITTEES), data={"text": "路灯", "route": Route.EXPLAINED, "owner": "王"}
        ),
        expect=_issue_raised,
    ),
    UrlCase(
        "meetings:attachment",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f), data={"file": upload(), "caption": "合影"}),
        expect=_attached,
    ),
    UrlCase(
        "meetings:leave_decide",
        method="post",
        allowed=frozenset({"township_officer"}),
        setup=with_leave,
        expect=_leave_approved,
    ),
    UrlCase("meetings:vote", method="post", allowed=EAST1_EDITORS, setup=with_decision, expect=_voted),
    UrlCase("meetings:resolve", method="post", allowed=EAST1_EDITORS, setup=with_issue, expect=_resolved),
    UrlCase("meetings:notice", allowed={"village_secretary", "member"}, setup=with_notice),
    UrlCase(
        "meetings:notice_leave",
        method="post",
        allowed={"village_secretary"},
        setup=notice_leave,
        expect=_notice_leave_asked,
    ),
    UrlCase("meetings:compliance", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase("meetings:compliance_export", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase("meetings:rates", allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}}),
    UrlCase("meetings:rules", allowed=EAST_OFFICERS, setup=lambda f: {"kwargs": {"org_id": f.tree.east.pk}}),
    UrlCase(
        "meetings:rules",
        method="post",
        allowed=EAST_OFFICERS,
        note="save",
        setup=lambda f: {
            "kwargs": {"org_id": f.tree.east.pk},
            "data": {"form": "rule", "notice_lead_days": 3, "leave_approver_title": "书记"},
        },
        expect=_rule_saved,
    ),
    UrlCase("api-v1:list_meetings", api=True, allowed=EVERYONE, outside_scope=()),
    UrlCase(
        "api-v1:get_meeting", api=True, allowed=EAST1_SCOPE, setup=lambda f: {"kwargs": {"meeting_id": meeting(f).pk}}
    ),
    UrlCase(
        "api-v1:get_attendance",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"meeting_id": meeting(f).pk}},
    ),
    UrlCase(
        "api-v1:put_attendance",
        api=True,
        method="put",
        allowed=EAST1_EDITORS,
        setup=attendance_body,
        expect=_api_present,
    ),
    UrlCase(
        "api-v1:meeting_compliance",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}},
    ),
]

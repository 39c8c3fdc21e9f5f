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
from jiceng.meetings.models import Meeting
from jiceng.meetings.rules import Kind, Route
from jiceng.people.tests.factories import make_person

from .factories import SYSTEM

FUTURE = dict(days=10)


def meeting(f: Fixtures, kind: str = Kind.COMMITTEE, past: bool = False) -> Meeting:
    make_person(f.tree.east1, "甲党员")
    make_person(f.tree.east1, "乙党员")
    delta = dt.timedelta(days=-3 if past else 10)
    return actions.schedule_meeting(SYSTEM, organization=f.tree.east1, kind=kind, theme="支委会",
                                    starts_at=timezone.now() + delta)  # fmt: skip


def pk(m: Meeting, **extra: Any) -> dict[str, Any]:
    return {"kwargs": {"pk": m.pk}, **extra}


def with_leave(f: Fixtures) -> dict[str, Any]:
    m = meeting(f)
    leave = actions.request_leave(SYSTEM, m.attendances.all()[0], "外出")
    return {"kwargs": {"pk": leave.pk}, "data": {"approve": "1"}}


def with_decision(f: Fixtures) -> dict[str, Any]:
    decision = actions.add_decision(SYSTEM, meeting(f), "决定一")
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
    m = meeting(f)
    return {"kwargs": {"meeting_id": m.pk}, "data": [{"id": m.attendances.all()[0].pk, "presence": "present"}]}


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
    ),
    UrlCase("meetings:notify", method="post", allowed=EAST1_EDITORS, setup=lambda f: pk(meeting(f))),
    UrlCase(
        "meetings:attendance",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: (lambda m: pk(m, data={f"a{m.attendances.all()[0].pk}": "present"}))(meeting(f)),
    ),
    UrlCase(
        "meetings:invite",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f), data={"person": make_person(f.tree.east1, "丙党员").pk}),
    ),
    UrlCase(
        "meetings:leave",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: (lambda m: pk(m, data={"attendance": m.attendances.all()[0].pk, "reason": "外出"}))(meeting(f)),
    ),
    UrlCase(
        "meetings:hold",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f, past=True), data={"minutes": "记录"}),
    ),
    UrlCase("meetings:cancel", method="post", allowed=EAST1_EDITORS, setup=lambda f: pk(meeting(f))),
    UrlCase(
        "meetings:decision", method="post", allowed=EAST1_EDITORS, setup=lambda f: pk(meeting(f), data={"text": "同意"})
    ),
    UrlCase(
        "meetings:report",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(
            meeting(f, Kind.THREE_COMMITTEES), data={"organization": f.tree.east1.pk, "content": "汇报"}
        ),
    ),
    UrlCase(
        "meetings:issue",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(
            meeting(f, Kind.THREE_COMMITTEES), data={"text": "路灯", "route": Route.EXPLAINED, "owner": "王"}
        ),
    ),
    UrlCase(
        "meetings:attachment",
        method="post",
        allowed=EAST1_EDITORS,
        setup=lambda f: pk(meeting(f), data={"file": upload(), "caption": "合影"}),
    ),
    UrlCase("meetings:leave_decide", method="post", allowed=EAST_OFFICERS, setup=with_leave),
    UrlCase("meetings:vote", method="post", allowed=EAST1_EDITORS, setup=with_decision),
    UrlCase("meetings:resolve", method="post", allowed=EAST1_EDITORS, setup=with_issue),
    UrlCase("meetings:notice", allowed={"village_secretary", "member"}, setup=with_notice),
    UrlCase("meetings:notice_leave", method="post", allowed={"village_secretary"}, setup=notice_leave),
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
    UrlCase("api-v1:put_attendance", api=True, method="put", allowed=EAST1_EDITORS, setup=attendance_body),
    UrlCase(
        "api-v1:meeting_compliance",
        api=True,
        allowed=EAST1_SCOPE,
        setup=lambda f: {"kwargs": {"org_id": f.tree.east1.pk}},
    ),
]

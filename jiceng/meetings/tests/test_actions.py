"""Actions: scheduling, notices, leave, attendance, holding, votes, issues, tallies, compliance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jiceng.core.errors import AccessDenied, DomainError, IllegalTransition
from jiceng.core.models import AuditEvent
from jiceng.meetings import actions, services
from jiceng.meetings.models import (
    MONTH_FIELDS,
    Attendance,
    Issue,
    LeaveRequest,
    Meeting,
    MeetingTally,
    Notice,
    TownshipRule,
)
from jiceng.meetings.rules import Kind, LeaveStatus, Presence, Route, Status
from jiceng.organizations.models import Organization
from jiceng.people import actions as people_actions
from jiceng.people.rules import PartyTitle, PostBody, SupervisoryTitle

from .factories import SYSTEM, at, held_meeting, members, regular_meeting, village_cadres

pytestmark = pytest.mark.django_db
DAY0 = dt.date(2021, 1, 15)
DAY = dt.date(2026, 3, 10)


@pytest.fixture
def cadres(tree: Any) -> dict[str, Any]:
    return village_cadres(tree)


def test_regular_meeting_invites_the_villages_main_cadres(tree: Any, personas: dict, cadres: dict) -> None:
    meeting = regular_meeting(tree, at(DAY), actor=personas["township_officer"])
    invited = {a.person.name: a.role_note for a in meeting.attendances.select_related("person")}
    assert invited == {"王书记": "东一村党支部书记", "李主任": "东一村党支部主任", "赵书记": "东二村党支部书记",
                       "钱主任": "东二村党支部主任"}  # fmt: skip
    assert meeting.status == Status.SCHEDULED and meeting.held_on == DAY
    assert AuditEvent.objects.filter(object_type="meetings.meeting", action="create").count() == 1


def test_branch_meeting_invites_members_with_votes(tree: Any) -> None:
    members(tree.east1, 3, probationary=1)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.PARTY_CONGRESS, theme="一季度党员大会",
                                       starts_at=at(DAY))  # fmt: skip
    assert sorted(meeting.attendances.values_list("voting", flat=True)) == [False, True, True]


def test_invitees_follow_the_kind_of_meeting(tree: Any) -> None:
    # Issue 10.2: a 支委会 invites the branch committee, a 党小组会 the group, a 党课 every member.
    people = members(tree.east1, 69, probationary=3)
    in_group = members(tree.group, 2, prefix="组员")
    for person, title in zip(people[:3], (PartyTitle.SECRETARY, PartyTitle.DEPUTY_SECRETARY, PartyTitle.MEMBER),
                             strict=True):  # fmt: skip
        people_actions.add_post(SYSTEM, person, body=PostBody.PARTY, title=title, start_on=dt.date(2021, 1, 15))
    people_actions.add_post(SYSTEM, people[3], body=PostBody.PARTY, title=PartyTitle.GROUP_LEADER,
                            organization=tree.group, start_on=dt.date(2021, 1, 15))  # fmt: skip

    def invited(org: Organization, kind: str) -> dict[str, str]:
        meeting = actions.schedule_meeting(SYSTEM, organization=org, kind=kind, theme="x", starts_at=at(DAY))
        return {a.person.name: a.role_note for a in meeting.attendances.select_related("person")}

    assert invited(tree.east1, Kind.COMMITTEE) == {"党员1": "书记", "党员2": "副书记", "党员3": "委员"}
    assert invited(tree.group, Kind.GROUP) == {"组员1": "正式党员", "组员2": "正式党员"}
    assert len(invited(tree.east1, Kind.LESSON)) == 71
    assert len(invited(tree.east1, Kind.PARTY_CONGRESS)) == 71  # full and probationary members
    assert [p.name for p in in_group] == ["组员1", "组员2"]


def test_the_three_committees_and_the_branch_committee_include_the_new_posts(tree: Any) -> None:
    # Issue 10.9: the 监委主任 is invited to a 三委会; the 第一书记 sits in the 支委会.
    secretary, first, supervisor = members(tree.east1, 3)
    people_actions.add_post(SYSTEM, secretary, body=PostBody.PARTY, title=PartyTitle.SECRETARY, start_on=DAY0)
    people_actions.add_post(SYSTEM, first, body=PostBody.PARTY, title=PartyTitle.FIRST_SECRETARY, start_on=DAY0)
    people_actions.add_post(SYSTEM, supervisor, body=PostBody.SUPERVISORY, title=SupervisoryTitle.DIRECTOR,
                            start_on=DAY0)  # fmt: skip

    def invited(org: Organization, kind: str) -> dict[str, str]:
        meeting = actions.schedule_meeting(SYSTEM, organization=org, kind=kind, theme="x", starts_at=at(DAY))
        return {a.person.name: a.role_note for a in meeting.attendances.select_related("person")}

    assert invited(tree.east, Kind.THREE_COMMITTEES) == {
        "党员1": "东一村党支部书记", "党员2": "东一村党支部第一书记", "党员3": "东一村党支部监委会主任"}  # fmt: skip
    assert invited(tree.east1, Kind.COMMITTEE) == {"党员1": "书记", "党员2": "第一书记"}


def test_only_a_township_calls_a_regular_meeting(tree: Any) -> None:
    with pytest.raises(DomainError, match="例会由乡镇党委召集"):
        actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.REGULAR, theme="x", starts_at=at(DAY))


@pytest.mark.parametrize("persona", ["other_township_officer", "member"])
def test_scheduling_outside_scope_or_role_is_refused(tree: Any, personas: dict, persona: str) -> None:
    with pytest.raises(AccessDenied):
        actions.schedule_meeting(personas[persona], organization=tree.east1, kind=Kind.COMMITTEE, theme="x",
                                 starts_at=at(DAY))  # fmt: skip
    assert Meeting.objects.count() == 0


def test_notice_four_days_ahead_is_flagged_late(tree: Any, cadres: dict) -> None:
    meeting = regular_meeting(tree, at(DAY))
    notices = actions.send_notices(SYSTEM, meeting, now=at(DAY - dt.timedelta(days=4), 16))
    assert sorted(n.organization.name for n in notices) == ["东一村党支部", "东二村党支部"]
    assert all(n.late and n.lead_days == 4 for n in notices)
    meeting.refresh_from_db()
    assert meeting.notice_late and meeting.notice_days == 4


def test_notice_five_days_ahead_is_in_time_and_lead_is_per_township(tree: Any, cadres: dict) -> None:
    meeting = regular_meeting(tree, at(DAY))
    assert not actions.send_notices(SYSTEM, meeting, now=at(DAY - dt.timedelta(days=5)))[0].late
    actions.save_township_rule(SYSTEM, tree.east, notice_lead_days=3)
    later = regular_meeting(tree, at(DAY + dt.timedelta(days=30)))
    assert later.notice_lead_days == 3
    assert not actions.send_notices(SYSTEM, later, now=at(DAY + dt.timedelta(days=26)))[0].late


def test_inbox_shows_notices_to_the_users_organization(tree: Any, personas: dict, cadres: dict) -> None:
    meeting = regular_meeting(tree, at(DAY))
    actions.send_notices(SYSTEM, meeting, now=at(DAY - dt.timedelta(days=6)))
    assert [n.organization for n in Notice.objects.for_user(personas["village_secretary"])] == [tree.east1]
    assert not Notice.objects.for_user(personas["other_township_officer"]).exists()
    notice = Notice.objects.for_user(personas["village_secretary"]).get()
    assert actions.mark_notice_read(personas["village_secretary"], notice).read_at is not None
    with pytest.raises(AccessDenied):
        actions.mark_notice_read(personas["other_township_officer"], notice)


def _row(meeting: Meeting, name: str) -> Attendance:
    return meeting.attendances.get(person__name=name)


def test_leave_approved_by_the_named_approver_makes_excused(tree: Any, personas: dict, cadres: dict) -> None:
    approver = personas["county_officer"]  # stands in for the Party secretary the township names
    actions.save_township_rule(SYSTEM, tree.east, leave_approver=approver)
    meeting = regular_meeting(tree, at(DAY))
    leave = actions.request_leave(personas["township_officer"], _row(meeting, "王书记"), "外出参加培训")
    with pytest.raises(AccessDenied, match="审批人"):
        actions.decide_leave(personas["township_officer"], leave, approve=True)
    assert LeaveRequest.objects.get().status == LeaveStatus.PENDING
    actions.decide_leave(approver, leave, approve=True)
    assert _row(meeting, "王书记").presence == Presence.EXCUSED
    with pytest.raises(IllegalTransition):
        actions.decide_leave(approver, LeaveRequest.objects.get(), approve=False)


def _township_secretary(tree: Any, user: Any, name: str = "周书记") -> Any:
    """`user`'s account belongs to the 乡党委书记 of 东镇 (the default leave approver)."""
    from jiceng.people.tests.factories import make_person

    person = make_person(tree.east, name)
    people_actions.add_post(SYSTEM, person, body=PostBody.PARTY, title=PartyTitle.SECRETARY,
                            start_on=dt.date(2021, 1, 15))  # fmt: skip
    user.person = person
    user.save(update_fields=["person"])
    return person


def test_leave_is_approved_by_the_township_secretary_by_default(tree: Any, personas: dict, cadres: dict) -> None:
    # Issue 10.6, seed 004: "特殊情况应报请乡党委主要负责人批准同意" — not any township officer.
    meeting = regular_meeting(tree, at(DAY))
    officer, county = personas["township_officer"], personas["county_officer"]
    leave = actions.request_leave(officer, _row(meeting, "李主任"), "家中有事")
    with pytest.raises(AccessDenied, match="审批人"):
        actions.decide_leave(officer, leave, approve=True)  # no secretary recorded: nobody may yet
    from django.contrib.auth import get_user_model

    secretary = get_user_model().objects.create_user(username="east_secretary", organization=tree.east,
                                                     role=officer.role)  # fmt: skip
    _township_secretary(tree, secretary)
    assert services.leave_approver(tree.east1).person_name == "周书记"
    for other in (officer, county):
        with pytest.raises(AccessDenied, match="审批人"):
            actions.decide_leave(other, leave, approve=True)
    actions.decide_leave(secretary, leave, approve=True)
    assert _row(meeting, "李主任").presence == Presence.EXCUSED
    assert LeaveRequest.objects.get().decided_by == secretary


def test_refused_leave_stays_absent_when_the_meeting_is_held(tree: Any, personas: dict, cadres: dict) -> None:
    meeting = regular_meeting(tree, at(DAY))
    officer = personas["township_officer"]
    _township_secretary(tree, officer)  # the officer is the 乡党委书记 here
    leave = actions.request_leave(officer, _row(meeting, "李主任"), "家中有事")
    actions.decide_leave(officer, leave, approve=False)
    with pytest.raises(DomainError, match="没有经批准的请假"):
        actions.record_attendance(officer, meeting, {_row(meeting, "李主任").pk: Presence.EXCUSED})
    actions.record_attendance(officer, meeting, {_row(meeting, "王书记").pk: Presence.LATE})
    actions.hold_meeting(officer, meeting, now=at(DAY, 12))
    presence = dict(meeting.attendances.values_list("person__name", "presence"))
    assert presence == {"王书记": Presence.LATE, "李主任": Presence.ABSENT, "赵书记": Presence.ABSENT,
                        "钱主任": Presence.ABSENT}  # fmt: skip


def test_holding_counts_once_and_cannot_be_repeated(tree: Any) -> None:
    meeting = held_meeting(tree.east1, Kind.COMMITTEE, DAY)
    assert meeting.status == Status.HELD and meeting.entry_gap_days == 0
    with pytest.raises(IllegalTransition):
        actions.hold_meeting(SYSTEM, meeting, now=at(DAY, 20))
    held_meeting(tree.group, Kind.GROUP, DAY)  # a 党小组's meeting counts for its branch
    tallies = {(t.branch.name, t.kind, t.year): t.monthly() for t in MeetingTally.objects.select_related("branch")}
    assert tallies == {("东一村党支部", Kind.COMMITTEE, 2026): {3: 1}, ("东一村党支部", Kind.GROUP, 2026): {3: 1}}


def test_a_future_meeting_cannot_be_recorded_as_held(tree: Any) -> None:
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.COMMITTEE, theme="x",
                                       starts_at=at(DAY))  # fmt: skip
    with pytest.raises(DomainError, match="还没到"):
        actions.hold_meeting(SYSTEM, meeting, now=at(DAY - dt.timedelta(days=3)))


def test_no_attendance_or_resolved_issue_on_a_future_meeting(tree: Any, cadres: dict) -> None:
    # Issue 10.12: who came is not known before the meeting; 请假 is.
    starts = timezone.localtime() + dt.timedelta(days=3)
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east, kind=Kind.THREE_COMMITTEES, theme="三委会",
                                       starts_at=starts)  # fmt: skip
    rows = list(meeting.attendances.order_by("pk"))
    with pytest.raises(DomainError, match=f"会议还没有召开（{starts:%Y-%m-%d %H:%M}），不能记录出席或缺席"):
        actions.record_attendance(SYSTEM, meeting, {rows[0].pk: Presence.PRESENT})
    actions.record_attendance(SYSTEM, meeting, {rows[1].pk: Presence.EXCUSED})  # the organizer grants leave
    with pytest.raises(DomainError, match="会议还没有召开，不能登记为当场解决"):
        actions.raise_issue(SYSTEM, meeting, text="路灯", route=Route.ON_THE_SPOT, owner="王")
    issue = actions.raise_issue(SYSTEM, meeting, text="路灯", route=Route.SPECIAL_MEETING, owner="王")
    with pytest.raises(DomainError, match="办结日期不能早于会议"):
        actions.resolve_issue(SYSTEM, issue, "已修好")
    presence = list(meeting.attendances.order_by("pk").values_list("presence", flat=True))
    assert presence[:2] == [Presence.INVITED, Presence.EXCUSED] and Issue.objects.get().resolved_on is None


def test_late_entry_keeps_both_dates(tree: Any) -> None:
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.LESSON, theme="党课",
                                       starts_at=at(DAY))  # fmt: skip
    actions.hold_meeting(SYSTEM, meeting, now=at(DAY + dt.timedelta(days=12)))
    assert meeting.held_on == DAY and meeting.entry_gap_days == 12


def test_a_meeting_entered_late_is_dated_on_its_day(tree: Any, personas: dict) -> None:
    people = members(tree.east1, 2)
    meeting = actions.record_meeting(personas["village_secretary"], organization=tree.east1, kind=Kind.LESSON,
                                     theme="党课", starts_at=at(DAY), presences={p.pk: Presence.PRESENT for p in people})  # fmt: skip
    events = [(e.kind, e.on, e.to_state, e.actor_name) for e in meeting.events()]
    assert events == [
        ("start", DAY, Status.SCHEDULED, "east1_secretary"),
        ("move", DAY, Status.HELD, "east1_secretary"),
    ]
    held = meeting.events().get(kind="move")
    assert held.entry_gap_days == (timezone.localdate() - DAY).days and held.note.startswith("会后")
    assert meeting.entry_gap_days == held.entry_gap_days


def test_record_meeting_in_one_step(tree: Any, personas: dict) -> None:
    people = members(tree.east1, 4)
    meeting = actions.record_meeting(
        personas["village_secretary"], organization=tree.east1, kind=Kind.PARTY_CONGRESS, theme="讨论发展党员",
        starts_at=at(DAY), presences={people[0].pk: Presence.PRESENT, people[1].pk: Presence.PRESENT,
                                      people[2].pk: Presence.LATE},
        minutes="讨论了发展对象", decisions=["同意接收张某为预备党员", ""],
    )  # fmt: skip
    q = services.quorum_of(meeting)
    assert (q.should_attend, q.present, q.reached) == (4, 3, True)
    assert list(meeting.decisions.values_list("text", flat=True)) == ["同意接收张某为预备党员"]
    assert meeting.attendances.get(person=people[3]).presence == Presence.ABSENT


def test_congress_vote_needs_quorum_and_passes_on_more_than_half(tree: Any) -> None:
    people = members(tree.east1, 7, probationary=1)  # 6 voting members
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.PARTY_CONGRESS, theme="x",
                                       starts_at=at(DAY))  # fmt: skip
    rows = {a.person_id: a.pk for a in meeting.attendances.all()}
    actions.record_attendance(SYSTEM, meeting, {rows[p.pk]: Presence.PRESENT for p in people[:3]})
    decision = actions.add_decision(SYSTEM, meeting, "同意发展对象转为预备党员")
    with pytest.raises(DomainError, match="未超过应到 6 人的半数"):
        actions.record_vote(SYSTEM, decision, 3, 0, 0)
    actions.record_attendance(SYSTEM, meeting, {rows[people[3].pk]: Presence.PRESENT})
    with pytest.raises(DomainError, match="超过到会有表决权党员 4 人"):
        actions.record_vote(SYSTEM, decision, 4, 1, 0)
    assert actions.record_vote(SYSTEM, decision, 3, 1, 0).passed is False  # 3 of 6 is not more than half
    assert actions.record_vote(SYSTEM, decision, 4, 0, 0).passed is True


def test_representatives_meeting_votes_by_the_organic_law(tree: Any) -> None:
    # Issue 10.3: the village committee is invited, representatives are added by hand, all vote
    # (members or not); two thirds must be present, a majority of those present passes a motion.
    from jiceng.people.rules import Category, CommitteeTitle
    from jiceng.people.tests.factories import make_person

    director = make_person(tree.east1, "李主任")
    people_actions.add_post(SYSTEM, director, body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR,
                            start_on=dt.date(2021, 1, 15))  # fmt: skip
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.REPRESENTATIVES, theme="修路筹资",
                                       starts_at=at(DAY))  # fmt: skip
    assert [(a.person.name, a.role_note, a.voting) for a in meeting.attendances.all()] == [
        ("李主任", "村委会主任", True)
    ]
    for i in range(5):
        actions.add_invitee(SYSTEM, meeting, make_person(tree.east1, f"代表{i + 1}", Category.RESIDENT))
    assert list(meeting.attendances.values_list("voting", flat=True)) == [True] * 6
    rows = list(meeting.attendances.order_by("pk"))
    decision = actions.add_decision(SYSTEM, meeting, "村道硬化每户筹资100元")
    actions.record_attendance(SYSTEM, meeting, {r.pk: Presence.PRESENT for r in rows[:3]})
    with pytest.raises(DomainError, match="到会 3 人，不足应到 6 人的三分之二（需 4 人）"):
        actions.record_vote(SYSTEM, decision, 3, 0, 0)
    actions.record_attendance(SYSTEM, meeting, {rows[3].pk: Presence.PRESENT})
    actions.record_vote(SYSTEM, decision, 3, 1, 0)  # 3 of 4 present: passes (not 3 of the 6 invited)
    decision.refresh_from_db()
    assert (decision.should_attend, decision.present_voting, decision.passed) == (6, 4, True)


def test_issues_routes_carry_over_and_overdue(tree: Any, cadres: dict) -> None:
    first = regular_meeting(tree, at(DAY))
    actions.hold_meeting(SYSTEM, first, now=at(DAY, 12))
    spot = actions.raise_issue(SYSTEM, first, text="村道路灯损坏", route=Route.ON_THE_SPOT, owner="周书记",
                               organization=tree.east1)  # fmt: skip
    special = actions.raise_issue(SYSTEM, first, text="塘堰清淤资金", route=Route.SPECIAL_MEETING, owner="孙镇长",
                                  organization=tree.east2)  # fmt: skip
    assert spot.resolved_on == DAY and spot.deadline == DAY
    assert special.deadline == dt.date(2026, 4, 10) and special.resolved_on is None
    second = regular_meeting(tree, at(dt.date(2026, 4, 8)))
    assert services.carried_over(second) == [special]
    assert not special.is_overdue(dt.date(2026, 4, 10)) and special.is_overdue(dt.date(2026, 4, 11))
    assert list(Issue.objects.overdue(dt.date(2026, 4, 11))) == [special]
    actions.resolve_issue(SYSTEM, special, "争取一事一议资金", on=dt.date(2026, 4, 9))
    assert services.carried_over(second) == []
    with pytest.raises(DomainError, match="已办结"):
        actions.resolve_issue(SYSTEM, Issue.objects.get(pk=special.pk), "again")


def test_reports_only_at_reporting_meetings_and_within_township(tree: Any, cadres: dict) -> None:
    meeting = regular_meeting(tree, at(DAY), report_theme="年度工作目标")
    report = actions.save_report(SYSTEM, meeting, tree.east1, "今年目标：修通组级公路", "王书记", 4)
    assert report.quality == 4
    with pytest.raises(DomainError, match="不在本乡镇"):
        actions.save_report(SYSTEM, meeting, tree.west1, "x")
    lesson = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.LESSON, theme="x", starts_at=at(DAY))
    with pytest.raises(DomainError, match="没有村级汇报"):
        actions.save_report(SYSTEM, lesson, tree.east1, "x")


def test_cancelled_meeting_is_frozen(tree: Any) -> None:
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.COMMITTEE, theme="x",
                                       starts_at=at(DAY))  # fmt: skip
    actions.cancel_meeting(SYSTEM, meeting)
    with pytest.raises(DomainError, match="已取消"):
        actions.add_decision(SYSTEM, meeting, "x")
    with pytest.raises(IllegalTransition):
        actions.hold_meeting(SYSTEM, meeting, now=at(DAY, 12))


def test_member_cannot_change_a_meeting(tree: Any, personas: dict) -> None:
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east1, kind=Kind.COMMITTEE, theme="x",
                                       starts_at=at(DAY))  # fmt: skip
    with pytest.raises(AccessDenied):
        actions.add_decision(personas["member"], meeting, "x")
    assert not meeting.decisions.exists()


def test_rebuilt_tallies_equal_the_incremental_ones(tree: Any) -> None:
    for month in (1, 2, 2, 5):
        held_meeting(tree.east1, Kind.THEME_DAY, dt.date(2026, month, 8))
    held_meeting(tree.group, Kind.GROUP, dt.date(2026, 2, 3))
    held_meeting(tree.east, Kind.REGULAR, dt.date(2026, 2, 3))
    held_meeting(tree.east1, Kind.THEME_DAY, dt.date(2025, 12, 8))
    columns = ("branch_id", "branch_path", "kind", "year", *MONTH_FIELDS)
    before = set(MeetingTally.objects.values_list(*columns))
    assert actions.rebuild_tallies() == len(before) == 4
    assert set(MeetingTally.objects.values_list(*columns)) == before


def test_township_compliance(tree: Any) -> None:
    members(tree.east1, 7)
    for month in range(1, 7):
        held_meeting(tree.east1, Kind.COMMITTEE, dt.date(2026, month, 5))
    held_meeting(tree.east1, Kind.PARTY_CONGRESS, dt.date(2026, 2, 5))
    Organization.objects.filter(pk__in=[tree.east1.pk, tree.east2.pk]).update(created_at=at(dt.date(2020, 1, 1)))
    rows = {r.name: r for r in services.compliance(tree.east, 2026, as_of=dt.date(2026, 7, 15))}
    assert set(rows) == {"东一村党支部", "东二村党支部"}
    east1 = {k.kind: k for k in rows["东一村党支部"].kinds}
    assert east1[Kind.COMMITTEE].ok and east1[Kind.COMMITTEE].held == 6
    assert east1[Kind.PARTY_CONGRESS].behind == ("2026年第2季度",)
    assert east1[Kind.GROUP].behind  # 东一村 has a 党小组
    east2 = {k.kind for k in rows["东二村党支部"].kinds}
    assert Kind.COMMITTEE not in east2 and Kind.GROUP not in east2  # no 7 full members, no groups


def test_local_requirement_changes_the_dashboard(tree: Any, personas: dict) -> None:
    Organization.objects.filter(pk=tree.east2.pk).update(created_at=at(dt.date(2020, 1, 1)))
    actions.save_requirement(personas["township_officer"], tree.east, Kind.LESSON, "month", 1)
    with pytest.raises(AccessDenied):
        actions.save_requirement(personas["village_secretary"], tree.east1, Kind.LESSON, "month", 0)
    row = next(r for r in services.compliance(tree.east, 2026, dt.date(2026, 4, 1)) if r.name == "东二村党支部")
    lesson = next(k for k in row.kinds if k.kind == Kind.LESSON)
    assert lesson.owed == 3 and lesson.period == "month"


def test_attendance_rates_and_regular_meeting_figures(tree: Any, cadres: dict) -> None:
    for day in (dt.date(2026, 1, 10), dt.date(2026, 2, 10)):
        meeting = regular_meeting(tree, at(day))
        rows = {a.person.name: a.pk for a in meeting.attendances.select_related("person")}
        present = {rows["王书记"]: Presence.PRESENT, rows["赵书记"]: Presence.PRESENT}
        if day.month == 1:
            present[rows["李主任"]] = Presence.PRESENT
        actions.record_attendance(SYSTEM, meeting, present)
        actions.hold_meeting(SYSTEM, meeting, now=at(day, 12))
        actions.save_report(SYSTEM, meeting, tree.east1, "汇报", quality=4 if day.month == 1 else 3)
    rates = {r["name"]: (r["invited"], r["attended"], r["rate"]) for r in services.attendance_rates(tree.east, 2026)}
    assert rates == {"王书记": (2, 2, 100.0), "李主任": (2, 1, 50.0), "赵书记": (2, 2, 100.0), "钱主任": (2, 0, 0.0)}
    figures = {f["organization"]: f for f in services.regular_meeting_figures(tree.east, 2026)}
    assert (figures["东一村党支部"]["rate"], figures["东一村党支部"]["quality"]) == (75.0, 3.5)
    assert (figures["东二村党支部"]["rate"], figures["东二村党支部"]["quality"]) == (50.0, None)


def test_township_rule_only_by_officers(tree: Any, personas: dict) -> None:
    with pytest.raises(AccessDenied):
        actions.save_township_rule(personas["village_secretary"], tree.east, notice_lead_days=2)
    with pytest.raises(AccessDenied):
        actions.save_township_rule(personas["other_township_officer"], tree.east, notice_lead_days=2)
    assert not TownshipRule.objects.exists()


def test_area_meeting_invites_the_villages_of_its_area(tree: Any, cadres: dict) -> None:
    from jiceng.organizations import actions as org_actions

    area = org_actions.save_area(SYSTEM, tree.east, name="东片", villages=[tree.east1.village])
    meeting = actions.schedule_meeting(SYSTEM, organization=tree.east, kind=Kind.AREA, theme="东片片会",
                                       starts_at=at(DAY), area=area)  # fmt: skip
    assert sorted(meeting.attendances.values_list("person__name", flat=True)) == ["李主任", "王书记"]
    with pytest.raises(DomainError, match="片区只用于本乡镇的片会"):
        actions.schedule_meeting(SYSTEM, organization=tree.east, kind=Kind.REGULAR, theme="x", starts_at=at(DAY),
                                 area=area)  # fmt: skip

"""Who may see and change meetings (predicates registered with `rules`)."""

from __future__ import annotations

from typing import Any

import rules

from jiceng.core.access import in_scope, user_org


@rules.predicate
def meeting_in_subtree(user: Any, meeting: Any) -> bool:
    return meeting is not None and in_scope(user, meeting.org_path)


@rules.predicate
def org_in_subtree(user: Any, org: Any) -> bool:
    return org is not None and in_scope(user, org.path)


@rules.predicate
def is_editor(user: Any) -> bool:
    return user_org(user) is not None and bool(getattr(user, "can_edit_people", False))


@rules.predicate
def is_officer(user: Any) -> bool:
    return user_org(user) is not None and bool(getattr(user, "is_officer", False))


@rules.predicate
def is_leave_approver(user: Any, meeting: Any) -> bool:
    """The person the township's rule names (seed 004: the Party secretary); else its officers."""
    from .services import rule_for

    if meeting is None or not in_scope(user, meeting.org_path):
        return False
    rule = rule_for(meeting.organization)
    if rule is not None and rule.leave_approver_id is not None:
        return bool(rule.leave_approver_id == user.pk)
    return bool(getattr(user, "is_officer", False))


@rules.predicate
def invitee_or_meeting_in_subtree(user: Any, attendance: Any) -> bool:
    """A village secretary may ask leave for the village's own cadres invited by the township."""
    return attendance is not None and (
        in_scope(user, attendance.meeting.org_path) or in_scope(user, attendance.person.org_path)
    )


rules.add_perm("meetings.view_meeting", meeting_in_subtree)
rules.add_perm("meetings.request_leave", is_editor & invitee_or_meeting_in_subtree)
rules.add_perm("meetings.change_meeting", is_editor & meeting_in_subtree)
rules.add_perm("meetings.add_meeting_to", is_editor & org_in_subtree)
rules.add_perm("meetings.decide_leave", is_leave_approver)
rules.add_perm("meetings.view_compliance", org_in_subtree)
rules.add_perm("meetings.manage_rules", is_officer & org_in_subtree)

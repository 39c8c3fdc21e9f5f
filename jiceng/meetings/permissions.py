"""Who may see and change meetings (predicates registered with `rules`; the shared ones from core)."""

from __future__ import annotations

from typing import Any

import rules

from jiceng.core.access import in_scope
from jiceng.core.permissions import is_editor, is_officer, org_in_subtree, path_in_subtree


@rules.predicate
def is_leave_approver(user: Any, meeting: Any) -> bool:
    """The person the township's rule names, else the township's Party secretary (seed 004:
    乡党委主要负责人); no longer any township officer (services.leave_approver)."""
    from .services import leave_approver

    if meeting is None or not getattr(user, "is_authenticated", False):
        return False
    approver = leave_approver(meeting.organization).user
    return approver is not None and approver.pk == user.pk


@rules.predicate
def invitee_or_meeting_in_subtree(user: Any, attendance: Any) -> bool:
    """A village secretary may ask leave for the village's own cadres invited by the township."""
    return attendance is not None and (
        in_scope(user, attendance.meeting.org_path) or in_scope(user, attendance.person.org_path)
    )


rules.add_perm("meetings.view_meeting", path_in_subtree)
rules.add_perm("meetings.request_leave", is_editor & invitee_or_meeting_in_subtree)
rules.add_perm("meetings.change_meeting", is_editor & path_in_subtree)
rules.add_perm("meetings.add_meeting_to", is_editor & org_in_subtree)
rules.add_perm("meetings.decide_leave", is_leave_approver)
rules.add_perm("meetings.view_compliance", org_in_subtree)
rules.add_perm("meetings.manage_rules", is_officer & org_in_subtree)

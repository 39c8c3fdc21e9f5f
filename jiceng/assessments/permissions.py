"""Who may do what (predicates registered with `rules`): the officers (township and county
organization staff) of the organization's subtree make schemes, sign 目标责任书, run rounds,
score and enter evidence; a village's people see their village's results and letters."""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_officer, org_in_subtree

rules.add_perm("assessments.manage_org", is_officer & org_in_subtree)

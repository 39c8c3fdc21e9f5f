"""Who may see and run cadre selection (predicates registered with `rules`): officers (township
and county organization staff) of the exercise's subtree. Members and village secretaries see
none: talks and findings are confidential, and a village cadre may be a candidate."""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_officer, org_in_subtree, path_in_subtree

rules.add_perm("selection.view_exercise", is_officer & path_in_subtree)
rules.add_perm("selection.change_exercise", is_officer & path_in_subtree)
rules.add_perm("selection.add_exercise_to", is_officer & org_in_subtree)

"""Who may run an evaluation round: the editors (officers, village secretaries) of its subtree."""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, org_in_subtree

rules.add_perm("evaluations.manage_round", is_editor & org_in_subtree)

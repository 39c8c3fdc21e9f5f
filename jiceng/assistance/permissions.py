"""Who may see and record pairings and the fund (predicates registered with `rules`): officers
of the township's subtree (the records name people in hardship); the fund's public summary
(counts and totals) is for everyone and needs no predicate."""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_officer, org_in_subtree

rules.add_perm("assistance.view_org", is_officer & org_in_subtree)
rules.add_perm("assistance.change_org", is_officer & org_in_subtree)

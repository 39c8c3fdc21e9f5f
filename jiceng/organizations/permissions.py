"""Who may see and change the org tree (the core predicates, combined and registered with `rules`)."""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_officer, org_in_subtree, strictly_below_own_org

rules.add_perm("organizations.view_org", org_in_subtree)
rules.add_perm("organizations.add_child", is_officer & org_in_subtree)
rules.add_perm("organizations.change_org", is_officer & org_in_subtree)
rules.add_perm("organizations.move_org", is_officer & strictly_below_own_org)
rules.add_perm("organizations.dissolve_org", is_officer & strictly_below_own_org)
rules.add_perm("organizations.view_audit", is_officer & org_in_subtree)

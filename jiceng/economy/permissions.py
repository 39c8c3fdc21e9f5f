"""Who may see and record cooperatives and the collective economy (predicates with `rules`).

- Everyone of the subtree sees the collective-economy figures and the list of cooperatives (no
  personal data); the members, holdings and share register name households: editors only.
- Officers and village secretaries of the subtree record (a cooperative by its `org_path`, a
  village's collective economy by the village's organization); the targets and 空壳村 test are
  set by officers for their own organization.
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, is_officer, org_in_subtree, path_in_subtree

rules.add_perm("economy.view_org", org_in_subtree)
rules.add_perm("economy.manage_village", is_editor & org_in_subtree)
rules.add_perm("economy.manage_coop", is_editor & path_in_subtree)
rules.add_perm("economy.set_rule", is_officer & org_in_subtree)

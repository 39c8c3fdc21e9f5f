"""Who may see and move development files (predicates registered with `rules`).

- Everyone of the file's subtree sees it (the person's branch and the organizations above).
- Editors (village secretaries and officers) record the branch's steps; officers of the
  township (or county) take the township committee's steps (预审, 谈话, 审批).
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, is_officer, org_in_subtree, path_in_subtree

rules.add_perm("development.view_file", path_in_subtree)
rules.add_perm("development.change_file", is_editor & path_in_subtree)
rules.add_perm("development.approve_file", is_officer & path_in_subtree)
rules.add_perm("development.add_file_to", is_editor & org_in_subtree)
# The township committee sets each village's yearly plan (seed 004: 乡镇党委"指导每村发展一名党员").
rules.add_perm("development.set_plan", is_officer & org_in_subtree)

"""Who may see and record dues (predicates registered with `rules`).

- Officers and the village secretary of the branch (editors of the subtree) see the collection
  sheet, record bases, payments, reasons and the 上缴; members see only their own dues.
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, org_in_subtree, path_in_subtree

rules.add_perm("dues.manage_org", is_editor & org_in_subtree)
rules.add_perm("dues.change_record", is_editor & path_in_subtree)

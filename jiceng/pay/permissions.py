"""Who may see and change cadre pay (predicates registered with `rules`).

- Township and county officers set the township's scheme and, for each village, enter the
  year's score, awards, payments and the special account (乡财政所 keeps the account).
- The village secretary reads the village's pay sheet (their own pay among it) and changes
  nothing; members see nothing.
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, is_officer, org_in_subtree

rules.add_perm("pay.view_org", is_editor & org_in_subtree)
rules.add_perm("pay.manage_org", is_officer & org_in_subtree)

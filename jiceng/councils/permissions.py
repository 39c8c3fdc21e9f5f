"""Who may see and record care council records (predicates registered with `rules`).

- Everyone of the subtree sees the council, its posts, 理事 and account.
- Editors (officers and the village secretary) set it up, confirm 理事, record income, targets,
  care records and visits; a confirmed 理事 with an account records their own visits.
- 特殊人员 targets: `models.sees_restricted` (the branch secretary's account and officers).
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, org_in_subtree

rules.add_perm("councils.view_org", org_in_subtree)
rules.add_perm("councils.change_org", is_editor & org_in_subtree)

"""Who may see and keep a village's duty rota and log (predicates registered with `rules`).

- Everyone of the village's subtree sees the rota, the 值班牌 and the log.
- Editors (village secretaries and officers) set the rota and write the log of villages in their subtree.
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, org_in_subtree

rules.add_perm("duty.view_duty", org_in_subtree)
rules.add_perm("duty.manage_duty", is_editor & org_in_subtree)

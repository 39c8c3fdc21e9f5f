"""Who may see and record volunteer and youth league records (predicates registered with `rules`).

- Everyone of the subtree sees the village's volunteer teams and their services.
- Officers and the village secretary (editors) record teams, services, the 团支部, 团员, 团费
  and 推优, and see the league page (团员 and 团费 are not shown to members).
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, org_in_subtree

rules.add_perm("volunteers.view_org", org_in_subtree)
rules.add_perm("volunteers.change_org", is_editor & org_in_subtree)

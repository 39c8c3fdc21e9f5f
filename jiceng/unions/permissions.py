"""Who may see and record 户联理事会 records (predicates registered with `rules`).

- Everyone of the subtree sees the unions, their officers, activities and rewards.
- Editors (officers and the village secretary) form unions, record choices and activities.
- 以奖代补 projects are allocated by the officers (township and county) of the subtree.
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, is_officer, org_in_subtree

rules.add_perm("unions.view_org", org_in_subtree)
rules.add_perm("unions.change_org", is_editor & org_in_subtree)
rules.add_perm("unions.reward_org", is_officer & org_in_subtree)

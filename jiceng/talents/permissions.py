"""Who may see and keep the register of rural practical talents (predicates registered with `rules`).

- Everyone of a talent's subtree sees the entry (the village and the organizations above).
- Editors (village secretaries and officers) register talents of villages in their subtree and edit them.
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, org_in_subtree, path_in_subtree

rules.add_perm("talents.view_talent", path_in_subtree)
rules.add_perm("talents.add_talent_to", is_editor & org_in_subtree)
rules.add_perm("talents.change_talent", is_editor & path_in_subtree)

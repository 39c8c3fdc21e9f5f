"""Who may see and record mobile members (predicates registered with `rules`).

- Everyone of an outflow record's subtree sees it (the home branch and the organizations above),
  as they see the person in the roster.
- Editors (village secretaries and officers) record outflows of people in their subtree and keep
  them up to date: activity card, contacts, thought reports, lost contact, the cadre, the return.
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, org_in_subtree, path_in_subtree

rules.add_perm("mobile.view_outflow", path_in_subtree)
rules.add_perm("mobile.add_outflow_to", is_editor & org_in_subtree)
rules.add_perm("mobile.change_outflow", is_editor & path_in_subtree)

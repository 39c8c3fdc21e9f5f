"""Who may see and record training (predicates registered with `rules`).

- Everyone of a session's subtree sees it (the organizer and the organizations above).
- Editors (village secretaries and officers) record sessions of organizations in their subtree,
  and mark the meetings of their subtree as held "以会代训".
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, org_in_subtree, path_in_subtree

rules.add_perm("training.view_session", path_in_subtree)
rules.add_perm("training.add_session_to", is_editor & org_in_subtree)
rules.add_perm("training.credit_meeting", is_editor & path_in_subtree)

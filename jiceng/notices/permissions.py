"""Who may see and handle 公示 (predicates registered with `rules`).

- Everyone in the notice's subtree sees the notice, its dates and its outcome.
- The objections themselves (text, name, contact, handling) are for the officers of the notice's
  subtree only: a village secretary does not see who objected to the village's own 公示.
- Editors (officers and village secretaries) publish and withdraw; officers handle objections and
  decide on an upheld objection; county officers set their county's default period.
"""

from __future__ import annotations

from typing import Any

import rules

from jiceng.core.permissions import is_county_officer, is_editor, is_officer, org_in_subtree


@rules.predicate
def notice_in_subtree(user: Any, notice: Any) -> bool:
    return notice is not None and org_in_subtree(user, notice.organization)


@rules.predicate
def objection_in_subtree(user: Any, objection: Any) -> bool:
    return objection is not None and notice_in_subtree(user, objection.notice)


rules.add_perm("notices.publish_to", is_editor & org_in_subtree)
rules.add_perm("notices.view_notice", notice_in_subtree)
rules.add_perm("notices.withdraw_notice", is_editor & notice_in_subtree)
rules.add_perm("notices.view_objections", is_officer & notice_in_subtree)
rules.add_perm("notices.decide_notice", is_officer & notice_in_subtree)
rules.add_perm("notices.handle_objection", is_officer & objection_in_subtree)
rules.add_perm("notices.change_settings", is_county_officer)

"""Who may do what with publications, spot checks, rules and procedures (django-rules predicates).

- Everyone of the subtree reads; editors (village secretaries and officers) draft and publish
  their village's items and run its procedures; officers record spot checks and take the
  township's part of a procedure; county officers set the county's cadence of the sections.
- The public boards need no login and show published items only.
"""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_county_officer, is_editor, is_officer, org_in_subtree, path_in_subtree

rules.add_perm("openness.view_publication", path_in_subtree)
rules.add_perm("openness.change_publication", is_editor & path_in_subtree)
rules.add_perm("openness.add_publication_to", is_editor & org_in_subtree)
rules.add_perm("openness.add_spotcheck_to", is_officer & org_in_subtree)
rules.add_perm("openness.change_spotcheck", is_officer & path_in_subtree)
rules.add_perm("openness.view_compliance", is_officer & org_in_subtree)
rules.add_perm("openness.change_rules", is_county_officer)
rules.add_perm("openness.add_procedure_to", is_editor & org_in_subtree)
rules.add_perm("openness.change_procedure", is_editor & path_in_subtree)
rules.add_perm("openness.approve_procedure", is_officer & path_in_subtree)

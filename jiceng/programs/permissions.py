"""Who may see and record the 党员创业示范工程 (predicates registered with `rules`).

- Everyone of the county sees the program and its figures (no names).
- A demonstrator's file names a person and a loan: editors of its subtree see it; the branch
  (village secretaries and officers) records the application, the 支部推荐, the households helped,
  the follow-up visits and the 承诺书; the county's officers (the leading group's office) take the
  county's steps: site visit and evaluation, 公示, approval, loan, subsidy, annual review.
"""

from __future__ import annotations

from typing import Any

import rules

from jiceng.core.access import user_org
from jiceng.core.permissions import is_county_officer, is_editor, org_in_subtree, path_in_subtree


@rules.predicate
def program_in_reach(user: Any, program: Any) -> bool:
    """The program's county is at or above the user's organization, or within the user's subtree."""
    org = user_org(user)
    if org is None or program is None:
        return False
    return org.path.startswith(program.org_path) or program.org_path.startswith(org.path)


rules.add_perm("programs.view_program", program_in_reach)
rules.add_perm("programs.add_program_to", is_county_officer & org_in_subtree)
rules.add_perm("programs.change_program", is_county_officer & path_in_subtree)
rules.add_perm("programs.apply_in", is_editor & org_in_subtree)
rules.add_perm("programs.view_application", is_editor & path_in_subtree)
rules.add_perm("programs.change_application", is_editor & path_in_subtree)
rules.add_perm("programs.decide_application", is_county_officer & path_in_subtree)

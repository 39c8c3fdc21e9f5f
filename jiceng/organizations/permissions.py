"""Who may see and change organizations (predicates registered with `rules`)."""

from __future__ import annotations

from typing import Any

import rules

from jiceng.core.access import in_scope, user_org


@rules.predicate
def org_in_subtree(user: Any, org: Any) -> bool:
    return org is not None and in_scope(user, org.path)


@rules.predicate
def is_officer(user: Any) -> bool:
    return user_org(user) is not None and bool(getattr(user, "is_officer", False))


@rules.predicate
def strictly_below_own_org(user: Any, org: Any) -> bool:
    own = user_org(user)
    return own is not None and org is not None and org.path.startswith(own.path) and org.path != own.path


rules.add_perm("organizations.view_org", org_in_subtree)
rules.add_perm("organizations.add_child", is_officer & org_in_subtree)
rules.add_perm("organizations.change_org", is_officer & org_in_subtree)
rules.add_perm("organizations.move_org", is_officer & strictly_below_own_org)
rules.add_perm("organizations.dissolve_org", is_officer & strictly_below_own_org)
rules.add_perm("organizations.view_audit", is_officer & org_in_subtree)

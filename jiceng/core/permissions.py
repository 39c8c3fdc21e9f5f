"""Permission predicates, defined once (django-rules); apps combine them into their permissions.

A user acts within their organization's subtree (`in_scope`), with a role: officers (county and
township organization staff), editors (officers and village secretaries) and members (read
only). `SYSTEM` passes every check (`has_perm` is always true for it).
"""

from __future__ import annotations

from typing import Any

import rules

from .access import in_scope, user_org


@rules.predicate
def is_officer(user: Any) -> bool:
    return user_org(user) is not None and bool(getattr(user, "is_officer", False))


@rules.predicate
def is_editor(user: Any) -> bool:
    """Officers and village secretaries: may record and change (members only read)."""
    return user_org(user) is not None and bool(getattr(user, "can_edit_people", False))


@rules.predicate
def is_county_officer(user: Any) -> bool:
    return is_officer(user) and str(getattr(user, "role", "")) == "county_officer"


@rules.predicate
def org_in_subtree(user: Any, org: Any) -> bool:
    return org is not None and in_scope(user, org.path)


@rules.predicate
def path_in_subtree(user: Any, obj: Any) -> bool:
    """For records that copy their organization's tree path (`org_path`)."""
    return obj is not None and in_scope(user, obj.org_path)


@rules.predicate
def strictly_below_own_org(user: Any, org: Any) -> bool:
    own = user_org(user)
    return own is not None and org is not None and org.path.startswith(own.path) and org.path != own.path

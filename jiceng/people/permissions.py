"""Who may see and change people (predicates registered with `rules`)."""

from __future__ import annotations

from typing import Any

import rules

from jiceng.core.access import in_scope, user_org


@rules.predicate
def person_in_subtree(user: Any, person: Any) -> bool:
    return person is not None and in_scope(user, person.org_path)


@rules.predicate
def org_in_subtree(user: Any, org: Any) -> bool:
    return org is not None and in_scope(user, org.path)


@rules.predicate
def can_edit_people(user: Any) -> bool:
    return user_org(user) is not None and bool(getattr(user, "can_edit_people", False))


@rules.predicate
def is_officer(user: Any) -> bool:
    return user_org(user) is not None and bool(getattr(user, "is_officer", False))


rules.add_perm("people.view_person", person_in_subtree)
rules.add_perm("people.change_person", can_edit_people & person_in_subtree)
rules.add_perm("people.add_person_to", can_edit_people & org_in_subtree)
# The full ID number on the detail page: officers and village secretaries of the subtree.
rules.add_perm("people.view_full_id", can_edit_people & person_in_subtree)
# A workbook with full ID numbers, and roster import: officers of the subtree only.
rules.add_perm("people.export_full_ids", is_officer & org_in_subtree)
rules.add_perm("people.import_roster", is_officer & org_in_subtree)

"""Who may see and change people (the core predicates, combined and registered with `rules`)."""

from __future__ import annotations

import rules

from jiceng.core.permissions import is_editor, is_officer, org_in_subtree, path_in_subtree

# People carry their organization's tree path (`org_path`): the subtree test needs no join.
rules.add_perm("people.view_person", path_in_subtree)
rules.add_perm("people.change_person", is_editor & path_in_subtree)
rules.add_perm("people.add_person_to", is_editor & org_in_subtree)
# The full ID number on the detail page: officers and village secretaries of the subtree.
rules.add_perm("people.view_full_id", is_editor & path_in_subtree)
# A workbook with full ID numbers, and roster import: officers of the subtree only.
rules.add_perm("people.export_full_ids", is_officer & org_in_subtree)
rules.add_perm("people.import_roster", is_officer & org_in_subtree)

"""The size of each 党支部 of a subtree, against the regulations (issue 10.7): more than 50
members (generally a 党总支) or fewer than 3 full members (a joint branch) are shown as warnings
on the branch's page and its township's dashboard. Two queries, whatever the subtree's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from jiceng.organizations.models import Organization
from jiceng.organizations.rules import BRANCH_PROPER_KINDS, size_warnings
from jiceng.people.models import Person
from jiceng.people.rules import MEMBER_CATEGORIES, Category


@dataclass(frozen=True)
class BranchSize:
    org: Organization
    members: int
    full_members: int
    warnings: list[str]


def _branch_of(path: str, branches: dict[str, Organization]) -> Organization | None:
    """The 党支部 whose subtree holds `path` (a 党支部 never lies inside another)."""
    for end in range(len(path), 0, -Organization.steplen):
        found = branches.get(path[:end])
        if found is not None:
            return found
    return None


def branch_sizes(root: Organization) -> list[BranchSize]:
    """Every active 党支部 of `root`'s subtree whose size the regulations warn about, by path."""
    branches = {
        org.path: org
        for org in Organization.objects.filter(path__startswith=root.path, kind__in=BRANCH_PROPER_KINDS,
                                               dissolved_on__isnull=True)
    }  # fmt: skip
    if not branches:
        return []
    members: dict[int, int] = {}
    full: dict[int, int] = {}
    rows = (Person.objects.in_subtree(root).filter(category__in=MEMBER_CATEGORIES).values("org_path", "category")
            .annotate(n=Count("pk")).order_by().values_list("org_path", "category", "n"))  # fmt: skip
    for org_path, category, n in rows:
        branch = _branch_of(org_path, branches)
        if branch is None:
            continue
        members[branch.pk] = members.get(branch.pk, 0) + n
        if category == Category.FULL:
            full[branch.pk] = full.get(branch.pk, 0) + n
    out = []
    for path in sorted(branches):
        org = branches[path]
        warnings = size_warnings(org.kind, members.get(org.pk, 0), full.get(org.pk, 0))
        if warnings:
            out.append(BranchSize(org, members.get(org.pk, 0), full.get(org.pk, 0), warnings))
    return out

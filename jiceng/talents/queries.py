"""Reading the talent register: the figures by category of an organization's subtree."""

from __future__ import annotations

from django.db.models import Count

from jiceng.organizations.models import Organization

from . import rules
from .models import Talent


def counts(org: Organization) -> dict[str, int]:
    rows = Talent.objects.filter(org_path__startswith=org.path).values("category").annotate(n=Count("id"))
    return {row["category"]: row["n"] for row in rows.order_by()}


def figures(org: Organization) -> tuple[list[rules.CategoryCount], str, int]:
    found = counts(org)
    return rules.by_category(found), rules.figures_text(found), sum(found.values())

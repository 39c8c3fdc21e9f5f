"""Test helpers: households in the test tree's villages, a cooperative, the collective economy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.economy import actions
from jiceng.economy.models import Cooperative
from jiceng.households.models import Grid, Household
from jiceng.organizations.models import Organization

D = dt.date
TODAY = D(2026, 6, 30)


def grid(org: Organization, name: str = "一组网格") -> Grid:
    found = Grid.objects.filter(organization=org, name=name).first()
    return found or Grid.objects.create(organization=org, org_path=org.path, name=name, responsible="赵六")


def households(org: Organization, count: int, prefix: str = "户主") -> list[Household]:
    """`count` households of the village of `org` (bulk: seed 000's figures need thousands)."""
    g = grid(org)
    made = Household.objects.bulk_create(
        Household(grid=g, org_path=org.path, head_name=f"{prefix}{i:04d}", size=3) for i in range(1, count + 1)
    )
    return list(Household.objects.filter(pk__in=[h.pk for h in made]).order_by("pk"))


def household(org: Organization, name: str) -> Household:
    return Household.objects.create(grid=grid(org), org_path=org.path, head_name=name, size=3)


def coop(org: Organization, name: str = "陈家庄运输合作社", **extra: Any) -> Cooperative:
    data = {"industry": "运输", "founded_on": D(2004, 1, 10), "listed": True, **extra}
    return actions.create_cooperative(SYSTEM, org, name=name, **data)

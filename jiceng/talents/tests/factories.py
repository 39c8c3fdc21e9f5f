"""Talent test data."""

from __future__ import annotations

from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.talents import actions
from jiceng.talents.models import Talent
from jiceng.talents.rules import Category


def talent(org: Organization, name: str = "李大富", category: str = Category.BREEDING, *, skills: str = "蛋鸡养殖",
           actor: Any = SYSTEM, **extra: Any) -> Talent:  # fmt: skip
    return actions.create_talent(actor, org, name=name, category=category, skills=skills, **extra)

"""Test data builders for ledgers, through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.ledgers import actions
from jiceng.ledgers.defaults import install_templates
from jiceng.ledgers.models import LedgerItem, LedgerType
from jiceng.organizations.models import Organization

__all__ = ["SYSTEM", "make_item", "template"]


def template(code: str) -> LedgerType:
    install_templates()  # transactional tests flush the migration's rows
    return LedgerType.objects.get(owner=None, code=code)


def make_item(
    org: Organization,
    code: str = "livelihood",
    description: str = "村道破损，雨天积水",
    *,
    actor: Any = None,
    collected_on: dt.date | None = None,
    **data: Any,
) -> LedgerItem:
    return actions.create_item(
        actor or SYSTEM,
        ledger_type=template(code),
        organization=org,
        description=description,
        collected_on=collected_on,
        **data,
    )

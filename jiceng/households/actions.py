"""Every change to grids, households and visits: permission-checked, atomic, audited.

Village secretaries and officers of the village's subtree record them (members only read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import in_scope, require
from jiceng.core.actor import Actor, actor_user, is_system
from jiceng.core.errors import DomainError
from jiceng.core.permissions import is_editor
from jiceng.organizations.models import Organization

from .models import Grid, Household, Visit
from .rules import VisitKind


def _check_place(actor: Actor, org: Organization) -> None:
    if not is_system(actor):
        require(bool(is_editor(actor)) and in_scope(actor, org.path))


def create_grid(actor: Actor, organization: Organization, *, name: str, responsible: str, **data: Any) -> Grid:
    _check_place(actor, organization)
    if not organization.is_village_level:
        raise DomainError("网格应设在村级党组织")
    if not name.strip() or not responsible.strip():
        raise DomainError("请填写网格名称和网格责任人")
    if Grid.objects.filter(organization=organization, name=name.strip()).exists():
        raise DomainError("本村已有同名网格")
    with transaction.atomic():
        grid = Grid.objects.create(organization=organization, org_path=organization.path, name=name.strip(),
                                   responsible=responsible.strip(), **data)  # fmt: skip
        audit.record(actor, "create", grid, org=organization, changes={"name": grid.name, "责任人": responsible})
    return grid


def add_household(actor: Actor, grid: Grid, *, head_name: str, **data: Any) -> Household:
    _check_place(actor, grid.organization)
    if not head_name.strip():
        raise DomainError("请填写户主姓名")
    with transaction.atomic():
        house = Household.objects.create(grid=grid, org_path=grid.org_path, head_name=head_name.strip(), **data)
        audit.record(actor, "create", house, org=grid.organization, changes={"户主": house.head_name})
    return house


def import_households(actor: Actor, grid: Grid, rows: Sequence[Mapping[str, Any]]) -> list[Household]:
    """Households read from a sheet (`sheets.parse`): all saved in one transaction, or none."""
    _check_place(actor, grid.organization)
    if not rows:
        raise DomainError("没有可导入的农户")
    fields = ("head_name", "address", "size", "note")
    with transaction.atomic():
        made = Household.objects.bulk_create(
            [Household(grid=grid, org_path=grid.org_path, **{f: row[f] for f in fields if f in row}) for row in rows]
        )
        audit.record(actor, "update", grid, org=grid.organization, changes={"导入农户": len(made)})
    return made


def record_visit(
    actor: Actor,
    *,
    organization: Organization,
    kind: str,
    visited_on: dt.date,
    visitee: str,
    findings: str = "",
    grid: Grid | None = None,
    household: Household | None = None,
) -> Visit:
    """A 五访五问 visit (event date `visited_on`; the entry date is kept as `created_at`)."""
    _check_place(actor, organization)
    if kind not in VisitKind.values:
        raise DomainError("请选择走访类型（五访五问）")
    if visited_on > timezone.localdate():
        raise DomainError("走访日期不能晚于今天")
    if not visitee.strip():
        raise DomainError("请填写走访对象")
    if grid is not None and grid.organization_id != organization.pk:
        raise DomainError("网格不属于所选村")
    if household is not None and household.grid.organization_id != organization.pk:
        raise DomainError("农户不属于所选村")
    visitor = actor_user(actor)
    if visitor is None:
        raise DomainError("走访须由走访人本人登记")
    with transaction.atomic():
        visit = Visit.objects.create(
            visitor=visitor, organization=organization, org_path=organization.path, grid=grid or
            (household.grid if household else None), household=household, kind=kind, visited_on=visited_on,
            visitee=visitee.strip(), findings=findings.strip(),
        )  # fmt: skip
        audit.record(
            actor, "create", visit, org=organization, changes={"kind": kind, "visited_on": visited_on.isoformat()}
        )
    return visit

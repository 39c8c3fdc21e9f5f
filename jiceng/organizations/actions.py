"""Every change to the org tree: atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor
from jiceng.core.errors import DomainError

from . import rules, signals
from .models import Area, Organization, Village


def _check_name(name: str) -> str:
    problem = rules.name_problem(name)
    if problem:
        raise DomainError(problem)
    return name.strip()


def _ensure_unique(full_path: str, exclude_pk: int | None = None) -> None:
    clash = Organization.objects.active().filter(full_path=full_path)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(f"已存在同名组织：{full_path}")


def get_village(township: Organization, name: str) -> Village:
    village, _ = Village.objects.get_or_create(township=township, name=name.strip())
    return village


def township_of(org: Organization) -> Organization | None:
    """The nearest 乡镇党委 at or above `org`."""
    if org.kind == rules.OrgKind.TOWNSHIP_COMMITTEE:
        return org
    return org.ancestors().filter(kind=rules.OrgKind.TOWNSHIP_COMMITTEE).last()


def _check_founding(founded_on: dt.date | None) -> None:
    problem = rules.founding_problem(founded_on, timezone.localdate())
    if problem:
        raise DomainError(problem)


def _created(founded_on: dt.date | None, **changes: Any) -> dict[str, Any]:
    """What a creation's audit event lists (the founding date only when known)."""
    return {**changes, **({"founded_on": founded_on.isoformat()} if founded_on else {})}


def create_root(
    actor: Actor, *, name: str, kind: str, division_code: str = "", founded_on: dt.date | None = None
) -> Organization:
    """A tree root (县委); only superusers and the command line create roots."""
    require(actor is None or getattr(actor, "is_superuser", False), "只有系统管理员可以新建根组织")
    name = _check_name(name)
    _ensure_unique(name)
    _check_founding(founded_on)
    with transaction.atomic():
        org = Organization.objects.add_root(
            create_kwargs={"name": name, "kind": kind, "full_path": name, "division_code": division_code,
                           "founded_on": founded_on}
        )  # fmt: skip
        audit.record(actor, "create", org, org=org, changes=_created(founded_on, name=name, kind=kind))
    return org


def create_organization(
    actor: Actor,
    *,
    parent: Organization,
    name: str,
    kind: str,
    division_code: str = "",
    village_name: str = "",
    founded_on: dt.date | None = None,
    check_access: bool = True,
) -> Organization:
    if check_access:
        require(actor.has_perm("organizations.add_child", parent))
    name = _check_name(name)
    _check_founding(founded_on)
    if parent.is_dissolved:
        raise DomainError("上级组织已撤销，不能在其下新建组织")
    if not rules.can_contain(parent.kind, kind):
        raise DomainError(f"{rules.OrgKind(parent.kind).label}下不能设立{rules.OrgKind(kind).label}")
    full_path = rules.join_path([parent.full_path, name])
    _ensure_unique(full_path)
    with transaction.atomic():
        village = None
        if village_name.strip():
            township = township_of(parent)
            if township is None:
                raise DomainError("只有乡镇党委下的组织才能关联行政村")
            village = get_village(township, village_name)
        fields = {
            "name": name,
            "kind": kind,
            "full_path": full_path,
            "division_code": division_code,
            "village": village,
            "is_village_level": rules.is_village_level(kind, parent.kind, village is not None),
            "founded_on": founded_on,
        }
        org = Organization.objects.add_child(parent, create_kwargs=fields)
        changes = _created(founded_on, name=name, kind=kind, parent=parent.full_path)
        audit.record(actor, "create", org, org=org, changes=changes)
    return org


DETAIL_FIELDS = ("division_code", "village_name", "founded_on")


def update_organization(actor: Actor, org: Organization, **changes: Any) -> Organization:
    """Change an organization's details: 行政区划代码, 所属行政村 (a village name; empty keeps the
    current one) and 成立日期 (None = unknown). Only the given fields change; audited."""
    require(actor.has_perm("organizations.change_org", org))
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if org.is_dissolved:
        raise DomainError("已撤销的组织不能修改")
    code = changes.get("division_code")
    if code and not (code.isdigit() and 6 <= len(code) <= 12):
        raise DomainError("行政区划代码应为6至12位数字")
    if "founded_on" in changes:
        _check_founding(changes["founded_on"])
    village_name = (changes.get("village_name") or "").strip()
    township = township_of(org) if village_name else None
    if village_name and township is None:
        raise DomainError("只有乡镇党委下的组织才能关联行政村")
    with transaction.atomic():
        before = _details(org)
        if "division_code" in changes:
            org.division_code = changes["division_code"] or ""
        if "founded_on" in changes:
            org.founded_on = changes["founded_on"]
        if township is not None:
            org.village = get_village(township, village_name)
            org.is_village_level = True
        after = _details(org)
        if after != before:
            org.save(update_fields=["division_code", "founded_on", "village", "is_village_level", "updated_at"])
            audit.record(actor, "update", org, org=org, changes=audit.diff(before, after))
    return org


def _details(org: Organization) -> dict[str, Any]:
    return {
        "division_code": org.division_code,
        "village": org.village.name if org.village is not None else "",
        "founded_on": org.founded_on.isoformat() if org.founded_on else None,
    }


def _rewrite_subtree_paths(org: Organization, old_full_path: str) -> None:
    """After a rename or move, every descendant's full path changes its prefix."""
    prefix_len = len(old_full_path) + 1
    org.descendants().update(full_path=Concat(Value(org.full_path), Substr("full_path", prefix_len)))


def rename_organization(actor: Actor, org: Organization, name: str) -> Organization:
    require(actor.has_perm("organizations.change_org", org))
    name = _check_name(name)
    if org.is_dissolved:
        raise DomainError("已撤销的组织不能更名")
    parent = org.parent()
    new_full = rules.join_path([parent.full_path, name]) if parent else name
    _ensure_unique(new_full, exclude_pk=org.pk)
    with transaction.atomic():
        old_name, old_full = org.name, org.full_path
        org.name, org.full_path = name, new_full
        org.save(update_fields=["name", "full_path", "updated_at"])
        _rewrite_subtree_paths(org, old_full)
        audit.record(actor, "rename", org, org=org, changes={"name": [old_name, name]})
    return org


def move_organization(actor: Actor, org: Organization, new_parent: Organization) -> Organization:
    require(actor.has_perm("organizations.move_org", org))
    require(actor.has_perm("organizations.add_child", new_parent))
    if new_parent.path.startswith(org.path):
        raise DomainError("不能把组织移动到它自己或它的下级组织之下")
    if new_parent.is_dissolved or org.is_dissolved:
        raise DomainError("已撤销的组织不能移动")
    if not rules.can_contain(new_parent.kind, org.kind):
        raise DomainError(f"{rules.OrgKind(new_parent.kind).label}下不能设立{rules.OrgKind(org.kind).label}")
    new_full = rules.join_path([new_parent.full_path, org.name])
    _ensure_unique(new_full, exclude_pk=org.pk)
    with transaction.atomic():
        old_parent = org.parent()
        old_full, old_tree_path = org.full_path, org.path
        Organization.objects.move(org, new_parent, pos="last-child")
        org.refresh_from_db()
        org.full_path = new_full
        org.is_village_level = rules.is_village_level(org.kind, new_parent.kind, org.village_id is not None)
        org.save(update_fields=["full_path", "is_village_level", "updated_at"])
        _rewrite_subtree_paths(org, old_full)
        # People, ledger items, … carry a copy of their organization's tree path: rewrite the moved
        # prefix in every table with an `org_path` column (found by name: no import of those apps).
        for model in _models_with_org_path():
            model._base_manager.filter(org_path__startswith=old_tree_path).update(
                org_path=Concat(Value(org.path), Substr("org_path", len(old_tree_path) + 1))
            )
        signals.organization_moved.send(Organization, old_path=old_tree_path, new_path=org.path)
        if old_parent is not None:  # the old parent's subtree changes too
            audit.record(
                actor, "move_out", org, org=old_parent, changes={"parent": [old_parent.full_path, new_parent.full_path]}
            )
        audit.record(
            actor,
            "move",
            org,
            org=org,
            changes={"parent": [old_parent.full_path if old_parent else "", new_parent.full_path]},
        )
    return org


def _models_with_org_path() -> list[Any]:
    from django.apps import apps

    return [m for m in apps.get_models() if any(f.name == "org_path" for f in m._meta.concrete_fields)]


def dissolve_organization(actor: Actor, org: Organization, on: dt.date | None = None) -> Organization:
    """Dissolving keeps the record and its history; it needs an empty subtree."""
    require(actor.has_perm("organizations.dissolve_org", org))
    if org.is_dissolved:
        raise DomainError("该组织已撤销")
    if org.descendants().active().exists():
        raise DomainError("请先撤销或转出下级组织")
    on = on or timezone.localdate()
    if org.founded_on is not None and on < org.founded_on:
        raise DomainError("撤销日期不能早于成立日期")
    # Higher apps that keep records in the organization refuse here (people: its members).
    signals.organization_dissolving.send(Organization, organization=org)
    with transaction.atomic():
        org.dissolved_on = on
        org.save(update_fields=["dissolved_on", "updated_at"])
        audit.record(actor, "dissolve", org, org=org, changes={"dissolved_on": org.dissolved_on.isoformat()})
    return org


def save_area(
    actor: Actor, township: Organization, *, name: str, villages: list[Village], area: Area | None = None
) -> Area:
    """Create or update a 片区 of a township: its name and the villages it groups."""
    require(actor.has_perm("organizations.change_org", township))
    if township.kind != rules.OrgKind.TOWNSHIP_COMMITTEE:
        raise DomainError("片区只能在乡镇党委下设立")
    name = name.strip()
    if not name:
        raise DomainError("片区名称不能为空")
    if any(v.township_id != township.pk for v in villages):
        raise DomainError("只能选择本乡镇的行政村")
    clash = Area.objects.filter(township=township, name=name)
    if area is not None:
        clash = clash.exclude(pk=area.pk)
    if clash.exists():
        raise DomainError(f"已存在同名片区：{name}")
    with transaction.atomic():
        before = {"name": area.name, "villages": sorted(v.name for v in area.villages.all())} if area else {}
        if area is None:
            area = Area.objects.create(township=township, name=name)
        else:
            area.name = name
            area.save(update_fields=["name", "updated_at"])
        area.villages.set(villages)
        after = {"name": name, "villages": sorted(v.name for v in villages)}
        audit.record(actor, "update" if before else "create", area, org=township, changes=audit.diff(before, after))
    return area

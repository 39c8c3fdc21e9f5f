"""Every change to the talent register: permission-checked, atomic, audited.

A talent belongs to a village-level organization; a duplicate (the same name in the same village
under the same category, or the same person record) is refused in Chinese and nothing is written.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_user, is_system
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

from . import rules
from .models import Talent
from .rules import Category

FIELDS = ("name", "category", "skills", "contact", "local_top", "double_lead", "other_honors", "person", "note")
PHONE_FILLER = re.compile(r"[\s\-–—]+")
PHONE = re.compile(r"\d{7,12}")


def _contact(value: str) -> str:
    digits = PHONE_FILLER.sub("", value or "")
    if digits and not PHONE.fullmatch(digits):
        raise DomainError("联系电话应为7到12位数字")
    return digits


def _person(actor: Actor, person: Any, org: Organization) -> Person | None:
    if person in (None, ""):
        return None
    people = Person.objects.all() if is_system(actor) else Person.objects.visible_to(actor)
    found = people.filter(pk=getattr(person, "pk", person)).first()
    if found is None or not found.org_path.startswith(org.path):
        raise DomainError("所选人员档案不存在或不在本村")
    return found


def _clean(actor: Actor, org: Organization, data: dict[str, Any]) -> dict[str, Any]:
    person = _person(actor, data.get("person"), org)
    name = (data.get("name") or "").strip() or (person.name if person else "")
    if not name:
        raise DomainError("请填写姓名")
    if person is not None and rules.normal_name(name) != rules.normal_name(person.name):
        raise DomainError(f"姓名与所选人员档案（{person.name}）不一致")
    if data.get("category") not in Category.values:
        raise DomainError("请选择人才类别")
    skills = (data.get("skills") or "").strip()
    if not skills:
        raise DomainError("请填写专长技能")
    texts = {f: (data.get(f) or "").strip() for f in ("other_honors", "note")}
    contact = _contact(data.get("contact", ""))
    return {**data, **texts, "name": name, "skills": skills, "person": person, "contact": contact}


def _check_duplicate(talent: Talent) -> None:
    others = Talent.objects.exclude(pk=talent.pk)
    same = others.filter(organization=talent.organization, name_key=talent.name_key, category=talent.category)
    if same.exists():
        raise DomainError(f"{talent.organization.name}已登记{talent.name}为{talent.get_category_display()}类实用人才，"
                          "不能重复登记")  # fmt: skip
    if talent.person_id and (other := others.filter(person_id=talent.person_id).first()):
        raise DomainError(f"{talent.name}已登记为{other.get_category_display()}类实用人才，同一人员只登记一次")


def _save(talent: Talent, **kwargs: Any) -> None:
    _check_duplicate(talent)
    try:
        with transaction.atomic():  # a savepoint: the unique constraints decide a race
            talent.save(**kwargs)
    except IntegrityError as exc:
        raise DomainError(f"{talent.name}已登记为实用人才，不能重复登记") from exc


def _place(org: Organization) -> None:
    if not org.is_village_level:
        raise DomainError("实用人才登记在村级党组织下")


def create_talent(actor: Actor, organization: Organization, **data: Any) -> Talent:
    """Register a talent of a village (name, category, skills, contact, honors, person record)."""
    require(actor.has_perm("talents.add_talent_to", organization))
    _place(organization)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise DomainError(f"未知字段：{'、'.join(sorted(unknown))}")
    clean = _clean(actor, organization, data)
    talent = Talent(organization=organization, org_path=organization.path, name_key=rules.normal_name(clean["name"]),
                    created_by=actor_user(actor), **clean)  # fmt: skip
    with transaction.atomic():
        _save(talent)
        changes = {"姓名": talent.name, "人才类别": talent.get_category_display(), "专长技能": talent.skills}
        audit.record(actor, "create", talent, org=organization, changes=changes)
    return talent


def update_talent(actor: Actor, talent: Talent, **data: Any) -> Talent:
    require(actor.has_perm("talents.change_talent", talent))
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise DomainError(f"未知字段：{'、'.join(sorted(unknown))}")
    before = {f: getattr(talent, f) for f in FIELDS}
    clean = _clean(actor, talent.organization, {**before, **data})
    for field, value in clean.items():
        setattr(talent, field, value)
    talent.name_key = rules.normal_name(talent.name)
    changed = [f for f in FIELDS if getattr(talent, f) != before[f]]
    if not changed:
        return talent
    with transaction.atomic():
        _save(talent, update_fields=[*changed, "name_key", "updated_at"])
        labels = {f: str(getattr(Talent._meta.get_field(f), "verbose_name", f)) for f in changed}
        changes = {labels[f]: str(getattr(talent, f) or "") for f in changed}
        audit.record(actor, "update", talent, org=talent.organization, changes=changes)
    return talent

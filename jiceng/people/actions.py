"""Every change to people and posts: atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization

from . import rules
from .crypto import encrypt_id, id_digest
from .models import CategoryChange, Person, Post, ReserveCadre

PERSON_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "education",
    "category",
    "organization",
    "joined_on",
    "confirmed_on",
    "phone",
    "is_mobile",
    "mobile_destination",
)


def person_problems(data: dict[str, Any]) -> dict[str, str]:
    """Field → reason for every rule the data breaks (shared by forms, API and roster import)."""
    problems: dict[str, str] = {}
    category = data.get("category")
    joined, confirmed = data.get("joined_on"), data.get("confirmed_on")
    if category in rules.MEMBER_CATEGORIES and joined is None:
        problems["joined_on"] = "党员必须填写入党日期"
    if category == rules.Category.FULL and confirmed is None:
        problems["confirmed_on"] = "正式党员必须填写转正日期"
    if joined and confirmed and confirmed < joined:
        problems["confirmed_on"] = "转正日期不能早于入党日期"
    birth = data.get("birth_date")
    if joined and birth and rules.age_on(birth, joined) < 18:
        problems["joined_on"] = "入党时应年满18周岁"
    phone = data.get("phone") or ""
    if phone and not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        problems["phone"] = "联系电话应为11位手机号码"
    return problems


def identity_fields(id_number: str) -> dict[str, Any]:
    """Derived, stored fields for an ID number (encrypted value, digest, mask, sex, birth)."""
    return {
        "id_number_enc": encrypt_id(id_number),
        "id_digest": id_digest(id_number),
        "id_masked": rules.mask_id(id_number),
        "sex": rules.sex_from_id(id_number),
        "birth_date": rules.birth_date_from_id(id_number),
    }


def initial_category_history(person: Person, today: dt.date) -> list[CategoryChange]:
    """History rows implied by a new person's dates (see `rules.initial_stages`)."""
    stages = rules.initial_stages(person.category, person.joined_on, person.confirmed_on, today)
    return [CategoryChange(person=person, category=category, since=since) for category, since in stages]


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise DomainError("；".join(problems.values()))


def create_person(actor: Any, *, id_number: str, **data: Any) -> Person:
    org: Organization = data["organization"]
    require(actor.has_perm("people.add_person_to", org))
    id_number = rules.normalize_id(id_number)
    problem = rules.id_problem(id_number)
    if problem:
        raise DomainError(problem)
    derived = identity_fields(id_number)
    data.setdefault("birth_date", derived["birth_date"])
    _raise_problems(person_problems(data))
    if Person.objects.filter(id_digest=derived["id_digest"]).exists():
        raise DomainError("该公民身份号码已登记")
    pinyin, initials = rules.pinyin_keys(data["name"])
    with transaction.atomic():
        person = Person.objects.create(
            **{**data, **derived}, org_path=org.path, name_pinyin=pinyin, name_initials=initials
        )
        CategoryChange.objects.bulk_create(initial_category_history(person, timezone.localdate()))
        audit.record(
            actor,
            "create",
            person,
            org=org,
            changes=audit.snapshot(person, [f for f in PERSON_FIELDS if f != "organization"]),
        )
    return person


def update_person(actor: Any, person: Person, **data: Any) -> Person:
    """Update the given fields; a new organization must also be in the actor's subtree."""
    require(actor.has_perm("people.change_person", person))
    new_org = data.get("organization")
    if new_org is not None:
        require(actor.has_perm("people.add_person_to", new_org))
        if new_org.is_dissolved:
            raise DomainError("不能转入已撤销的组织")
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    merged = {**{name: getattr(person, name) for name in PERSON_FIELDS}, **data}
    _raise_problems(person_problems(merged))
    with transaction.atomic():
        before = audit.snapshot(person, data.keys())
        old_category, old_org = person.category, person.organization
        for field, value in data.items():
            setattr(person, field, value)
        fields = list(data)
        if "name" in data:
            person.name_pinyin, person.name_initials = rules.pinyin_keys(person.name)
            fields += ["name_pinyin", "name_initials"]
        if new_org is not None:
            person.org_path = new_org.path
            fields.append("org_path")
        person.save(update_fields=[*fields, "updated_at"])
        if person.category != old_category:
            since = _category_since(person)
            CategoryChange.objects.create(person=person, category=person.category, since=since)
        changes = audit.diff(before, audit.snapshot(person, data.keys()))
        if changes:
            audit.record(actor, "update", person, org=person.organization, changes=changes)
        if person.organization != old_org:  # the organization left behind sees the transfer too
            audit.record(actor, "transfer_out", person, org=old_org, changes=changes)
    return person


def _category_since(person: Person) -> dt.date:
    if person.category == rules.Category.FULL and person.confirmed_on:
        return person.confirmed_on
    if person.category == rules.Category.PROBATIONARY and person.joined_on:
        return person.joined_on
    return timezone.localdate()


def delete_person(actor: Any, person: Person) -> None:
    require(actor.has_perm("people.change_person", person))
    with transaction.atomic():
        audit.record(
            actor,
            "delete",
            person,
            org=person.organization,
            changes={"name": person.name, "id_masked": person.id_masked},
        )
        person.delete()


def add_post(
    actor: Any,
    person: Person,
    *,
    body: str,
    title: str,
    organization: Organization | None = None,
    appointment_mode: str = rules.AppointmentMode.ELECTED,
    start_on: dt.date | None = None,
) -> Post:
    org = organization or person.organization
    require(actor.has_perm("people.change_person", person))
    require(actor.has_perm("people.add_person_to", org))
    valid = rules.PartyTitle.values if body == rules.PostBody.PARTY else rules.CommitteeTitle.values
    if title not in valid:
        raise DomainError("职务名称不正确")
    with transaction.atomic():
        post = Post.objects.create(
            person=person,
            organization=org,
            body=body,
            title=title,
            appointment_mode=appointment_mode,
            start_on=start_on,
        )
        audit.record(
            actor,
            "create",
            post,
            org=org,
            changes=audit.snapshot(post, ["body", "title", "appointment_mode", "start_on"]),
        )
    return post


def end_post(actor: Any, post: Post, end_on: dt.date) -> Post:
    require(actor.has_perm("people.change_person", post.person))
    if post.end_on is not None:
        raise DomainError("该职务已离任")
    if post.start_on and end_on < post.start_on:
        raise DomainError("离任日期不能早于任职日期")
    with transaction.atomic():
        post.end_on = end_on
        post.save(update_fields=["end_on", "updated_at"])
        audit.record(actor, "update", post, org=post.organization, changes={"end_on": [None, end_on.isoformat()]})
    return post


def add_reserve_cadre(
    actor: Any, person: Person, *, since: dt.date, intended_post: str = "", notes: str = ""
) -> ReserveCadre:
    require(actor.has_perm("people.change_person", person))
    with transaction.atomic():
        entry = ReserveCadre.objects.create(
            person=person,
            organization=person.organization,
            since=since,
            intended_post=intended_post,
            notes=notes,
        )
        audit.record(
            actor,
            "create",
            entry,
            org=person.organization,
            changes={"person": person.name, "since": since.isoformat(), "intended_post": intended_post},
        )
    return entry

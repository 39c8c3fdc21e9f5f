"""The bulk write path for many people at once (roster import, demo data).

Rows arrive already validated (`actions.create_people` checks them and writes their audit
events; the demo data of an empty database comes straight here). Derived fields (encrypted ID,
digest, mask, pinyin, tree path) are computed here, so every writer stores people the same way as
`actions.create_person`. Rows go in through `core.bulk.insert_rows` (one multi-row INSERT per batch).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from jiceng.core.bulk import insert_rows
from jiceng.organizations.models import Organization

from . import rules
from .crypto import encrypt_id, id_digest
from .models import CategoryChange, Person, Post

BATCH = 5000
PERSON_COLUMNS = (
    "name", "name_pinyin", "name_initials", "id_number_enc", "id_digest", "id_masked", "sex", "birth_date",
    "ethnicity", "education", "category", "organization_id", "org_path", "joined_on", "confirmed_on", "phone",
    "is_mobile", "mobile_destination", "probation_extended_months", "created_at", "updated_at",
)  # fmt: skip


@dataclass
class PostRow:
    body: str
    title: str
    start_on: dt.date | None = None
    appointment_mode: str = rules.AppointmentMode.ELECTED
    organization: Organization | None = None  # default: the person's organization
    term: str = ""  # 届次


@dataclass
class PersonRow:
    id_number: str
    name: str
    category: str
    organization: Organization
    ethnicity: str = "汉族"
    education: str = ""
    joined_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    phone: str = ""
    is_mobile: bool = False
    mobile_destination: str = ""
    probation_extended_months: int | None = None
    posts: list[PostRow] = field(default_factory=list)


def identity_fields(id_number: str) -> dict[str, Any]:
    """Derived, stored fields for an ID number (encrypted value, digest, mask, sex, birth)."""
    return {
        "id_number_enc": encrypt_id(id_number),
        "id_digest": id_digest(id_number),
        "id_masked": rules.mask_id(id_number),
        "sex": rules.sex_from_id(id_number),
        "birth_date": rules.birth_date_from_id(id_number),
    }


def person_values(row: PersonRow, now: dt.datetime) -> tuple[object, ...]:
    pinyin, initials = rules.pinyin_keys(row.name)
    ident = identity_fields(row.id_number)
    return (
        row.name, pinyin, initials, ident["id_number_enc"], ident["id_digest"], ident["id_masked"], ident["sex"],
        ident["birth_date"], row.ethnicity, row.education, row.category, row.organization.pk, row.organization.path,
        row.joined_on, row.confirmed_on, row.phone, row.is_mobile, row.mobile_destination,
        row.probation_extended_months, now, now,
    )  # fmt: skip


def history_values(person_id: int, row: PersonRow, today: dt.date) -> list[tuple[object, ...]]:
    stages = rules.initial_stages(row.category, row.joined_on, row.confirmed_on, today)
    return [(person_id, category, since) for category, since in stages]


def insert_people(rows: list[PersonRow]) -> list[tuple[int, PersonRow]]:
    """Insert new people with their category history and posts; returns (new id, row) pairs.

    The caller owns the transaction and the audit events.
    """
    now, today = timezone.now(), timezone.localdate()
    saved: list[tuple[int, PersonRow]] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        ids = insert_rows(Person, PERSON_COLUMNS, [person_values(r, now) for r in chunk])
        history = [h for pk, r in zip(ids, chunk, strict=True) for h in history_values(pk, r, today)]
        insert_rows(CategoryChange, ("person_id", "category", "since", "recorded_at"),
                    [(*h, now) for h in history])  # fmt: skip
        posts = [
            (pk, (p.organization or r.organization).pk, p.body, p.title, p.appointment_mode, p.start_on, None,
             p.term, "", now, now)
            for pk, r in zip(ids, chunk, strict=True)
            for p in r.posts
        ]  # fmt: skip
        insert_rows(Post, ("person_id", "organization_id", "body", "title", "appointment_mode", "start_on", "end_on",
                           "term", "end_reason", "created_at", "updated_at"), posts)  # fmt: skip
        saved.extend(zip(ids, chunk, strict=True))
    return saved

"""The bulk write path for many people at once (roster import, demo data).

Rows arrive already validated. Derived fields (encrypted ID, digest, mask, pinyin, tree path)
are computed here, so every writer stores people the same way as `actions.create_person`.
Rows go in through `core.bulk.insert_rows` (one multi-row INSERT per batch).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from jiceng.core.bulk import insert_rows
from jiceng.organizations.models import Organization

from . import rules
from .actions import identity_fields
from .models import CategoryChange, Person, Post

BATCH = 5000
PERSON_COLUMNS = (
    "name", "name_pinyin", "name_initials", "id_number_enc", "id_digest", "id_masked", "sex", "birth_date",
    "ethnicity", "education", "category", "organization_id", "org_path", "joined_on", "confirmed_on", "phone",
    "is_mobile", "mobile_destination", "created_at", "updated_at",
)  # fmt: skip


@dataclass
class PostRow:
    body: str
    title: str
    start_on: dt.date | None = None
    appointment_mode: str = rules.AppointmentMode.ELECTED
    organization: Organization | None = None  # default: the person's organization


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
    posts: list[PostRow] = field(default_factory=list)


def person_values(row: PersonRow, now: dt.datetime) -> tuple[object, ...]:
    pinyin, initials = rules.pinyin_keys(row.name)
    ident = identity_fields(row.id_number)
    return (
        row.name, pinyin, initials, ident["id_number_enc"], ident["id_digest"], ident["id_masked"], ident["sex"],
        ident["birth_date"], row.ethnicity, row.education, row.category, row.organization.pk, row.organization.path,
        row.joined_on, row.confirmed_on, row.phone, row.is_mobile, row.mobile_destination, now, now,
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
            (pk, (p.organization or r.organization).pk, p.body, p.title, p.appointment_mode, p.start_on, None, now, now)
            for pk, r in zip(ids, chunk, strict=True)
            for p in r.posts
        ]
        insert_rows(Post, ("person_id", "organization_id", "body", "title", "appointment_mode", "start_on", "end_on",
                           "created_at", "updated_at"), posts)  # fmt: skip
        saved.extend(zip(ids, chunk, strict=True))
    return saved

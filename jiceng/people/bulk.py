"""The bulk write path for many people at once (roster import, demo data).

Rows arrive already validated. Derived fields (encrypted ID, digest, mask, pinyin, tree path)
are computed here, so every writer stores people the same way as `actions.create_person`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from jiceng.organizations.models import Organization

from . import rules
from .actions import identity_fields, initial_category_history
from .models import CategoryChange, Person, Post

BATCH = 2000


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


def build_person(row: PersonRow) -> Person:
    pinyin, initials = rules.pinyin_keys(row.name)
    return Person(
        name=row.name,
        name_pinyin=pinyin,
        name_initials=initials,
        **identity_fields(row.id_number),
        ethnicity=row.ethnicity,
        education=row.education,
        category=row.category,
        organization=row.organization,
        org_path=row.organization.path,
        joined_on=row.joined_on,
        confirmed_on=row.confirmed_on,
        phone=row.phone,
        is_mobile=row.is_mobile,
        mobile_destination=row.mobile_destination,
    )


def build_posts(person: Person, posts: Iterable[PostRow]) -> list[Post]:
    return [
        Post(
            person=person,
            organization=p.organization or person.organization,
            body=p.body,
            title=p.title,
            start_on=p.start_on,
            appointment_mode=p.appointment_mode,
        )
        for p in posts
    ]


def insert_people(rows: list[PersonRow]) -> list[Person]:
    """Insert new people with their category history and posts; returns the saved people.

    The caller owns the transaction and the audit events.
    """
    today = timezone.localdate()
    saved: list[Person] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        people = Person.objects.bulk_create([build_person(r) for r in chunk])
        history: list[CategoryChange] = []
        posts: list[Post] = []
        for person, row in zip(people, chunk, strict=True):
            history.extend(initial_category_history(person, today))
            posts.extend(build_posts(person, row.posts))
        CategoryChange.objects.bulk_create(history)
        Post.objects.bulk_create(posts)
        saved.extend(people)
    return saved

"""Live statistics of an organization's whole subtree as of a date (the reference computation).

People are counted by their own organization, and only those born by the date (issue 10.9: a
statistic as of 2010 counts nobody born in 2011); `members` = 正式党员 + 预备党员 as of the date;
`cadres` = distinct people holding 书记 of a village-level branch or 主任 of a village committee
on the date, `dual_post` those holding both (一肩挑). Ages are whole years at `as_of`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from jiceng.organizations.models import Organization
from jiceng.people.models import Person, Post
from jiceng.people.rules import (
    MAJORITY_ETHNICITIES,
    MEMBER_CATEGORIES,
    UNKNOWN_EDUCATION_LABEL,
    Category,
    CommitteeTitle,
    Education,
    PartyTitle,
    PostBody,
    Sex,
    age_on,
)

PEOPLE_KEYS = {
    Category.FULL: "full",
    Category.PROBATIONARY: "probationary",
    Category.CANDIDATE: "candidate",
    Category.ACTIVIST: "activist",
    Category.APPLICANT: "applicant",
    Category.RESIDENT: "resident",
}
EDUCATION_LABELS = dict(Education.choices)


def category_on_expression(as_of: dt.date) -> Case:
    """SQL twin of `people.rules.category_on`."""
    joined = Q(joined_on__isnull=True) | Q(joined_on__lte=as_of)
    confirmed = Q(confirmed_on__isnull=True) | Q(confirmed_on__lte=as_of)
    return Case(
        When(~Q(category__in=MEMBER_CATEGORIES), then=F("category")),
        When(Q(category=Category.FULL) & joined & confirmed, then=Value(Category.FULL.value)),
        When(joined, then=Value(Category.PROBATIONARY.value)),
        default=Value(Category.CANDIDATE.value),
        output_field=CharField(),
    )


def age_expression(as_of: dt.date) -> Any:
    """Whole years at `as_of`: year difference, minus one before the birthday."""
    before_birthday = Case(
        When(Q(birth_month__gt=as_of.month) | Q(birth_month=as_of.month, birth_day__gt=as_of.day), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return Value(as_of.year) - F("birth_year") - before_birthday


def empty_education() -> dict[str, int]:
    return {label: 0 for label in [*EDUCATION_LABELS.values(), UNKNOWN_EDUCATION_LABEL]}


def _sorted_ages(ages: Counter[int]) -> dict[str, int]:
    return {str(age): ages[age] for age in sorted(ages)}


def _with_age_and_category(org: Organization, as_of: dt.date) -> Any:
    return (
        Person.objects.in_subtree(org)
        .filter(birth_date__lte=as_of)
        .annotate(
            birth_year=ExtractYear("birth_date"),
            birth_month=ExtractMonth("birth_date"),
            birth_day=ExtractDay("birth_date"),
        )
        .annotate(cat=category_on_expression(as_of), age=age_expression(as_of))
    )


def member_ages_by_sex(org: Organization, as_of: dt.date) -> Counter[tuple[str, int]]:
    """Members (正式 + 预备 on `as_of`) of the subtree by (sex, whole years): one grouped query."""
    rows = (
        _with_age_and_category(org, as_of)
        .filter(cat__in=MEMBER_CATEGORIES)
        .values("sex", "age")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter({(row["sex"], row["age"]): row["n"] for row in rows})


def people_stats(org: Organization, as_of: dt.date) -> dict[str, Any]:
    rows = (
        _with_age_and_category(org, as_of)
        .annotate(
            minority=Case(
                When(ethnicity__in=MAJORITY_ETHNICITIES, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
        )
        .values("cat", "sex", "minority", "education", "age")
        .annotate(n=Count("id"))
        .order_by()
    )
    people = dict.fromkeys(PEOPLE_KEYS.values(), 0)
    members = {"total": 0, "female": 0, "minority": 0}
    ages: Counter[int] = Counter()
    education = empty_education()
    for row in rows:
        people[PEOPLE_KEYS[row["cat"]]] += row["n"]
        if row["cat"] not in MEMBER_CATEGORIES:
            continue
        members["total"] += row["n"]
        members["female"] += row["n"] if row["sex"] == Sex.FEMALE else 0
        members["minority"] += row["n"] * row["minority"]
        ages[row["age"]] += row["n"]
        education[EDUCATION_LABELS.get(row["education"], UNKNOWN_EDUCATION_LABEL)] += row["n"]
    return {"people": people, "members": {**members, "age": _sorted_ages(ages), "education": education}}


def cadre_stats(org: Organization, as_of: dt.date) -> dict[str, Any]:
    posts = (
        Post.objects.current_on(as_of)
        .filter(organization__path__startswith=org.path, organization__is_village_level=True)
        .filter(person__birth_date__lte=as_of)
        .filter(
            Q(body=PostBody.PARTY, title=PartyTitle.SECRETARY)
            | Q(body=PostBody.VILLAGE_COMMITTEE, title=CommitteeTitle.DIRECTOR)
        )
        .values_list("person_id", "body", "person__birth_date", "person__education")
    )
    held: dict[int, set[str]] = {}
    info: dict[int, tuple[dt.date, str]] = {}
    for person_id, body, birth, edu in posts:
        held.setdefault(person_id, set()).add(body)
        info[person_id] = (birth, edu)
    ages: Counter[int] = Counter(age_on(birth, as_of) for birth, _ in info.values())
    education = empty_education()
    for _, edu in info.values():
        education[EDUCATION_LABELS.get(edu, UNKNOWN_EDUCATION_LABEL)] += 1
    return {
        "total": len(held),
        "dual_post": sum(1 for bodies in held.values() if len(bodies) == 2),
        "age": _sorted_ages(ages),
        "education": education,
    }


def stats_body(org: Organization, as_of: dt.date) -> dict[str, Any]:
    """Everything but the `org` and `as_of` keys, computed from the tables."""
    return {**people_stats(org, as_of), "cadres": cadre_stats(org, as_of)}


def compute_org_stats_live(org: Organization, as_of: dt.date) -> dict[str, Any]:
    """The reference computation (no cache)."""
    return {"org": {"id": org.pk, "path": org.full_path}, "as_of": as_of.isoformat(), **stats_body(org, as_of)}

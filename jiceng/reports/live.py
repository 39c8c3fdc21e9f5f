"""Live statistics of an organization's whole subtree as of a date (the reference computation).

People are counted by the organization they belonged to on the date and in the category they
had then (issue 13.4: see `org_path_on_expression` and `category_on_expression`), and only those
born by the date (issue 10.9: a statistic as of 2010 counts nobody born in 2011);
`members` = 正式党员 + 预备党员 as of the date;
`cadres` = distinct people holding 书记 of a village-level branch or 主任 of a village committee
on the date, `dual_post` those holding both (一肩挑). Ages are whole years at `as_of`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from jiceng.organizations.models import Organization
from jiceng.people.models import CategoryChange, Person, Post, Transfer
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


def category_by_dates_expression(as_of: dt.date) -> Case:
    """SQL twin of `people.rules.category_on`: today's category, members by their dates."""
    joined = Q(joined_on__isnull=True) | Q(joined_on__lte=as_of)
    confirmed = Q(confirmed_on__isnull=True) | Q(confirmed_on__lte=as_of)
    return Case(
        When(~Q(category__in=MEMBER_CATEGORIES), then=F("category")),
        When(Q(category=Category.FULL) & joined & confirmed, then=Value(Category.FULL.value)),
        When(joined, then=Value(Category.PROBATIONARY.value)),
        default=Value(Category.CANDIDATE.value),
        output_field=CharField(),
    )


def category_on_expression(as_of: dt.date) -> Case:
    """The category a person had on `as_of`, from the dated history (`CategoryChange`, appended by
    the development pipeline and the roster with each change's event date):

    - nothing changed after the date: today's category (members by their 入党/转正 dates);
    - else the latest change dated on or before it (an activist of 2025 is an applicant as of
      2024-12-31);
    - else (every change is later) the category the person was first entered with, members by
      their dates (before 入党日期 a member was 发展对象).

    Needs the `first_cat` annotation (`first_category_expression`)."""
    history = CategoryChange.objects.filter(person=OuterRef("pk"))
    then = history.filter(since__lte=as_of).order_by("-since", "-id").values("category")[:1]
    by_dates = category_by_dates_expression(as_of)
    before_history = Case(When(~Q(first_cat__in=MEMBER_CATEGORIES) & Q(first_cat__isnull=False), then=F("first_cat")),
                          default=by_dates, output_field=CharField())  # fmt: skip
    return Case(
        When(~Exists(history.filter(since__gt=as_of)), then=by_dates),
        default=Coalesce(Subquery(then), before_history),
        output_field=CharField(),
    )


def first_category_expression() -> Subquery:
    return Subquery(CategoryChange.objects.filter(person=OuterRef("pk")).order_by("id").values("category")[:1])


def org_path_on_expression(as_of: dt.date) -> Coalesce:
    """The tree path of the organization a person belonged to on `as_of`: the one the first
    transfer after the date left from, else today's (transfers form a chain in date order,
    `people.rules.transfer_date_problem`). Read through the organization, so a later move of the
    organization in the tree is followed."""
    later = Transfer.objects.filter(person=OuterRef("pk"), on__gt=as_of).order_by("on", "id")
    return Coalesce(Subquery(later.values("from_org__path")[:1]), F("org_path"))


def people_on(org: Organization, as_of: dt.date) -> Any:
    """People of the subtree of `org` as of the date (by the organization they belonged to then),
    annotated with `cat`, their category then. While nothing was transferred or changed after the
    date (statistics of today), the plain indexed subtree scan and today's categories serve."""
    people = Person.objects.filter(birth_date__lte=as_of)
    if as_of >= timezone.localdate():  # the actions date no transfer or change after today
        return people.in_subtree(org).annotate(cat=category_by_dates_expression(as_of))
    moved = Transfer.objects.filter(on__gt=as_of)
    changed = CategoryChange.objects.filter(since__gt=as_of)
    any_moved, any_changed = Organization.objects.filter(pk=org.pk).values_list(Exists(moved), Exists(changed))[0]
    if any_moved:
        candidates = people.filter(Q(org_path__startswith=org.path) | Q(pk__in=moved.values("person_id")))
        people = candidates.annotate(path_then=org_path_on_expression(as_of)).filter(path_then__startswith=org.path)
    else:
        people = people.in_subtree(org)
    if any_changed:
        return people.annotate(first_cat=first_category_expression()).annotate(cat=category_on_expression(as_of))
    return people.annotate(cat=category_by_dates_expression(as_of))


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
        people_on(org, as_of)
        .annotate(
            birth_year=ExtractYear("birth_date"),
            birth_month=ExtractMonth("birth_date"),
            birth_day=ExtractDay("birth_date"),
        )
        .annotate(age=age_expression(as_of))
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

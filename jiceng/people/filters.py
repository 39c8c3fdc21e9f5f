"""The people list's filters, shared by the page and its Excel export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from jiceng.core.params import int_param
from jiceng.organizations.models import Organization

from . import rules
from .models import Person, Post, ReserveCadre

POST_FILTERS = {
    "secretary": "书记",
    "director": "主任",
    "dual": "一肩挑",
    "cadre": "任何职务",
    "reserve": "后备干部",
}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age(value: str | None) -> int | None:
    return int_param(value, lo=0, hi=150)


@dataclass
class PeopleFilter:
    q: str = ""
    category: str = ""
    org: Organization | None = None
    age_min: int | None = None
    age_max: int | None = None
    education: str = ""
    post: str = ""
    mobile: bool = False

    @classmethod
    def from_query(cls, params: QueryDict, user: Any) -> PeopleFilter:
        org = None
        if org_id := int_param(params.get("org"), lo=1, hi=2**62):
            org = Organization.objects.visible_to(user).filter(pk=org_id).first()
        return cls(
            q=params.get("q", "").strip()[:50],
            category=params.get("category", "") if params.get("category") in rules.Category.values else "",
            org=org,
            age_min=_age(params.get("age_min")),
            age_max=_age(params.get("age_max")),
            education=params.get("education", "")
            if params.get("education") in [*rules.Education.values, "unknown"]
            else "",
            post=params.get("post", "") if params.get("post") in POST_FILTERS else "",
            mobile=params.get("mobile") == "1",
        )

    def apply(self, people: QuerySet[Person], today: dt.date) -> QuerySet[Person]:
        if self.org is not None:
            people = people.in_subtree(self.org)  # type: ignore[attr-defined]
        if self.q:
            people = people.search(self.q)  # type: ignore[attr-defined]
        if self.category:
            people = people.filter(category=self.category)
        if self.age_min is not None:
            people = people.filter(birth_date__lte=_years_before(today, self.age_min))
        if self.age_max is not None:
            people = people.filter(birth_date__gt=_years_before(today, self.age_max + 1))
        if self.education:
            people = people.filter(education="" if self.education == "unknown" else self.education)
        if self.mobile:
            people = people.filter(is_mobile=True)
        if self.post:
            people = self._apply_post(people, today)
        return people

    def _apply_post(self, people: QuerySet[Person], today: dt.date) -> QuerySet[Person]:
        current = Post.objects.current_on(today).filter(person=OuterRef("pk"))
        secretary = Exists(current.filter(body=rules.PostBody.PARTY, title=rules.PartyTitle.SECRETARY))
        director = Exists(current.filter(body=rules.PostBody.VILLAGE_COMMITTEE, title=rules.CommitteeTitle.DIRECTOR))
        if self.post == "secretary":
            return people.filter(secretary)
        if self.post == "director":
            return people.filter(director)
        if self.post == "dual":
            return people.filter(secretary & director)
        if self.post == "cadre":
            return people.filter(Exists(current))
        reserve = ReserveCadre.objects.filter(person=OuterRef("pk")).filter(Q(until__isnull=True) | Q(until__gt=today))
        return people.filter(Exists(reserve))

    def query_string(self) -> str:
        parts = {
            "q": self.q, "category": self.category, "org": self.org.pk if self.org else "",
            "age_min": self.age_min if self.age_min is not None else "",
            "age_max": self.age_max if self.age_max is not None else "",
            "education": self.education, "post": self.post, "mobile": "1" if self.mobile else "",
        }  # fmt: skip
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in parts.items() if v != ""})

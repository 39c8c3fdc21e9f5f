"""Pay test data: a township scheme on seed 004's template, village cadres with their posts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.pay import actions, rules
from jiceng.pay.models import Scheme
from jiceng.people import actions as people_actions
from jiceng.people.models import Person
from jiceng.people.rules import PostBody
from jiceng.people.tests.factories import make_person

D = dt.date
YEAR = 2024
TODAY = D(2025, 3, 10)
BASE = 25_000_000  # 250 000 元


def scheme(town: Organization, year: int = YEAR, **extra: Any) -> Scheme:
    values: dict[str, Any] = {"secretary_base": BASE, "shares": dict(rules.SEED_004_SHARES),
                              "combined_rule": rules.CombinedRule.PLUS, "combined_share": 3_000,
                              "bands": list(rules.DEFAULT_BANDS)}  # fmt: skip
    values.update(extra)
    return actions.save_scheme(SYSTEM, town, year, **values)


TOOK_UP = D(2021, 1, 15)


def cadre(org: Organization, name: str, *posts: tuple[str, str], since: dt.date = TOOK_UP) -> Person:
    person = make_person(org, name)
    for body, title in posts:
        people_actions.add_post(SYSTEM, person, body=body, title=title, start_on=since)
    return person


SECRETARY = (PostBody.PARTY, "secretary")
DEPUTY_SECRETARY = (PostBody.PARTY, "deputy_secretary")
PARTY_MEMBER = (PostBody.PARTY, "member")
DIRECTOR = (PostBody.VILLAGE_COMMITTEE, "director")
DEPUTY_DIRECTOR = (PostBody.VILLAGE_COMMITTEE, "deputy_director")
COMMITTEE_MEMBER = (PostBody.VILLAGE_COMMITTEE, "member")
FIRST_SECRETARY = (PostBody.PARTY, "first_secretary")


def seed_004_village(org: Organization) -> dict[str, Person]:
    """One holder of each post of seed 004's list (and a 第一书记, who is not paid here)."""
    return {
        "secretary": cadre(org, "赵书记", SECRETARY),
        "director": cadre(org, "钱主任", DIRECTOR),
        "deputy_secretary": cadre(org, "孙副书记", DEPUTY_SECRETARY),
        "deputy_director": cadre(org, "李副主任", DEPUTY_DIRECTOR),
        "party_member": cadre(org, "周支委", PARTY_MEMBER),
        "committee_member": cadre(org, "吴村委", COMMITTEE_MEMBER),
        "first_secretary": cadre(org, "郑第一书记", FIRST_SECRETARY),
    }


def scored(org: Organization, score: str = "92", year: int = YEAR, **extra: Any) -> None:
    actions.enter_score(SYSTEM, org, year, Decimal(score), "2024年度村级目标责任制考核（乡党委会议2025年1月10日确定）",
                        **extra)  # fmt: skip

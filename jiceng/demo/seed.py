"""Writing the demo tree, people and accounts (used by `manage.py seed_demo`).

Every demo organization has a founding date (成立日期), except every eighth village branch, so the
demo also shows "成立日期未知" and the compliance note that goes with it. The dates come from their
own random stream, so the people of a given seed stay the same.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence

from django.db import transaction

from jiceng.accounts.actions import create_or_update_user
from jiceng.accounts.models import Role
from jiceng.core.actor import SYSTEM  # also imported from here by the apps' demo modules
from jiceng.organizations import actions as org_actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.bulk import PersonRow, PostRow, insert_people
from jiceng.people.models import Person, Post
from jiceng.people.rules import Category, Education, PartyTitle, PostBody

from .generator import PLACE_SUFFIX, REGION_CODES, SCALES, TOWN_WORDS, VILLAGE_WORDS, Generator

DEMO_PASSWORD = "jiceng2026"
COUNTY_NAME = "青山县委"
DEMO_USERNAMES = ["province", "county", "township", "township2", "village", "member"]


def _unique(gen: Generator, words: str, suffix: str, taken: set[str]) -> str:
    while True:
        name = gen.place(words, suffix)
        if name not in taken:
            taken.add(name)
            return name


# (earliest, latest) founding year by kind: county committees after 1949, township committees when
# the communes became townships again (1984), village branches over the decades, cooperative and
# migrant-member branches recently.
FOUNDING_YEARS: dict[str, tuple[int, int]] = {
    OrgKind.PROVINCE_COMMITTEE: (1949, 1950), OrgKind.COUNTY_COMMITTEE: (1949, 1952),
    OrgKind.TOWNSHIP_COMMITTEE: (1984, 1987), OrgKind.BRANCH: (1950, 1998),
    OrgKind.COOP_BRANCH: (2012, 2022), OrgKind.REMOTE_BRANCH: (2010, 2020),
}  # fmt: skip


def _founded(rng: random.Random, kind: str) -> dt.date:
    low, high = FOUNDING_YEARS[kind]
    return dt.date(low, 1, 1) + dt.timedelta(days=rng.randrange((dt.date(high, 12, 31) - dt.date(low, 1, 1)).days))


def _child(parent: Organization, name: str, kind: str, founded_on: dt.date | None, village: str = "") -> Organization:
    return org_actions.create_organization(
        SYSTEM, parent=parent, name=name, kind=kind, village_name=village, founded_on=founded_on
    )


def seed(scale: str, seed_value: int, today: dt.date, progress: Callable[[str], None]) -> list[tuple[str, str, str]]:
    """Create the demo data; returns the demo logins as (username, role label, organization)."""
    counties, townships, villages, per_village = SCALES[scale]
    gen = Generator(seed_value, today)
    dates = random.Random(f"founding-{seed_value}")
    with transaction.atomic():
        if counties > 1:
            kind = OrgKind.PROVINCE_COMMITTEE
            top = org_actions.create_root(SYSTEM, name="江汉省委", kind=kind, founded_on=_founded(dates, kind))
            kind = OrgKind.COUNTY_COMMITTEE
            roots = [_child(top, f"第{i + 1}县委" if i else COUNTY_NAME, kind, _founded(dates, kind))
                     for i in range(counties)]  # fmt: skip
        else:
            kind = OrgKind.COUNTY_COMMITTEE
            roots = [org_actions.create_root(SYSTEM, name=COUNTY_NAME, kind=kind, founded_on=_founded(dates, kind))]
        first_township = first_village = None
        for c, county in enumerate(roots):
            town_names: set[str] = set()
            for _t in range(townships):
                kind = OrgKind.TOWNSHIP_COMMITTEE
                town = _child(county, _unique(gen, TOWN_WORDS, "镇党委", town_names), kind, _founded(dates, kind))
                first_township = first_township or town
                region = REGION_CODES[c % len(REGION_CODES)]
                rows: list[PersonRow] = []
                village_names: set[str] = set()
                for v in range(villages):
                    vname = _unique(gen, VILLAGE_WORDS + TOWN_WORDS, gen.rng.choice(PLACE_SUFFIX), village_names)
                    founded = _founded(dates, OrgKind.BRANCH) if v % 8 != 7 else None
                    branch = _child(town, f"{vname}党支部", OrgKind.BRANCH, founded, village=vname)
                    first_village = first_village or branch
                    rows.extend(_rows(gen, region, branch, per_village))
                kind = OrgKind.COOP_BRANCH
                coop = _child(town, f"{town.name[:2]}种养合作社党支部", kind, _founded(dates, kind))
                kind = OrgKind.REMOTE_BRANCH
                remote = _child(town, f"{town.name[:2]}镇驻深圳流动党员党支部", kind, _founded(dates, kind))
                rows.extend(_rows(gen, region, coop, 12, cadres=False))
                rows.extend(_rows(gen, region, remote, 15, cadres=False))
                insert_people(rows)
            progress(f"{county.name}：已生成 {townships} 个乡镇")
        assert first_township is not None and first_village is not None
        other_township = first_township.parent().children_qs().exclude(pk=first_township.pk).first()  # type: ignore[union-attr]
        logins = [
            ("county", Role.COUNTY_OFFICER, roots[0]),
            ("township", Role.TOWNSHIP_OFFICER, first_township),
            ("village", Role.VILLAGE_SECRETARY, first_village),
            ("member", Role.MEMBER, first_village),
        ]
        if other_township is not None:
            logins.append(("township2", Role.TOWNSHIP_OFFICER, other_township))
        if counties > 1:
            province = roots[0].parent()
            assert province is not None
            logins.insert(0, ("province", Role.COUNTY_OFFICER, province))
        people = _login_people(gen, logins, first_village)
        for username, role, org in logins:
            create_or_update_user(SYSTEM, username=username, organization=org, role=role, password=DEMO_PASSWORD,
                                  person=people[username])  # fmt: skip
    return [(u, Role(r).label, o.full_path) for u, r, o in logins]


def _login_people(
    gen: Generator, logins: Sequence[tuple[str, str, Organization]], village: Organization
) -> dict[str, Person]:
    """The named people behind the demo logins: the first village's secretary and one of its
    members (people of the roster), and officers added to their committee (officers are not in a
    village roster; a township's 组织委员 is a member of the township committee)."""
    secretary = Post.objects.filter(organization=village, body=PostBody.PARTY, title=PartyTitle.SECRETARY).first()
    assert secretary is not None
    member = (Person.objects.filter(organization=village, category=Category.FULL, posts__isnull=True)
              .order_by("pk").first())  # fmt: skip
    assert member is not None
    found = {"village": secretary.person, "member": member}
    rows = []
    for username, role, org in logins:
        if username not in found:
            post = [PostRow(body=PostBody.PARTY, title=PartyTitle.MEMBER, start_on=dt.date(2021, 9, 1))]
            made = gen.person(REGION_CODES[0], Category.FULL)
            rows.append((username, PersonRow(id_number=made.id_number, name=made.name, category=made.category,
                                             organization=org, education=Education.BACHELOR, joined_on=made.joined_on,
                                             confirmed_on=made.confirmed_on, phone=made.phone,
                                             posts=post if role == Role.TOWNSHIP_OFFICER else [])))  # fmt: skip
    saved = insert_people([row for _, row in rows])
    for (username, _), (pk, _row) in zip(rows, saved, strict=True):
        found[username] = Person.objects.get(pk=pk)
    return found


def _rows(gen: Generator, region: str, org: Organization, count: int, cadres: bool = True) -> list[PersonRow]:
    people = (
        gen.village_people(region, count)
        if cadres
        else (gen.person(region, gen.rng.choice(["full", "full", "full", "probationary"])) for _ in range(count))
    )
    return [
        PersonRow(
            id_number=p.id_number,
            name=p.name,
            category=p.category,
            organization=org,
            ethnicity=p.ethnicity,
            education=p.education,
            joined_on=p.joined_on,
            confirmed_on=p.confirmed_on,
            phone=p.phone,
            is_mobile=p.is_mobile,
            mobile_destination=p.destination,
            posts=[PostRow(body=b, title=t, start_on=dt.date(2021, 1, 15)) for b, t in p.posts],
        )
        for p in people
    ]

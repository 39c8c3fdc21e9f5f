"""Writing the demo tree, people and accounts (used by `manage.py seed_demo`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from jiceng.accounts.actions import create_or_update_user
from jiceng.accounts.models import Role
from jiceng.organizations import actions as org_actions
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.bulk import PersonRow, PostRow, insert_people

from .generator import PLACE_SUFFIX, REGION_CODES, SCALES, TOWN_WORDS, VILLAGE_WORDS, Generator

DEMO_PASSWORD = "jiceng2026"
COUNTY_NAME = "青山县委"
DEMO_USERNAMES = ["province", "county", "township", "township2", "village", "member"]


class _System:
    """The command line acts as a superuser: it may create roots and write anywhere."""

    is_authenticated = False
    is_superuser = True

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return True


SYSTEM = _System()


def _unique(gen: Generator, words: str, suffix: str, taken: set[str]) -> str:
    while True:
        name = gen.place(words, suffix)
        if name not in taken:
            taken.add(name)
            return name


def _child(parent: Organization, name: str, kind: str, village: str = "") -> Organization:
    return org_actions.create_organization(
        SYSTEM, parent=parent, name=name, kind=kind, village_name=village, check_access=False
    )


def seed(scale: str, seed_value: int, today: dt.date, progress: Callable[[str], None]) -> list[tuple[str, str, str]]:
    """Create the demo data; returns the demo logins as (username, role label, organization)."""
    counties, townships, villages, per_village = SCALES[scale]
    gen = Generator(seed_value, today)
    with transaction.atomic():
        if counties > 1:
            top = org_actions.create_root(SYSTEM, name="江汉省委", kind=OrgKind.PROVINCE_COMMITTEE)
            roots = [
                _child(top, f"第{i + 1}县委" if i else COUNTY_NAME, OrgKind.COUNTY_COMMITTEE) for i in range(counties)
            ]
        else:
            roots = [org_actions.create_root(SYSTEM, name=COUNTY_NAME, kind=OrgKind.COUNTY_COMMITTEE)]
        first_township = first_village = None
        for c, county in enumerate(roots):
            town_names: set[str] = set()
            for _t in range(townships):
                town = _child(county, _unique(gen, TOWN_WORDS, "镇党委", town_names), OrgKind.TOWNSHIP_COMMITTEE)
                first_township = first_township or town
                region = REGION_CODES[c % len(REGION_CODES)]
                rows: list[PersonRow] = []
                village_names: set[str] = set()
                for _v in range(villages):
                    vname = _unique(gen, VILLAGE_WORDS + TOWN_WORDS, gen.rng.choice(PLACE_SUFFIX), village_names)
                    branch = _child(town, f"{vname}党支部", OrgKind.BRANCH, village=vname)
                    first_village = first_village or branch
                    rows.extend(_rows(gen, region, branch, per_village))
                coop = _child(town, f"{town.name[:2]}种养合作社党支部", OrgKind.COOP_BRANCH)
                remote = _child(town, f"{town.name[:2]}镇驻深圳流动党员党支部", OrgKind.REMOTE_BRANCH)
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
        for username, role, org in logins:
            create_or_update_user(SYSTEM, username=username, organization=org, role=role, password=DEMO_PASSWORD)
    return [(u, Role(r).label, o.full_path) for u, r, o in logins]


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

"""Seed 002's 两会 network counted from records for a generated county of 92 villages (issue 17):
"全县92个村成立关怀理事会…设党小组372个…关怀理事1908人…户联理事会1001个…理事2961人…覆盖农户42840户".

The councils and their 党小组 are made through the councils' actions (the secretary chairs, a
党小组 per post); the 理事, unions, union officers and households, too many to make one by one,
are written as the records those actions write. The figures are the apps' own counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.core.bulk import insert_rows
from jiceng.councils import actions as council_actions
from jiceng.councils import queries as council_queries
from jiceng.councils.models import Councillor
from jiceng.councils.rules import CouncillorKind, CouncillorStatus
from jiceng.households import actions as household_actions
from jiceng.households.models import Household
from jiceng.organizations import actions as org_actions
from jiceng.organizations.rules import OrgKind
from jiceng.people import actions as people_actions
from jiceng.people.rules import PartyTitle, PostBody
from jiceng.people.tests.factories import make_person
from jiceng.unions import queries as union_queries
from jiceng.unions.models import Union, UnionOfficer
from jiceng.unions.rules import OfficerRole, UnionBasis

D = dt.date
VILLAGES, HOUSEHOLDS, UNIONS, COUNCILLORS, UNION_OFFICERS = 92, 42_840, 1_001, 1_908, 2_961


def _spread(total: int, parts: int) -> list[int]:
    """`total` over `parts` as evenly as whole numbers go (the first ones one more)."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


@pytest.mark.django_db
def test_seed_002_network_of_a_county_of_92_villages(tree: Any) -> None:
    now = timezone.now()
    towns = [org_actions.create_organization(SYSTEM, parent=tree.county, name=f"第{n}镇党委",
                                             kind=OrgKind.TOWNSHIP_COMMITTEE, check_access=False) for n in range(1, 5)]  # fmt: skip
    councils = []
    for n in range(VILLAGES):
        village = org_actions.create_organization(SYSTEM, parent=towns[n % 4], name=f"第{n + 1}村党支部",
                                                  kind=OrgKind.BRANCH, village_name=f"第{n + 1}村",
                                                  check_access=False)  # fmt: skip
        secretary = make_person(village, f"书记{n + 1}")
        people_actions.add_post(
            SYSTEM, secretary, body=PostBody.PARTY, title=PartyTitle.SECRETARY, start_on=D(2021, 1, 1)
        )
        council = council_actions.create_council(SYSTEM, village, founded_on=D(2024, 3, 1))  # four posts, four 党小组
        if n < 4:  # four councils added a fifth post by need: 92 × 4 + 4 = 372 党小组
            council_actions.add_post(SYSTEM, council, "法律关怀")
        councils.append(council)

    posts = {c.pk: list(c.posts.order_by("pk")) for c in councils}
    Councillor.objects.bulk_create(
        Councillor(council=c, post=posts[c.pk][i % len(posts[c.pk])], name=f"理事{c.pk}-{i}",
                   kind=CouncillorKind.MEMBER_NO_POST, status=CouncillorStatus.CONFIRMED, applied_on=D(2024, 3, 1),
                   confirmed_on=D(2024, 3, 5))
        for c, count in zip(councils, _spread(COUNCILLORS, VILLAGES), strict=True) for i in range(count)
    )  # fmt: skip
    Councillor.objects.create(council=councils[0], post=posts[councils[0].pk][0], name="待确认的理事",
                              kind=CouncillorKind.CRAFTSMAN, applied_on=D(2024, 3, 1))  # not counted until confirmed  # fmt: skip
    rows = []
    for c, count in zip(councils, _spread(HOUSEHOLDS, VILLAGES), strict=True):
        grid = household_actions.create_grid(SYSTEM, c.organization, name="一组", responsible="网格员")
        rows += [(grid.pk, grid.org_path, f"户主{i}", "", 3, "", now, now) for i in range(count)]
    insert_rows(Household, ("grid_id", "org_path", "head_name", "address", "size", "note", "created_at", "updated_at"),
                rows)  # fmt: skip

    unions = Union.objects.bulk_create(
        Union(organization=c.organization, org_path=c.organization.path, name=f"第{i + 1}户联理事会",
              basis=UnionBasis.COURTYARD, place=f"院子{i + 1}", founded_on=D(2024, 4, 1))
        for c, count in zip(councils, _spread(UNIONS, VILLAGES), strict=True) for i in range(count)
    )  # fmt: skip
    officers = _spread(UNION_OFFICERS - UNIONS, UNIONS)  # besides its 理事长, each union has one or two 理事
    UnionOfficer.objects.bulk_create(
        UnionOfficer(union=u, role=OfficerRole.CHAIR if i == 0 else OfficerRole.MEMBER, name=f"户联理事{u.pk}-{i}",
                     chosen_on=D(2024, 4, 1), voting=26, votes=20)
        for u, extra in zip(unions, officers, strict=True) for i in range(1 + extra)
    )  # fmt: skip

    councils_figures = council_queries.network(tree.county.path)
    assert councils_figures == council_queries.Network(councils=92, party_groups=372, councillors=1_908,
                                                       households=42_840)  # fmt: skip
    unions_figures = union_queries.network(tree.county)
    assert (unions_figures["unions"], unions_figures["officers"]) == (1_001, 2_961)
    assert council_queries.network(towns[0].path) == council_queries.Network(23, 5 + 22 * 4, 17 * 21 + 6 * 20, 10_710)

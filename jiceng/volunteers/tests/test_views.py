"""The volunteer and league pages: a team's page and export, the league page's counts at a date,
a refused service shown in Chinese with nothing written, the phone-sized overview's query budget."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core.actor import SYSTEM
from jiceng.volunteers import actions
from jiceng.volunteers.models import Service
from jiceng.volunteers.rules import ServiceKind, TeamKind

from .factories import D, branch, villager

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def team(tree: Any) -> Any:
    a = villager(tree.east1, "=甲")
    t = actions.create_team(SYSTEM, tree.east1, "党员志愿服务队", TeamKind.PARTY, leader=a)
    actions.record_service(SYSTEM, t, D(2024, 5, 1), ServiceKind.BLOOD, "无偿献血", [a.pk], Decimal(3), others=4)
    return t


def test_team_page_and_export(personas: Any, team: Any) -> None:
    from openpyxl import load_workbook

    client = _client(personas["member"])
    page = client.get(reverse("volunteers:team", args=[team.pk])).content.decode()
    assert "无偿献血" in page and "5 人次，每人 3.0 小时" in page and "补录" in page
    assert "登记服务记录" not in page  # members read only
    response = client.get(reverse("volunteers:team_xlsx", args=[team.pk]), {"year": "2024"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][2:10] == ["献血", "无偿献血", None, "=甲", 4, 5, 3, 15]
    assert sheet.cell(row=2, column=6).data_type == "s"  # a name is never a formula


def test_a_refused_service_shows_chinese_and_writes_nothing(personas: Any, team: Any) -> None:
    data = {"held_on": "2024-06-01", "kind": "patrol", "title": "巡查", "hours": "30", "others": "1"}
    response = _client(personas["village_secretary"]).post(reverse("volunteers:service_new", args=[team.pk]), data)
    assert response.status_code == 400
    assert "每人每天服务时长不能超过24小时" in response.content.decode()
    assert Service.objects.count() == 1


def test_league_page_counts_at_a_date(personas: Any, tree: Any) -> None:
    b = branch(tree.east1)
    young = villager(tree.east1, "小林", D(2004, 3, 1))
    villager(tree.east1, "小王", D(1992, 3, 1))
    actions.add_league_member(SYSTEM, b, young, D(2019, 5, 4))
    page = _client(personas["township_officer"]).get(reverse("volunteers:league", args=[tree.east1.pk]),
                                                     {"on": "2024-06-30"}).content.decode()  # fmt: skip
    assert '<div class="fs-5" id="count-youth">2</div>' in page
    assert '<div class="fs-5" id="count-league-age">1</div>' in page
    assert '<div class="fs-5" id="count-members">1</div>' in page


def test_index_query_budget(personas: Any, team: Any, django_assert_max_num_queries: Any) -> None:
    client = _client(personas["county_officer"])
    with django_assert_max_num_queries(10):
        page = client.get(reverse("volunteers:index"), {"year": "2024"})
    assert "党员志愿服务队" in page.content.decode()


def test_demo_seeders(tree: Any) -> None:
    """The pay and volunteers demo seeders on a small village with its secretary's login."""
    import datetime as dt

    from jiceng.accounts.models import Role, User
    from jiceng.pay import demo as pay_demo
    from jiceng.pay import queries as pay_queries
    from jiceng.people import actions as people_actions
    from jiceng.people.rules import Category, PostBody
    from jiceng.people.tests.factories import make_person
    from jiceng.volunteers import demo
    from jiceng.volunteers.models import LeagueMember, Team

    User.objects.create_user(username="village", password="x", organization=tree.east1, role=Role.VILLAGE_SECRETARY)
    boss = make_person(tree.east1, "书记甲")
    people_actions.add_post(SYSTEM, boss, body=PostBody.PARTY, title="secretary", start_on=D(2020, 1, 1))
    people_actions.add_post(SYSTEM, boss, body=PostBody.VILLAGE_COMMITTEE, title="director", start_on=D(2020, 1, 1))
    for i in range(6):
        make_person(tree.east1, f"青年{i}", Category.RESIDENT, birth=D(1996 + 2 * i, 4, 1))
    today = dt.date(2026, 12, 2)
    messages: list[str] = []
    pay_demo.seed_for_demo(today, 1, messages.append)
    demo.seed_for_demo(today, 1, messages.append)
    sheet = pay_queries.sheet(tree.east1, 2025, today)
    # 250 000 元 × 1.00 × (1 + 30 % × 70 %) + 5 000 元 award; three quarters of 307 500 元 paid
    assert [(ln.name, ln.due, ln.paid) for ln in sheet.lines] == [("书记甲", 30_750_000, 3 * 7_687_500)]
    assert (Team.objects.filter(organization=tree.east1).count(), LeagueMember.objects.count()) == (3, 2)
    assert len(messages) == 2


def test_the_menu_marks_volunteers(personas: Any, team: Any) -> None:
    import re

    body = _client(personas["member"]).get(reverse("volunteers:team", args=[team.pk])).content.decode()
    assert re.findall(r'<a class="nav-link active" aria-current="page" href="[^"]*">([^<]+)</a>', body) == ["志愿团建"]


def test_league_page_query_budget(personas: Any, tree: Any, django_assert_max_num_queries: Any) -> None:
    from .factories import join, many

    b = branch(tree.east1)
    join(b, many(tree.east1, [D(2000, 1, 1 + i) for i in range(25)]), D(2015, 5, 4))
    client = _client(personas["village_secretary"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("volunteers:league", args=[tree.east1.pk]))
    assert page.content.decode().count("2015-05-04") == 25

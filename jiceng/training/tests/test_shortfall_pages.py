"""The shortfall page at every level: the counts per child organization (each a link to its own
list), the members short a page at a time (htmx loads the next page), and its query budget."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person
from jiceng.training import queries, views

from .factories import D, secretary, session

pytestmark = pytest.mark.django_db
CHILD_ROW = re.compile(r'<tr><td>(?:<a href="([^"]+)">)?([^<]+)(?:</a>)?</td><td class="text-end">(\d+)</td>'
                       r'<td class="text-end[^"]*">(\d+)</td></tr>')  # fmt: skip


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user: Any, org: Any, **query: Any) -> str:
    response = _client(user).get(reverse("training:shortfall", args=[org.pk]), {"year": "2024", **query})
    assert response.status_code == 200
    return response.content.decode()


def _names(html: str) -> list[str]:
    return re.findall(r"<div class=\"d-flex flex-wrap justify-content-between gap-1\"><b>([^<]+)</b>", html)


@pytest.fixture
def county(tree: Any) -> Any:
    """Seven members with a requirement, five of them short; one resident, who has none."""
    done, _, wang = (
        make_person(tree.east1, "甲"),
        make_person(tree.east1, "乙"),
        secretary(make_person(tree.east1, "王")),
    )
    session(tree.east, [done, wang], amount=4, starts_on=D(2024, 3, 4), ends_on=D(2024, 3, 7))  # 32 h
    make_person(tree.east, "镇干部")  # the township committee's own member
    make_person(tree.east2, "丙")
    make_person(tree.group, "戊")
    make_person(tree.east1, "群众", Category.RESIDENT)
    session(tree.west1, [make_person(tree.west1, "丁")], amount=4, starts_on=D(2024, 3, 4), ends_on=D(2024, 3, 7))
    return tree


def test_the_county_page_counts_each_township(county: Any, personas: dict[str, Any]) -> None:
    html = _page(personas["county_officer"], county.county)
    assert "党员7人，学时不足5人。" in html
    shortfall = reverse("training:shortfall", args=[county.east.pk])
    assert CHILD_ROW.findall(html) == [
        (f"{shortfall}?year=2024", "东镇党委", "6", "5"),
        (f"{reverse('training:shortfall', args=[county.west.pk])}?year=2024", "西镇党委", "1", "0"),
    ]
    assert _names(html) == ["镇干部", "乙", "王", "戊", "丙"]  # by organization (tree path), then name


def test_the_township_page_counts_each_branch_and_its_own_members(county: Any, personas: dict[str, Any]) -> None:
    html = _page(personas["township_officer"], county.east)
    assert "党员6人，学时不足5人。" in html
    assert [row[1:] for row in CHILD_ROW.findall(html)] == [
        ("东一村党支部", "4", "3"), ("东二村党支部", "1", "1"), ("东镇党委（本级）", "1", "1")]  # fmt: skip
    assert "尚差24.0学时" in html  # 王: a secretary, 56 required


def test_the_counts_are_those_of_the_rows_the_export_lists(county: Any) -> None:
    standings = queries.standings_under(county.county.path, 2024, ordered=True)
    rows = queries.year_rows(county.county, 2024)
    assert [(s.pk, s.required, s.hours, s.short) for s in standings] == [
        (r.person.pk, r.required, r.hours, r.short) for r in rows]  # fmt: skip
    children, own = queries.tally_children(county.east, standings)
    assert [(t.org.name, t.members, t.short) for t in children] == [("东一村党支部", 4, 3), ("东二村党支部", 1, 1)]
    assert (own.org, own.members, own.short) == (county.east, 1, 1)


def test_a_branch_without_children_shows_no_table(county: Any, personas: dict[str, Any]) -> None:
    html = _page(personas["township_officer"], county.east2)
    assert 'id="children"' not in html and _names(html) == ["丙"]


def test_the_list_is_paged_and_htmx_loads_the_next_page(
    county: Any, personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = _page(personas["county_officer"], county.county)
    assert _names(first) == ["镇干部", "乙"] and "第 1 / 3 页" in first
    assert 'hx-get="?year=2024&page=2" hx-target="#rows"' in first
    client = _client(personas["county_officer"])
    url = reverse("training:shortfall", args=[county.county.pk])
    second = client.get(url, {"year": "2024", "page": "2"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in second and 'id="children"' not in second  # only the list
    assert _names(second) == ["王", "戊"] and "第 2 / 3 页" in second
    assert _names(client.get(url, {"year": "2024", "page": "3"}).content.decode()) == ["丙"]


def test_the_page_reads_a_fixed_number_of_queries(
    county: Any, personas: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for i in range(20):
        make_person(county.east2, f"东二党员{i}")
    client = _client(personas["county_officer"])
    url = reverse("training:shortfall", args=[county.county.pk])
    with django_assert_max_num_queries(10):
        html = client.get(url, {"year": "2024"}).content.decode()
    assert "党员27人，学时不足25人。" in html

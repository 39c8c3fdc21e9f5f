"""The arrears at every level: only the members who may be in arrears are read, with the same
outcome as reading everyone; the page's counts per child organization (each a link to its own
list), the members a page at a time (htmx loads the next page), and its query budget."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.core.actor import SYSTEM
from jiceng.dues import actions, queries, rules, views
from jiceng.dues.models import DuesBase
from jiceng.dues.rules import Relief
from jiceng.people.rules import Category
from jiceng.people.tests.factories import make_person

from .factories import D, base, member, pay

pytestmark = pytest.mark.django_db
CHILD_ROW = re.compile(r'<tr><td>(?:<a href="([^"]+)">)?([^<]+)(?:</a>)?</td><td class="text-end">(\d+)</td>'
                       r'<td class="text-end[^"]*">(\d+)</td></tr>')  # fmt: skip
NAME = re.compile(r"<tr><td>([^<]+)</td><td>[^<]+</td><td>\d{4}年")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user: Any, **query: Any) -> str:
    response = _client(user).get(reverse("dues:arrears"), query)
    assert response.status_code == 200
    return response.content.decode()


def _excuse(person: Any, first: dt.date, last: dt.date) -> None:
    actions.record_excuse(SYSTEM, person, first, last, "住院治疗")


def test_reading_only_who_may_be_in_arrears_changes_nothing(tree: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    today = D(2025, 1, 10)  # counted through December 2024
    pay(member(tree.east1, "六个月", since=D(2024, 1, 1)), D(2024, 1, 1), count=6)
    pay(member(tree.east1, "五个月", since=D(2024, 1, 1)), D(2024, 1, 1), count=7)
    member(tree.east1, "从未交", since=D(2023, 6, 1))
    member(tree.east1, "新基数", since=D(2024, 8, 1))
    noted = member(tree.east1, "中间有理由", since=D(2024, 1, 1))
    pay(noted, D(2024, 1, 1), count=6)
    _excuse(noted, D(2024, 9, 1), D(2024, 9, 1))
    _excuse(member(tree.east1, "早有理由", since=D(2024, 1, 1)), D(2024, 1, 1), D(2024, 3, 1))
    freed = member(tree.east1, "免交", since=D(2024, 1, 1))
    base(
        freed, D(2024, 10, 1), income=400_000, relief=Relief.EXEMPT, approved_by="东镇党委", approved_on=D(2024, 9, 20)
    )
    pay(member(tree.east1, "只交上月", since=D(2024, 1, 1)), D(2024, 12, 1))
    make_person(tree.east1, "无基数")
    pay(member(tree.east2, "东二", since=D(2024, 1, 1)), D(2024, 1, 1), count=2)
    found = [(a.person.name, a.first, len(a.run)) for a in queries.arrears(tree.county, today)]
    assert found == [("从未交", D(2023, 6, 1), 19), ("六个月", D(2024, 7, 1), 6), ("早有理由", D(2024, 4, 1), 9),
                     ("东二", D(2024, 3, 1), 10)]  # fmt: skip
    monkeypatch.setattr(queries, "_may_be_in_arrears", lambda people, through: people)  # everyone, as before
    assert [(a.person.name, a.first, len(a.run)) for a in queries.arrears(tree.county, today)] == found


def test_the_months_owed_are_those_whose_base_in_force_owes(tree: Any) -> None:
    person = member(tree.east1, "甲", since=D(2024, 1, 1))  # 40.00 a month
    base(
        person, D(2024, 4, 1), income=400_000, relief=Relief.EXEMPT, approved_by="东镇党委", approved_on=D(2024, 3, 20)
    )
    base(person, D(2024, 7, 1), income=600_000)
    base(person, D(2024, 11, 1), income=800_000)  # after the months asked about
    months = rules.months(D(2023, 11, 1), D(2024, 9, 1))
    bases = [(b.from_month, b) for b in DuesBase.objects.filter(person=person)]
    expected = [m for m in months if (b := rules.base_on(bases, m)) is not None and b.due.amount > 0]
    owed = queries.owed_in(queries.dues_by_person([person.pk], D(2024, 9, 1))[person.pk], months)
    assert owed == expected == rules.months(D(2024, 1, 1), D(2024, 3, 1)) + rules.months(D(2024, 7, 1), D(2024, 9, 1))


@pytest.fixture
def behind(tree: Any) -> Any:
    """Five members six months or more in arrears (counted through last month), two who paid, a
    member without a base and a resident."""
    since = rules.add_months(rules.month_start(timezone.localdate()), -8)
    for org, name in [
        (tree.east1, "甲"),
        (tree.east1, "乙"),
        (tree.group, "丙"),
        (tree.east2, "丁"),
        (tree.east, "戊"),
    ]:
        member(org, name, since=since)
    pay(member(tree.east1, "已交", since=since), since, count=8, paid_on=since, today=timezone.localdate())
    pay(member(tree.west1, "西一", since=since), since, count=8, paid_on=since, today=timezone.localdate())
    make_person(tree.west1, "无基数")
    make_person(tree.east1, "群众", Category.RESIDENT)
    return tree


def test_the_county_page_counts_each_township(behind: Any, personas: dict[str, Any]) -> None:
    html = _page(personas["county_officer"])
    assert "测试县委 · 连续六个月未交党费" in html and "共 5 人。" in html
    assert CHILD_ROW.findall(html) == [
        (f"{reverse('dues:arrears')}?org={behind.east.pk}", "东镇党委", "6", "5"),
        (f"{reverse('dues:arrears')}?org={behind.west.pk}", "西镇党委", "2", "0"),
    ]
    assert NAME.findall(html) == ["戊", "乙", "甲", "丙", "丁"]  # by organization (tree path), then name


def test_the_township_page_counts_each_branch_and_its_own_members(behind: Any, personas: dict[str, Any]) -> None:
    html = _page(personas["county_officer"], org=behind.east.pk)
    assert "东镇党委 · 连续六个月未交党费" in html and "共 5 人。" in html
    assert [row[1:] for row in CHILD_ROW.findall(html)] == [
        ("东一村党支部", "4", "3"), ("东二村党支部", "1", "1"), ("东镇党委（本级）", "1", "1")]  # fmt: skip
    own = _page(personas["township_officer"])  # the officer's own township: the same list
    assert CHILD_ROW.findall(own) == CHILD_ROW.findall(html) and NAME.findall(own) == NAME.findall(html)


def test_a_branch_without_children_shows_no_table(behind: Any, personas: dict[str, Any]) -> None:
    html = _page(personas["township_officer"], org=behind.east2.pk)
    assert 'id="children"' not in html and NAME.findall(html) == ["丁"]


def test_the_list_is_paged_and_htmx_loads_the_next_page(
    behind: Any, personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = _page(personas["county_officer"])
    org = behind.county.pk
    assert NAME.findall(first) == ["戊", "乙"] and "第 1 / 3 页" in first
    assert f'hx-get="?org={org}&page=2" hx-target="#rows"' in first
    client = _client(personas["county_officer"])
    second = client.get(reverse("dues:arrears"), {"org": org, "page": "2"}, headers={"HX-Request": "true"})
    html = second.content.decode()
    assert "<html" not in html and 'id="children"' not in html  # only the list
    assert NAME.findall(html) == ["甲", "丙"] and "第 2 / 3 页" in html
    assert NAME.findall(client.get(reverse("dues:arrears"), {"org": org, "page": "3"}).content.decode()) == ["丁"]


def test_another_townships_officer_gets_404_and_a_member_403(behind: Any, personas: dict[str, Any]) -> None:
    url = reverse("dues:arrears")
    assert _client(personas["other_township_officer"]).get(url, {"org": behind.east1.pk}).status_code == 404
    assert _client(personas["member"]).get(url, {"org": behind.east1.pk}).status_code == 403
    assert _client(personas["village_secretary"]).get(url, {"org": behind.east.pk}).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(
    behind: Any, personas: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    since = rules.add_months(rules.month_start(timezone.localdate()), -8)
    for i in range(20):
        member(behind.east2, f"东二党员{i}", since=since)
    client = _client(personas["county_officer"])
    with django_assert_max_num_queries(10):
        html = client.get(reverse("dues:arrears")).content.decode()
    assert "共 25 人。" in html

"""Implausible dates are refused at every input: forms, API schemas, the roster import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jiceng.accounts.models import ApiToken
from jiceng.core.dates import date_problem
from jiceng.households.models import Visit
from jiceng.people import roster
from jiceng.people.models import Person
from jiceng.people.tests.factories import valid_id
from jiceng.people.tests.test_roster import person_row, workbook


def test_date_problem():
    today = dt.date(2026, 12, 1)
    assert date_problem(dt.date(711, 5, 1)) == "日期不能早于1900年1月1日，请检查年份"
    assert date_problem(dt.date(2207, 5, 1)) == "日期不能晚于2100年12月31日，请检查年份"
    assert date_problem(dt.date(2026, 12, 2), past=True, today=today) == "日期不能晚于今天"
    assert date_problem(dt.date(2026, 12, 2), today=today) is None
    assert date_problem(dt.date(1900, 1, 1), past=True, today=today) is None
    assert date_problem(None, past=True) is None


def _visit(client: Client, org_id: int, day: str):
    return client.post("/ledgers/visits/new/", {"organization": org_id, "kind": "resident", "visited_on": day,
                                                "visitee": "孙七", "findings": "身体好"})  # fmt: skip


@pytest.mark.parametrize("day", ["0711-05-01", "2207-05-01"])
def test_a_visit_in_an_implausible_year_is_refused_on_the_page(tree, personas, day):
    client = Client()
    client.force_login(personas["township_officer"])
    response = _visit(client, tree.east1.pk, day)
    assert response.status_code == 200
    assert Visit.objects.count() == 0
    assert "请检查年份" in response.content.decode() or "不能晚于今天" in response.content.decode()


def test_a_visit_today_is_recorded(tree, personas):
    client = Client()
    client.force_login(personas["township_officer"])
    _visit(client, tree.east1.pk, timezone.localdate().isoformat())
    assert Visit.objects.count() == 1


@pytest.mark.parametrize("day", ["0711-05-01", "2207-05-01"])
def test_a_visit_in_an_implausible_year_is_refused_by_the_api(tree, personas, day):
    token = ApiToken.objects.issue(personas["township_officer"])
    body = {"organization_id": tree.east1.pk, "kind": "resident", "visited_on": day, "visitee": "孙七"}
    response = Client().post("/api/v1/households/visits", body, content_type="application/json",
                             headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == 422
    assert Visit.objects.count() == 0


def test_joining_the_party_in_711_is_refused_on_the_person_form(tree, personas):
    client = Client()
    client.force_login(personas["township_officer"])
    response = client.post("/people/new/", {"name": "赵敏", "id_number": valid_id(dt.date(1985, 6, 1)),
                                            "category": "probationary", "organization": tree.east1.pk,
                                            "joined_on": "0711-07-01"})  # fmt: skip
    assert response.status_code == 200
    assert "请检查年份" in response.content.decode()
    assert Person.objects.count() == 0


def test_roster_dates_in_711_or_in_the_future_are_refused(db):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    plan = roster.import_roster(workbook(people=[person_row(入党日期="0711-07-01", 转正日期=tomorrow)]))
    assert [str(p) for p in plan.problems] == [
        "人员 2 入党日期: 日期不能早于1900年1月1日，请检查年份",
        "人员 2 转正日期: 日期不能晚于今天",
    ]
    assert Person.objects.count() == 0

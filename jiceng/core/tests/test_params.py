"""Query parameters that do not read well are ignored: the page answers as without them, never 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from jiceng.core.params import MAX_PAGE, date_param, int_param, page_param
from jiceng.people.tests.factories import make_person


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("-3", None), ("²", None), ("１２", None), ("1e3", None), ("", None), (None, None),
     ("99999999999999999999", None), ("2147483648", None), ("0", 0)],
)  # fmt: skip
def test_int_param(value, expected):
    assert int_param(value) == expected


def test_int_param_bounds():
    assert int_param("-3", lo=-5, hi=5) == -3
    assert int_param("151", lo=0, hi=150) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), ("0", 1), ("-1", 1), ("x", 1), (None, 1), ("99999999999999999999", MAX_PAGE), ("100001", MAX_PAGE)],
)
def test_page_param(value, expected):
    assert page_param(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-03-01", dt.date(2026, 3, 1)), ("2026-13-45", None), ("0711-01-01", None), ("9999-12-31", None),
     ("2026-3-1", None), ("２０２６-03-01", None), ("", None)],
)  # fmt: skip
def test_date_param(value, expected):
    assert date_param(value) == expected


@pytest.fixture
def officer(tree, personas):
    client = Client()
    client.force_login(personas["township_officer"])
    return client


def test_audit_log_with_an_impossible_date_shows_everything(officer, tree):
    make_person(tree.east1, "张三")
    everything = [e.pk for e in officer.get("/audit/").context["page"]]
    response = officer.get("/audit/?since=2026-13-45")
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"]] == everything
    assert len(everything) == 5  # 东镇党委, 东一村 and 东二村党支部, 第一党小组, 张三


def test_people_list_with_a_huge_age_ignores_it(officer, tree):
    make_person(tree.east1, "张三")
    response = officer.get("/people/?age_min=99999999999999999999&age_max=1e309")
    assert response.status_code == 200
    assert [p.name for p in response.context["page"]] == ["张三"]


def test_people_list_age_filter_still_filters(officer, tree):
    make_person(tree.east1, "张三", birth=dt.date(1970, 5, 17))
    make_person(tree.east1, "李四", "resident", birth=dt.date(2000, 5, 17))
    response = officer.get("/people/?age_min=40")
    assert [p.name for p in response.context["page"]] == ["张三"]


def test_ledger_list_with_a_huge_page_is_an_empty_page(officer):
    response = officer.get("/ledgers/?page=99999999999999999999")
    assert response.status_code == 200
    assert response.context["number"] == MAX_PAGE
    assert response.context["rows"] == []


def test_meetings_with_a_superscript_year_and_org(officer):
    response = officer.get("/meetings/?year=²&org=²")
    assert response.status_code == 200

"""The business calendar: shipped days for everyone, a county's own days for its subtree."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.core import actions
from jiceng.core.calendar import load_calendar
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent, CalendarDay

NATIONAL_DAY_END = dt.date(2026, 10, 7)  # shipped: 国庆节 (休)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_county_officer_keeps_the_days_of_the_county(tree, personas):
    county = personas["county_officer"]
    made = actions.set_calendar_day(county, dt.date(2026, 11, 16), is_workday=False, name="县庆")
    assert (made.scope, made.name) == (tree.county.path, "县庆")
    assert not load_calendar(tree.east1.path).is_business_day(dt.date(2026, 11, 16))
    assert load_calendar("").is_business_day(dt.date(2026, 11, 16))  # the shipped calendar is untouched
    # The county works on a shipped holiday: its subtree counts it as a working day
    actions.set_calendar_day(county, NATIONAL_DAY_END, is_workday=True, name="本县调休上班")
    assert load_calendar(tree.west1.path).is_business_day(NATIONAL_DAY_END)
    assert not load_calendar("").is_business_day(NATIONAL_DAY_END)
    assert AuditEvent.objects.filter(object_type="core.calendarday").count() == 2
    # Saving the same day again changes it, one row per county and day
    actions.set_calendar_day(county, dt.date(2026, 11, 16), is_workday=False, name="县庆日")
    assert CalendarDay.objects.filter(scope=tree.county.path).count() == 2


@pytest.mark.parametrize("persona", ["township_officer", "village_secretary", "member", "other_township_officer"])
def test_only_county_officers_keep_the_calendar(tree, personas, persona):
    with pytest.raises(AccessDenied):
        actions.set_calendar_day(personas[persona], dt.date(2026, 11, 16), is_workday=False)
    assert not CalendarDay.objects.exclude(scope="").exists()


def test_the_shipped_days_are_overridden_never_deleted(tree, personas):
    county = personas["county_officer"]
    shipped = CalendarDay.objects.get(scope="", day=NATIONAL_DAY_END)
    with pytest.raises(DomainError, match="国家安排的日期不能删除"):
        actions.remove_calendar_day(county, shipped)
    own = actions.set_calendar_day(county, dt.date(2026, 11, 16), is_workday=False, name="县庆")
    actions.remove_calendar_day(county, own)
    assert CalendarDay.objects.filter(pk=shipped.pk).exists() and not CalendarDay.objects.filter(pk=own.pk).exists()
    with pytest.raises(DomainError, match="日期应在 2000—2100 年之间"):
        actions.set_calendar_day(county, dt.date(1711, 1, 1), is_workday=False)


def test_the_page_shows_the_shipped_days_and_the_countys_own(tree, personas):
    actions.set_calendar_day(personas["county_officer"], NATIONAL_DAY_END, is_workday=True, name="本县调休上班")
    page = client_for(personas["village_secretary"]).get(reverse("calendar"), {"year": "2026"}).content.decode()
    assert "2026-10-01 周四" in page and "国家安排" in page and "春节" in page
    assert "本县调整（覆盖国家安排：国庆节休）" in page
    assert 'id="calendar-form"' not in page and "删除" not in page
    county = client_for(personas["county_officer"])
    page = county.get(reverse("calendar"), {"year": "2026"}).content.decode()
    assert 'id="calendar-form"' in page and page.count(">删除</button>") == 1
    assert "2027-02-05" in county.get(reverse("calendar"), {"year": "2027"}).content.decode()
    assert "2026" in county.get(reverse("calendar"), {"year": "abc"}).content.decode()  # a wrong year: this year


def test_a_county_officer_adds_and_removes_a_day_on_the_page(tree, personas):
    client = client_for(personas["county_officer"])
    response = client.post(reverse("calendar"), {"day": "2026-11-16", "name": "县庆"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    made = CalendarDay.objects.get(scope=tree.county.path)
    assert (made.day, made.is_workday, made.name) == (dt.date(2026, 11, 16), False, "县庆")
    bad = client.post(reverse("calendar"), {"day": "1711-01-01", "name": "x"})
    assert "日期不能早于1900年1月1日，请检查年份" in bad.content.decode()  # the form refuses it first
    client.post(reverse("calendar_remove", kwargs={"pk": made.pk}))
    assert not CalendarDay.objects.filter(pk=made.pk).exists()
    shipped = CalendarDay.objects.get(scope="", day=NATIONAL_DAY_END)
    assert client.post(reverse("calendar_remove", kwargs={"pk": shipped.pk})).status_code == 404

"""Issue 10.5: no 转正 before the probation year is over (发展党员工作细则 Art. 32), unless an
extension of 6–12 months is recorded — then not before the year and the extension."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.people import roster, rules
from jiceng.people.models import Person
from jiceng.people.tests.factories import valid_id

from .test_roster import person_row, problems, workbook


def test_the_probation_ends_a_year_after_joining_or_later_when_extended():
    joined = dt.date(2024, 3, 1)
    assert rules.probation_end(joined) == dt.date(2025, 3, 1)
    assert rules.probation_end(joined, 6) == dt.date(2025, 9, 1)
    assert rules.probation_end(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert [rules.probation_problem(joined, dt.date(*d), ext) for d, ext in
            (((2025, 2, 28), None), ((2025, 3, 1), None), ((2025, 8, 31), 6), ((2025, 9, 1), 6))] == [
        "预备期未满一年：转正日期不能早于2025-03-01", None,
        "预备期未满一年（含延长的6个月）：转正日期不能早于2025-09-01", None]  # fmt: skip
    assert [rules.extension_problem(joined, m) for m in (5, 6, 12, 13)] == [
        "预备期延长应为6至12个月", None, None, "预备期延长应为6至12个月"]  # fmt: skip
    assert rules.extension_problem(None, 6) == "填写预备期延长时须填写入党日期"


def _create(client: Client, **data: str) -> str:
    base = {"name": "赵敏", "id_number": valid_id(dt.date(1990, 1, 1)), "category": "full", "ethnicity": "汉族",
            "joined_on": "2024-03-01"}  # fmt: skip
    return client.post(reverse("people:create"), {**base, **data}).content.decode()


def test_the_form_refuses_an_early_confirmation_and_accepts_it_after_a_recorded_extension(personas, tree):
    """Fails before the fix: a 转正 half a year after 入党 was accepted."""
    client = Client()
    client.force_login(personas["township_officer"])
    org = str(tree.east1.pk)
    page = _create(client, organization=org, confirmed_on="2024-09-01")
    assert "预备期未满一年：转正日期不能早于2025-03-01" in page and not Person.objects.exists()
    page = _create(client, organization=org, confirmed_on="2025-06-01", probation_extended_months="6")
    assert "预备期未满一年（含延长的6个月）：转正日期不能早于2025-09-01" in page and not Person.objects.exists()
    _create(client, organization=org, confirmed_on="2025-09-01", probation_extended_months="6")
    person = Person.objects.get()
    assert (person.confirmed_on, person.probation_extended_months) == (dt.date(2025, 9, 1), 6)


@pytest.mark.django_db
def test_the_roster_import_refuses_an_early_confirmation_unless_extended():
    """Fails before the fix: the import only checked 转正日期 against 入党日期."""
    early = roster.import_roster(workbook(people=[person_row(转正日期="1996-01-01")]))
    assert problems(early) == ["人员 2 转正日期: 预备期未满一年：转正日期不能早于1996-07-01"]
    assert not Person.objects.exists()
    bad = roster.import_roster(workbook(people=[person_row(转正日期="1997-01-01", 预备期延长="3个月")]))
    assert problems(bad) == ["人员 2 预备期延长: 预备期延长应为6至12个月"]
    done = roster.import_roster(workbook(people=[person_row(转正日期="1997-01-01", 预备期延长=6)]))
    assert done.ok and Person.objects.get().probation_extended_months == 6
    exported = roster.export_bytes(Person.objects.get().organization, full_ids=True)
    again = roster.import_roster(io.BytesIO(exported))
    assert again.ok and again.counts()["people_unchanged"] == 1

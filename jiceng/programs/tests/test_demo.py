"""The demo county has the program, one demonstrator with a loan and its subsidies, one fresh application."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiceng.programs.models import Application, Program, Subsidy


@pytest.mark.django_db
def test_the_demo_has_a_demonstrator_with_loan_and_subsidies() -> None:
    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime(2026, 12, 2, 10))):
        call_command("seed_demo", scale="township", stdout=io.StringIO())
    program = Program.objects.get()
    assert (program.loan_min, program.loan_max) == (3_000_000, 5_000_000)
    states = sorted(Application.objects.values_list("state", flat=True))
    assert states == ["applied", "loaned"]
    loaned = Application.objects.get(state="loaned")
    assert loaned.loan.amount == 5_000_000 and loaned.commitment.signed_on == loaned.reached_on("approved")
    assert set(Subsidy.objects.values_list("amount", flat=True)) == {66_375}
    assert Subsidy.objects.count() == sum(1 for p in loaned.loan.schedule() if p.ends_on <= dt.date(2026, 12, 2))

"""The demo county shows publications, a board, a late village on the dashboard, a spot check."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import User
from jiceng.openness import queries
from jiceng.openness.models import Procedure, Publication, SpotCheck
from jiceng.openness.rules import Mark

TODAY = dt.date(2026, 12, 2)


@pytest.mark.django_db
def test_the_demo_has_publications_a_board_and_a_late_village() -> None:
    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime(2026, 12, 2, 10))):
        call_command("seed_demo", scale="township", stdout=io.StringIO())
        township = User.objects.get(username="township").organization
        village = User.objects.get(username="village").organization
        rows = queries.compliance(township, 2026, TODAY)
        html = Client().get(reverse("openness:board", args=[village.pk])).content.decode()
    assert Publication.objects.published().filter(organization=village).count() >= 8
    assert "2026年11月财务收支情况" in html and "公示" in html
    late = [
        (r.org.name, m.span.label, m.mark) for r in rows for _, m in r.behind if m.span.start >= dt.date(2026, 6, 1)
    ]
    assert (rows[1].org.name, "9月", Mark.MISSING) in late
    assert SpotCheck.objects.count() == 1 and Procedure.objects.get().step == "vote"

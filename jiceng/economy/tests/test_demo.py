"""The demo county shows the collective economy and the demo township's cooperatives."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.accounts.models import User
from jiceng.economy import queries
from jiceng.economy.models import Cooperative, Dividend, DividendLine, ShareEntry


@pytest.mark.django_db
def test_the_demo_has_three_years_of_collective_income_and_cooperatives() -> None:
    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(dt.datetime(2026, 12, 2, 10))):
        call_command("seed_demo", scale="township", stdout=io.StringIO())
    county = User.objects.get(username="county")
    assert county.organization is not None
    years = [queries.dashboard(county.organization, y) for y in (2024, 2025, 2026)]
    villages = years[0].villages
    assert villages >= 14
    assert years[0].with_income < years[1].with_income < years[2].with_income == villages
    assert years[2].shell == 0
    coops = Cooperative.objects.order_by("pk")
    assert coops.count() == 5 and {c.trademark for c in coops} >= {"绿纯", "妙峰玫瑰", "妙樱"}
    transport = coops[0]
    assert (
        transport.members.count() == 24
        and ShareEntry.objects.filter(cooperative=transport, kind="transfer").count() == 1
    )
    for dividend in Dividend.objects.filter(cooperative=transport):
        assert dividend.per_share == 1500
        assert DividendLine.objects.filter(dividend=dividend).aggregate(s=Sum("amount"))["s"] == dividend.total
    client = Client()
    client.force_login(User.objects.get(username="village"))
    assert client.get(reverse("economy:coop", args=[transport.pk])).status_code == 200

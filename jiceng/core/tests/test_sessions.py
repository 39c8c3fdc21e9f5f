"""Idle sessions end after SESSION_IDLE_MINUTES; an active one is renewed (at most once a minute)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone


@override_settings(SESSION_COOKIE_AGE=120 * 60)
def test_an_idle_session_ends_and_an_active_one_is_renewed(personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["township_officer"])
    start = timezone.now()
    assert client.get("/audit/").status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(minutes=100)), \
         mock.patch("time.time", return_value=(start + dt.timedelta(minutes=100)).timestamp()):  # fmt: skip
        assert client.get("/audit/").status_code == 200  # active: renewed for another 120 minutes
    expiry = Session.objects.get().expire_date
    assert expiry >= start + dt.timedelta(minutes=219)
    with mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(minutes=100 + 121)):
        response = client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_documented_default_is_two_hours_and_ends_with_the_browser() -> None:
    from jiceng import settings

    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True

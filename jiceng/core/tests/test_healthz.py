from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jiceng.core.models import Heartbeat


@pytest.mark.django_db
def test_healthz_is_503_without_a_recent_worker_heartbeat() -> None:
    client = Client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == {"ok": False, "age_seconds": None}
    now = timezone.now()
    Heartbeat.objects.create(name="scheduler", seen_at=now)
    Heartbeat.objects.create(name="worker", seen_at=now - dt.timedelta(seconds=600))
    assert client.get("/healthz").json()["worker"]["ok"] is False
    Heartbeat.objects.filter(name="worker").update(seen_at=now - dt.timedelta(seconds=5))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"

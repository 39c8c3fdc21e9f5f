"""Login lockout: too many recent failures for one username lock it for a while.

Counted per username (known or not), so guessing cannot tell which usernames exist.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def is_locked(username: str) -> bool:
    recent = LoginFailure.objects.filter(username=username.lower(), at__gte=_window_start())
    return recent.count() >= settings.LOGIN_MAX_FAILURES


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], ip=ip)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()

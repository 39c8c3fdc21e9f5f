"""Login lockout, keyed on the username *and* the client address.

- Too many recent failures for one username from one address lock that pair: someone guessing
  from elsewhere cannot lock the real user out (five anonymous requests used to lock any account,
  the county's included).
- Too many recent failures from one address, whatever the usernames, lock that address: one
  machine cannot try a password against every account.
- Failures are counted per username whether it exists or not, so guessing cannot tell which
  usernames exist. The table is pruned on every failure: rows older than the window go, and at
  most `MAX_ROWS` rows are kept, so a flood of guesses cannot grow it without bound.

The same check guards the site's login page and the Django admin's.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from jiceng.core.web import client_address  # noqa: F401  (the address the lockout counts by)

from .models import LoginFailure

MAX_ROWS = 20_000


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def is_locked(username: str, ip: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    if recent.filter(username=_key(username), ip=ip).count() >= settings.LOGIN_MAX_FAILURES:
        return True
    return ip is not None and recent.filter(ip=ip).count() >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS


def record_failure(username: str, ip: str | None) -> None:
    row = LoginFailure.objects.create(username=_key(username), ip=ip)
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.filter(pk__lte=row.pk - MAX_ROWS).delete()


def clear(username: str, ip: str | None) -> None:
    LoginFailure.objects.filter(username=_key(username), ip=ip).delete()

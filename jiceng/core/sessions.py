"""Idle expiry: a session unused for SESSION_COOKIE_AGE seconds ends; an active one is renewed.

Django renews a session's expiry only when it is saved. Saving on every request would write the
session table on every page; renewing at most once a minute keeps the idle limit to the minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

RENEW_EVERY_SECONDS = 60


class SessionIdleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - int(session.get("_renewed_at", 0)) >= RENEW_EVERY_SECONDS:
                session["_renewed_at"] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


def stamp_login(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """A new session counts as just renewed: the first page after logging in writes nothing."""
    if request is not None and hasattr(request, "session"):
        request.session["_renewed_at"] = int(time.time())

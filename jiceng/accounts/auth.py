"""Bearer-token authentication for the JSON API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.usable()
            .select_related("user", "user__organization")
            .filter(key_hash=hash_token(token))
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        # Recorded to the minute: a write on every request would cost more than the request.
        if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class PasswordBackend(ModelBackend):
    """Passwords only: who may do what comes from the `rules` predicates (the org tree and the
    role), never from Django's per-user permission tables, so no page reads those tables."""

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

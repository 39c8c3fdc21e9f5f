"""Where an account stands with its first login, for the accounts page (list and filter)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from jiceng.organizations.models import Organization

from .models import FirstLoginCode, Role, User

STATUSES = {
    "active": "已设置密码",
    "pending": "待首次登录",
    "expired": "登录码已过期",
    "no_code": "未发登录码",
}


@dataclass(frozen=True)
class Standing:
    key: str
    label: str
    expires_at: dt.datetime | None = None  # of the open code, if any


def standing(user: User, now: dt.datetime) -> Standing:
    """From `user.open_codes` (prefetched: unused, not replaced, newest first)."""
    code = next(iter(getattr(user, "open_codes", [])), None)
    expires = code.expires_at if code is not None else None
    if user.has_usable_password():
        note = "（另有未用的登录码）" if expires and expires > now else ""
        return Standing("active", STATUSES["active"] + note, expires)
    if expires is None:
        return Standing("no_code", STATUSES["no_code"])
    return Standing("pending" if expires > now else "expired", STATUSES["pending" if expires > now else "expired"],
                    expires)  # fmt: skip


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 12 else None


@dataclass
class AccountFilter:
    q: str = ""
    org: Organization | None = None
    role: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, params: QueryDict, user: Any) -> AccountFilter:
        org = None
        if org_id := _int(params.get("org")):
            org = Organization.objects.visible_to(user).filter(pk=org_id).first()
        return cls(
            q=params.get("q", "").strip()[:50],
            org=org,
            role=params.get("role", "") if params.get("role") in Role.values else "",
            status=params.get("status", "") if params.get("status") in STATUSES else "",
        )

    def apply(self, users: QuerySet[User], now: dt.datetime) -> QuerySet[User]:
        if self.org is not None:
            users = users.filter(organization__path__startswith=self.org.path)
        if self.q:
            text = self.q.lower()
            by_name = Q(person__name__contains=self.q) | Q(username__icontains=text)
            by_pinyin = Q(person__name_pinyin__startswith=text) | Q(person__name_initials__startswith=text)
            users = users.filter(by_name | by_pinyin)
        if self.role:
            users = users.filter(role=self.role)
        return self._by_status(users, now) if self.status else users

    def _by_status(self, users: QuerySet[User], now: dt.datetime) -> QuerySet[User]:
        no_password = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        open_codes = FirstLoginCode.objects.open().filter(user=OuterRef("pk"))
        valid = Exists(open_codes.filter(expires_at__gt=now))
        if self.status == "active":
            return users.exclude(no_password)
        if self.status == "pending":
            return users.filter(no_password, valid)
        if self.status == "expired":
            return users.filter(no_password, Exists(open_codes)).exclude(valid)
        return users.filter(no_password).exclude(Exists(open_codes))

    def query_string(self) -> str:
        from urllib.parse import urlencode

        parts = {"q": self.q, "org": self.org.pk if self.org else "", "role": self.role, "status": self.status}
        return urlencode({k: v for k, v in parts.items() if v != ""})

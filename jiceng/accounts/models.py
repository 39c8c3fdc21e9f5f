"""Users attached to an organization with a role; API tokens; login lockout."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    COUNTY_OFFICER = "county_officer", "县委组织部工作人员"
    TOWNSHIP_OFFICER = "township_officer", "乡镇组织委员"
    VILLAGE_SECRETARY = "village_secretary", "村党支部书记"
    MEMBER = "member", "党员"


OFFICER_ROLES = {Role.COUNTY_OFFICER, Role.TOWNSHIP_OFFICER}
EDITOR_ROLES = OFFICER_ROLES | {Role.VILLAGE_SECRETARY}


class User(AbstractUser):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField("角色", max_length=30, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def is_officer(self) -> bool:
        return self.organization_id is not None and self.role in OFFICER_ROLES

    @property
    def can_edit_people(self) -> bool:
        return self.organization_id is not None and self.role in EDITOR_ROLES


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def issue(self, user: User, name: str = "") -> str:
        """Create a token and return it; only its hash is stored."""
        token = "jc_" + secrets.token_urlsafe(32)
        self.create(user=user, key_hash=hash_token(token), name=name)
        return token


class ApiToken(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField("用途", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"


class LoginFailure(models.Model):
    """One failed login for a username (known or not); recent failures lock the username."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

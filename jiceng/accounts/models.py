"""Users attached to an organization with a role, optionally a person; first-login codes; API
tokens; login lockout."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiceng.core.access import in_user_subtree
from jiceng.core.actor import display_name
from jiceng.organizations.models import Organization
from jiceng.people.models import Post


class Role(models.TextChoices):
    COUNTY_OFFICER = "county_officer", "县委组织部工作人员"
    TOWNSHIP_OFFICER = "township_officer", "乡镇组织委员"
    VILLAGE_SECRETARY = "village_secretary", "村党支部书记"
    MEMBER = "member", "党员"


OFFICER_ROLES = {Role.COUNTY_OFFICER, Role.TOWNSHIP_OFFICER}
EDITOR_ROLES = OFFICER_ROLES | {Role.VILLAGE_SECRETARY}


def _ancestor_paths(org_path: str) -> list[str]:
    """The tree paths of the organization at `org_path` and of all its ancestors."""
    step = Organization.steplen
    return [org_path[:i] for i in range(step, len(org_path) + 1, step)]


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: Any) -> UserQuerySet:
        """Accounts whose organization lies in the user's subtree."""
        return in_user_subtree(self, user, "organization__path")

    def acting(self) -> UserQuerySet:
        """Active accounts that may act (officers and secretaries), never read-only members."""
        return self.filter(is_active=True, organization__isnull=False, role__in=EDITOR_ROLES)

    def acting_over(self, org_path: str) -> UserQuerySet:
        """Acting accounts whose own subtree contains the organization at `org_path` (that
        organization's or an ancestor's): who can see a record there and so be its 承办人/审批人."""
        return self.acting().filter(organization__path__in=_ancestor_paths(org_path))

    def acting_in(self, org_path: str) -> UserQuerySet:
        """Acting accounts over the organization at `org_path` or anywhere inside its subtree."""
        above = Q(organization__path__in=_ancestor_paths(org_path))
        return self.acting().filter(above | Q(organization__path__startswith=org_path))

    def for_picker(self) -> UserQuerySet:
        """What a picker's labels read (name, current posts, organization), in one go."""
        posts = Post.objects.current_on(timezone.localdate()).select_related("organization")
        return (
            self.select_related("person", "organization")
            .prefetch_related(models.Prefetch("person__posts", queryset=posts, to_attr="current_posts"))
            .order_by("organization__path", "person__name", "username")
        )


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


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
    # The person the account belongs to (the contract other apps read as `getattr(user, "person", None)`).
    person = models.OneToOneField(
        "people.Person",
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def display_name(self) -> str:
        """The person's name (templates: `{{ user.display_name }}`), see `core.actor.display_name`."""
        return display_name(self)

    @property
    def is_officer(self) -> bool:
        return self.organization_id is not None and self.role in OFFICER_ROLES

    @property
    def can_edit_people(self) -> bool:
        return self.organization_id is not None and self.role in EDITOR_ROLES


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


TOKEN_DAYS = 180  # a token left in a forgotten script stops working within half a year
MAX_TOKEN_DAYS = 730


def default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=TOKEN_DAYS)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def issue(self, user: User, name: str = "", days: int = TOKEN_DAYS) -> str:
        """Create a token valid for `days` and return it; only its hash (and first characters) are stored."""
        token = "jc_" + secrets.token_urlsafe(32)
        expires = timezone.now() + dt.timedelta(days=days)
        self.create(user=user, key_hash=hash_token(token), prefix=token[:10], name=name, expires_at=expires)
        return token

    def usable(self) -> ApiTokenQuerySet:
        """Not revoked, not expired, of an active user."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    # The token's first characters (`jc_` + 7), to tell tokens apart when listing or revoking.
    prefix = models.CharField("令牌开头", max_length=10, blank=True)
    name = models.CharField("用途", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", default=default_expiry)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"


class FirstLoginCodeQuerySet(models.QuerySet["FirstLoginCode"]):
    def open(self) -> FirstLoginCodeQuerySet:
        """Neither used nor replaced (it may still have expired)."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)


class FirstLoginCode(models.Model):
    """A printed one-time code with which a person sets their password; only its hash is kept."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="first_login_codes")
    code_hash = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        User, verbose_name="发放人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField("发放时间")
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)

    objects = FirstLoginCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "首次登录码"
        verbose_name_plural = "首次登录码"
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["user", "code_hash"])]

    def is_valid_at(self, now: dt.datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class LoginFailure(models.Model):
    """One failed login for a username (known or not) from an address; see `lockout`."""

    username = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "ip", "at"], name="loginfailure_pair"),
            models.Index(fields=["ip", "at"], name="loginfailure_address"),
        ]

"""Every change to accounts: creating (one, or in bulk for people), linking to a person,
issuing and using first-login codes. Atomic, permission-checked, audited.

`actor` is a `core.actor.Actor`: a user, or `SYSTEM` (the command line, the demo data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from jiceng.core import audit
from jiceng.core.access import require
from jiceng.core.actor import Actor, actor_user
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import OrgKind
from jiceng.people.models import Person

from . import lockout
from . import rules as account_rules
from .models import MAX_TOKEN_DAYS, TOKEN_DAYS, ApiToken, FirstLoginCode, Role, User, hash_token
from .permissions import Grant

MAX_BATCH = 2000
CODE_SALT = "jiceng.accounts.first-login-code"
WRONG_CODE = "登录名或登录码不正确。"


def create_or_update_user(
    actor: Actor,
    *,
    username: str,
    organization: Organization,
    role: str,
    password: str | None,
    person: Person | None = None,
) -> tuple[User, bool]:
    """The command line's account writer (and the demo's): creates or updates `username`."""
    if role not in Role.values:
        raise ValueError(f"未知角色：{role}")
    require(actor.has_perm("accounts.grant_role", Grant(organization, role)))
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username)
        before = {"organization": str(user.organization or ""), "role": user.role}
        user.organization, user.role, user.is_active = organization, role, True
        if password:
            # The same validators as the password page: `create_user` accepts no password "1".
            password_validation.validate_password(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        after = {"organization": organization.full_path, "role": role}
        audit.record(
            actor, "create" if created else "update", user, org=organization, changes=audit.diff(before, after)
        )
        if person is not None:
            link_person(actor, user, person)
        elif user.person is not None and (problem := person_problem(user, user.person)):
            raise DomainError(problem)  # a new organization or role must still suit the person
    return user, created


# ---------------------------------------------------------------- linking to a person


def person_problem(user: User, person: Person) -> str | None:
    """Why `user` cannot belong to `person` (a Chinese sentence), or None."""
    org = user.organization
    if org is not None and account_rules.person_outside(user.role, org.path, person.org_path):
        return (
            f"{user.get_role_display()}的账户只能属于本组织及下级组织的人员："
            f"{person.name}属于{person.organization.full_path}，账户属于{org.full_path}"
        )
    other = User.objects.filter(person=person).exclude(pk=user.pk).first()
    if other is not None:
        return f"{person.name}已有账户（登录名 {other.username}）"
    return None


def link_person(actor: Actor, user: User, person: Person) -> User:
    """The account `user` belongs to `person` from now on (replacing an earlier link)."""
    require(actor.has_perm("accounts.manage_account", user))
    require(actor.has_perm("people.view_person", person))
    if problem := person_problem(user, person):
        raise DomainError(problem)
    if user.person_id == person.pk:
        return user
    with transaction.atomic():
        before = user.person.name if user.person_id and user.person else ""
        user.person = person
        user.save(update_fields=["person"])
        audit.record(actor, "update", user, org=user.organization, changes={"person": [before, person.name]})
    return user


# ---------------------------------------------------------------- accounts for people, in bulk


@dataclass
class BulkResult:
    created: list[User] = field(default_factory=list)
    skipped: list[Person] = field(default_factory=list)  # people who already have an account


def bulk_create_accounts(actor: Actor, people: Iterable[Person], role: str) -> BulkResult:
    """One account per person (at the person's organization, with `role`), login names from pinyin.

    People who already have an account are skipped (and reported). No password yet: the person
    sets it with a first-login code (`issue_codes`).
    """
    require(actor.has_perm("accounts.view_accounts"))
    chosen = list({p.pk: p for p in people}.values())
    if not chosen:
        raise DomainError("请至少选择一人")
    if len(chosen) > MAX_BATCH:
        raise DomainError(f"一次最多为 {MAX_BATCH} 人创建账户，请按组织分批")
    if role not in Role.values:
        raise DomainError("请选择账户角色")
    for person in chosen:
        require(actor.has_perm("people.view_person", person))
        _require_grant(actor, account_org(person), role)
    has_account = set(User.objects.filter(person__in=chosen).values_list("person_id", flat=True))
    result = BulkResult(skipped=[p for p in chosen if p.pk in has_account])
    todo = [p for p in chosen if p.pk not in has_account]
    try:
        with transaction.atomic():
            result.created = _create_for(actor, todo, role)
    except IntegrityError as exc:  # another officer took a login name or a person meanwhile
        raise DomainError("有账户刚被他人同时创建，请刷新后重试") from exc
    return result


def account_org(person: Person) -> Organization:
    """The organization of a person's account: their own, but a party group's branch (a party group
    is part of its branch: its members take part in the branch's meetings and see the branch)."""
    org = person.organization
    if org.kind == OrgKind.PARTY_GROUP and (parent := org.parent()) is not None:
        return parent
    return org


def _require_grant(actor: Actor, org: Organization, role: str) -> None:
    if actor.has_perm("accounts.grant_role", Grant(org, role)):
        return
    label = Role(role).label
    if not account_rules.role_fits(role, org.kind):
        raise DomainError(f"“{label}”账户不能设在{org.get_kind_display()}（{org.name}）")
    raise DomainError(f"您不能在{org.name}创建“{label}”账户：只能创建低于本人角色的账户，或在下级组织创建同级账户")


def _create_for(actor: Actor, people: list[Person], role: str) -> list[User]:
    taken = _taken_names(people)
    created = []
    for person in people:
        user = User(username=account_rules.free_login_name(person.name_pinyin, taken), role=role)
        user.organization, user.person = account_org(person), person
        user.set_unusable_password()
        user.save()
        changes = {"person": person.name, "organization": user.organization.full_path, "role": Role(role).label}
        audit.record(actor, "create", user, org=user.organization, changes=changes)
        created.append(user)
    return created


def _taken_names(people: list[Person]) -> set[str]:
    """Login names already used that a new name for one of `people` could collide with."""
    bases = sorted({account_rules.login_name_base(p.name_pinyin) for p in people})
    taken: set[str] = set()
    for start in range(0, len(bases), 200):
        match = Q()
        for base in bases[start : start + 200]:
            match |= Q(username__istartswith=base)
        taken.update(name.lower() for name in User.objects.filter(match).values_list("username", flat=True))
    return taken


# ---------------------------------------------------------------- first-login codes


@dataclass(frozen=True)
class IssuedCode:
    """A code as printed: the only moment the code itself exists outside the person's hands."""

    user: User
    code: str
    expires_at: dt.datetime

    @property
    def printed(self) -> str:
        return account_rules.format_code(self.code)


def _hashes(user_pk: int, code: str) -> list[str]:
    """Keyed hashes of a code (current key first, then SECRET_KEY_FALLBACKS, so a key rotation
    keeps printed codes working). A keyed SHA-256, not a password hash: printing 200 slips must
    not take minutes, guessing online is stopped by the lockout, offline it needs the key."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    value = f"{user_pk}:{code}"
    return [salted_hmac(CODE_SALT, value, secret=key, algorithm="sha256").hexdigest() for key in keys]


def issue_codes(actor: Actor, users: Iterable[User], *, now: dt.datetime | None = None) -> list[IssuedCode]:
    """A new first-login code for each account; any earlier open code of theirs stops working."""
    chosen = list({u.pk: u for u in users}.values())
    if not chosen:
        raise DomainError("请至少选择一个账户")
    for user in chosen:
        require(actor.has_perm("accounts.manage_account", user))
        if not user.is_active:
            raise DomainError(f"账户 {user.username} 已停用，不能发放登录码")
    now = now or timezone.now()
    expires = account_rules.code_expiry(now)
    issued = []
    with transaction.atomic():
        # Two officers printing for the same person at once: one waits, so one code stays open.
        list(User.objects.select_for_update().filter(pk__in=[u.pk for u in chosen]).order_by("pk").values("pk"))
        replaced = set(
            FirstLoginCode.objects.open().filter(user__in=chosen).values_list("user_id", flat=True).distinct()
        )
        FirstLoginCode.objects.open().filter(user__in=chosen).update(revoked_at=now)
        for user in chosen:
            code = account_rules.new_code()
            FirstLoginCode.objects.create(user=user, code_hash=_hashes(user.pk, code)[0], issued_by=actor_user(actor),
                                          issued_at=now, expires_at=expires)  # fmt: skip
            note = "重新发放（原登录码作废）" if user.pk in replaced else "发放"
            until = f"{note}，有效期至 {timezone.localtime(expires):%Y-%m-%d}"
            audit.record(actor, "update", user, org=user.organization, changes={"首次登录码": until})
            issued.append(IssuedCode(user, code, expires))
    return issued


def redeem_code(*, username: str, code: str, password: str, ip: str | None = None,
                now: dt.datetime | None = None) -> User:  # fmt: skip
    """First login: the right code (once, before it expires) lets the person set their password.

    Wrong login names and wrong codes count as failed logins (the same lockout as the login page),
    and both get the same answer, so the page tells nobody which login names exist.
    """
    username, code = username.strip(), account_rules.normalize_code(code)
    if lockout.is_locked(username, ip):
        raise DomainError(f"失败次数过多，已暂时锁定，请{settings.LOGIN_LOCKOUT_MINUTES}分钟后再试。")
    now = now or timezone.now()
    user = User.objects.filter(username=username, is_active=True).first()
    found = _matching(user, code) if user is not None and code else None
    if user is None or found is None:
        lockout.record_failure(username, ip)
        raise DomainError(WRONG_CODE)
    if problem := _code_problem(found, now):
        raise DomainError(problem)
    _validate_password(password, user)
    with transaction.atomic():
        # Conditional UPDATE: of two pages sending the same code at once, only one sets a password.
        open_code = FirstLoginCode.objects.open().filter(pk=found.pk, expires_at__gt=now)
        if not open_code.update(used_at=now):
            raise DomainError("该登录码已经用过。")
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(user, "update", user, org=user.organization, changes={"密码": "首次登录时设置"})
    lockout.clear(username, ip)
    return user


def _matching(user: User, code: str) -> FirstLoginCode | None:
    return FirstLoginCode.objects.filter(user=user, code_hash__in=_hashes(user.pk, code)).first()


def _code_problem(found: FirstLoginCode, now: dt.datetime) -> str | None:
    again = "请联系组织委员重新打印登录码。"
    if found.used_at is not None:
        return "该登录码已经用过，密码已设置，请直接登录。忘记密码的，" + again
    if found.revoked_at is not None:
        return "该登录码已作废（之后又打印过新的登录码），请使用最新的一张。"
    if found.expires_at <= now:
        return f"该登录码已过期（有效期至 {timezone.localtime(found.expires_at):%Y-%m-%d}），" + again
    return None


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("密码不符合要求：" + "；".join(exc.messages)) from exc


# ---------------------------------------------------------------- API tokens


def issue_token(actor: Actor, user: User, *, name: str = "", days: int = TOKEN_DAYS) -> str:
    """A new API token for `user`, valid `days` days; audited (the token itself is never stored)."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise DomainError(f"有效天数应在1至{MAX_TOKEN_DAYS}天之间")
    with transaction.atomic():
        token = ApiToken.objects.issue(user, name=name[:100], days=days)
        row = ApiToken.objects.get(key_hash=hash_token(token))
        changes = {"令牌": row.prefix + "…", "用途": row.name, "到期": row.expires_at.isoformat(timespec="minutes")}
        audit.record(actor, "create", row, org=user.organization, changes=changes)
    return token


def revoke_tokens(actor: Actor, user: User, token: str | None = None) -> int:
    """Revoke one token of `user` (given in full) or all of them; returns how many were revoked."""
    with transaction.atomic():
        rows = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        if token is not None:
            rows = rows.filter(key_hash=hash_token(token.strip()))
        revoked = list(rows.select_for_update())
        now = timezone.now()
        for row in revoked:
            row.revoked_at = now
            row.save(update_fields=["revoked_at"])
            audit.record(actor, "revoke", row, org=user.organization, changes={"令牌": row.prefix + "…"})
    return len(revoked)

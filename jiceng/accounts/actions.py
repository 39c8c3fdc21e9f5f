"""Creating and updating user accounts (command line and admin)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jiceng.core import audit
from jiceng.organizations.models import Organization

from .models import Role, User


def create_or_update_user(
    actor: Any, *, username: str, organization: Organization, role: str, password: str | None
) -> tuple[User, bool]:
    if role not in Role.values:
        raise ValueError(f"未知角色：{role}")
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username)
        before = {"organization": str(user.organization or ""), "role": user.role}
        user.organization, user.role, user.is_active = organization, role, True
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        after = {"organization": organization.full_path, "role": role}
        audit.record(
            actor, "create" if created else "update", user, org=organization, changes=audit.diff(before, after)
        )
    return user, created

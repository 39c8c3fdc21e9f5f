"""Test data builders for accounts."""

from __future__ import annotations

from jiceng.accounts import actions
from jiceng.accounts.models import Role, User
from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.people.models import Person

NEW_PASSWORD = "qingshan-2026-x"


def make_account(org: Organization, username: str, role: str = Role.MEMBER, person: Person | None = None) -> User:
    """An account without a password yet (as bulk creation makes them)."""
    return User.objects.create_user(username=username, organization=org, role=role, person=person)


def code_for(user: User) -> str:
    return actions.issue_codes(SYSTEM, [user])[0].code

"""Who may manage accounts (predicates registered with `rules`; see `accounts.rules` for the ranks)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules

from jiceng.core.access import user_org
from jiceng.core.permissions import is_county_officer, is_officer

from . import rules as account_rules


@dataclass(frozen=True)
class Grant:
    """A role given to an account of an organization: what `accounts.grant_role` is asked about."""

    organization: Any
    role: str


@rules.predicate
def may_grant(user: Any, grant: Grant) -> bool:
    own = user_org(user)
    if own is None or grant is None or grant.organization is None:
        return False
    org = grant.organization
    return account_rules.role_fits(grant.role, org.kind) and account_rules.may_grant(
        str(user.role), own.path, grant.role, org.path
    )


@rules.predicate
def may_manage(user: Any, account: Any) -> bool:
    """The account's role at its organization is one the user could grant (never their own)."""
    return account is not None and bool(may_grant(user, Grant(account.organization, account.role)))


# The accounts page and the bulk creation page (each lists the officer's own subtree only).
rules.add_perm("accounts.view_accounts", is_officer)
rules.add_perm("accounts.grant_role", is_officer & may_grant)
# Issuing first-login codes, linking an account to a person.
rules.add_perm("accounts.manage_account", is_officer & may_manage)


# The schedules page (last/next run and failures of the nightly jobs) is the county's to watch.
rules.add_perm("core.view_schedules", is_county_officer)

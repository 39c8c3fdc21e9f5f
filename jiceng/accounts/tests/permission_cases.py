"""Permission cases for the accounts pages (see jiceng/core/testing.py)."""

from __future__ import annotations

from typing import Any

from jiceng.accounts.models import FirstLoginCode, User
from jiceng.accounts.tests.factories import NEW_PASSWORD, code_for, make_account
from jiceng.core.testing import EAST_OFFICERS, EVERYONE, Fixtures, UrlCase
from jiceng.people.tests.factories import make_person

OFFICERS = {"county_officer", "township_officer", "other_township_officer"}
# The first-login page is for people who are not logged in yet (anyone holding a code).
ANYONE = EVERYONE | {"anonymous"}


def first_login(f: Fixtures) -> dict[str, Any]:
    account = make_account(f.tree.east1, "wangwu", person=make_person(f.tree.east1, "王五"))
    code = code_for(account)
    return {"data": {"username": "wangwu", "code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}}


def password_set(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    account = User.objects.get(username="wangwu")
    assert account.check_password(NEW_PASSWORD)
    assert FirstLoginCode.objects.get(user=account).used_at is not None


def east1_person(f: Fixtures) -> dict[str, Any]:
    person = make_person(f.tree.east1, "赵六")
    return {"data": {"person": [person.pk], "role": "member"}, "person": person.pk}


def account_made(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    account = User.objects.get(person_id=prepared["person"])
    assert (account.username, account.role, account.organization_id) == ("zhaoliu", "member", f.tree.east1.pk)
    assert not account.has_usable_password()


def east1_account(f: Fixtures) -> dict[str, Any]:
    account = make_account(f.tree.east1, "sunqi", person=make_person(f.tree.east1, "孙七"))
    return {"data": {"user": [account.pk]}, "account": account.pk}


def code_issued(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert FirstLoginCode.objects.open().filter(user_id=prepared["account"]).count() == 1


def unlinked(f: Fixtures) -> dict[str, Any]:
    account = make_account(f.tree.east1, "zhouba")
    person = make_person(f.tree.east1, "周八")
    return {"kwargs": {"pk": account.pk}, "data": {"id_number": person.id_number}, "person": person.pk}


def linked(f: Fixtures, prepared: dict[str, Any], persona: str) -> None:
    assert User.objects.get(pk=prepared["kwargs"]["pk"]).person_id == prepared["person"]


CASES = [
    UrlCase("first_login", allowed=ANYONE),
    UrlCase("first_login", method="post", allowed=ANYONE, setup=first_login, expect=password_set),
    # Everyone has their own page (an account without a person is told so).
    UrlCase("my_page", allowed=EVERYONE),
    # The lists show each officer's own subtree only; secretaries and members get none.
    UrlCase("account_list", allowed=OFFICERS, outside_scope=()),
    UrlCase("account_create", allowed=OFFICERS, outside_scope=()),
    UrlCase("account_create", method="post", allowed=EAST_OFFICERS, setup=east1_person, expect=account_made),
    UrlCase("account_codes", method="post", allowed=EAST_OFFICERS, setup=east1_account, expect=code_issued),
    UrlCase("account_link", allowed=EAST_OFFICERS, setup=unlinked),
    UrlCase("account_link", method="post", allowed=EAST_OFFICERS, setup=unlinked, expect=linked, note="save"),
]

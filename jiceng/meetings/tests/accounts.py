"""Accounts that belong to people, for the tests of notices to people and of the own page.

The accounts app links an account to its person (`User.person`, related name "account"). Where
that field exists the tests use it; until it does the link is made test-locally (the lookup the
meetings app uses and the attribute it reads are patched for the one test).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist

from jiceng.accounts.models import User
from jiceng.meetings import services
from jiceng.people.models import Person


def link_accounts(monkeypatch: Any, links: dict[User, Person]) -> None:
    try:
        User._meta.get_field("person")
    except FieldDoesNotExist:
        by_user = {u.pk: p for u, p in links.items()}
        by_person = {p.pk: u for u, p in links.items()}
        monkeypatch.setattr(User, "person", property(lambda u: by_user.get(u.pk)), raising=False)

        def accounts_of(person_ids: Any) -> dict[int, Any]:
            wanted = set(person_ids)
            return {pk: u for pk, u in by_person.items() if pk in wanted}

        monkeypatch.setattr(services, "accounts_of", accounts_of)
        return
    for user, person in links.items():
        user.person = person  # type: ignore[attr-defined]
        user.save(update_fields=["person"])

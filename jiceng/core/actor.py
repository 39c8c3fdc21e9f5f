"""Who acts: a logged-in user, or the system itself (demo data, scheduled jobs, imports).

Every action takes an `Actor`. `SYSTEM` is the one actor that is not a user: it passes every
permission check, is recorded as "系统" and never counts as anyone's work. Names shown to people
are people's names (`actor_name`): the linked person's name, else the account's full name, else
its login name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from jiceng.accounts.models import User


@runtime_checkable
class Actor(Protocol):
    """What actions read of the acting party (a `User`, or `SYSTEM`): read-only, so a user's
    properties (`is_authenticated`) and the system's class attributes both satisfy it."""

    @property
    def pk(self) -> Any: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def role(self) -> str: ...

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...

    def get_username(self) -> str: ...


class SystemActor:
    """The system: demo data, scheduled jobs (escalation), the roster import's own writes."""

    pk = None
    id = None
    is_authenticated = False
    is_active = True
    is_superuser = True
    is_system = True
    is_officer = True
    can_edit_people = True
    role = "system"
    organization = None
    organization_id = None
    person = None

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def get_username(self) -> str:
        return "系统"

    def __str__(self) -> str:
        return "系统"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()
_SYSTEM_IS_AN_ACTOR: Actor = SYSTEM  # mypy checks the system satisfies the protocol


def actor_of(request: Any) -> Actor:
    """The acting user of an API request (the token's user: authenticated by the API itself)."""
    user: Actor = request.user
    return user


def is_system(actor: Any) -> bool:
    return actor is SYSTEM or bool(getattr(actor, "is_system", False))


def actor_user(actor: Any) -> User | None:
    """The user behind an actor, for foreign keys (None for the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def actor_name(actor: Any) -> str:
    """The name shown for who did something: a person's name, never a bare login name if avoidable."""
    user = actor_user(actor)
    if user is None:
        return "系统"
    return display_name(user)


def display_name(user: Any) -> str:
    person: Any = getattr(user, "person", None)
    if person is not None and person.name:
        return str(person.name)
    full = (str(getattr(user, "last_name", "") or "") + str(getattr(user, "first_name", "") or "")).strip()
    return full or str(user.get_username())

"""Records named across apps by a string ref ("meetings.issue:12"): how to read one, what follows.

Two domain apps never import each other. When a record of one is the source of a record of
another (an issue raised at a meeting becomes a ledger item), the app that owns the source
registers a `RefKind` from its `AppConfig.ready`; the other app keeps the ref as a string
(`LedgerItem.source_ref`) and reads and notifies the source only through this module:

- `read(ref, user)`: the source's text, organization, date and where to see it, or None when
  the ref is unknown or the user may not see it (the caller answers 404);
- `linked(actor, ref, target)`: a record was made from the source (it may keep a link back);
- `resolved(actor, ref, on, resolution)`: the record made from it was resolved on `on`, so the
  source is settled too (one deadline, not two).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .actor import Actor
from .errors import DomainError


@dataclass(frozen=True)
class Source:
    """What another app needs to know of a source record."""

    text: str
    organization: Any  # an organizations.Organization (core imports no app)
    on: dt.date  # the date it was raised
    label: str  # how the source is named on a page, e.g. "2026-11-02 三委会"
    url: str  # where to read it
    via: str = ""  # the channel it came through ("meeting"), for the ledger item's 来源
    settled: bool = False  # settled already: nothing is left to follow up


def _nothing(*args: Any) -> None:
    return None


@dataclass(frozen=True)
class RefKind:
    kind: str  # "app_label.model", as in `core.engine.ref_of`
    read: Callable[[int, Any], Source | None]  # (pk, user or SYSTEM) → None when unknown or not visible
    linked: Callable[[Any, int, Any], None] = _nothing  # (actor, pk, the record made from it)
    resolved: Callable[[Any, int, dt.date, str], None] = _nothing  # (actor, pk, event date, resolution)


_KINDS: dict[str, RefKind] = {}


def register(kind: RefKind) -> None:
    _KINDS[kind.kind] = kind


def ref(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def split(value: str) -> tuple[RefKind, int] | None:
    """The registered kind and primary key of a ref, or None when it names nothing registered."""
    kind, _, pk = (value or "").partition(":")
    if kind not in _KINDS or not (pk.isascii() and pk.isdigit()):
        return None
    return _KINDS[kind], int(pk)


def read(value: str, user: Any) -> Source | None:
    found = split(value)
    return found[0].read(found[1], user) if found else None


def require_source(value: str, user: Any) -> Source:
    source = read(value, user)
    if source is None:
        raise DomainError("来源记录不存在或无权查看")
    return source


def linked(actor: Actor, value: str, target: Any) -> None:
    if found := split(value):
        found[0].linked(actor, found[1], target)


def resolved(actor: Actor, value: str, on: dt.date, resolution: str) -> None:
    if found := split(value):
        found[0].resolved(actor, found[1], on, resolution)

"""Access follows the org tree and is denied by default.

A user sees their own organization's subtree only. Fetch helpers raise Http404 for anything
outside it, so an officer of another township learns nothing, not even that a record exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest

from .errors import AccessDenied

M = TypeVar("M", bound=models.Model)


def user_org(user: Any) -> Any | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "organization", None)


def in_scope(user: Any, path: str) -> bool:
    """Whether the tree path `path` lies in the user's subtree."""
    org = user_org(user)
    return org is not None and path.startswith(org.path)


def sum_under(path: str, values: Mapping[str, int]) -> int:
    """The sum of `values` (figures per tree path) over the subtree at `path`."""
    return sum(v for p, v in values.items() if p.startswith(path))


def subtrees_of(paths: Iterable[str]) -> Callable[[str], list[str]]:
    """For a row's tree path, which of `paths` it lies under (each a prefix of it), by one lookup
    per tree level instead of a comparison with every one of `paths`."""
    wanted = set(paths)
    lengths = sorted({len(p) for p in wanted})

    def under(path: str) -> list[str]:
        return [path[:n] for n in lengths if n <= len(path) and path[:n] in wanted]

    return under


def common_root(paths: Iterable[str], step: int = 4) -> str:
    """The longest tree path that every one of `paths` lies under ("" for none in common)."""
    found: str | None = None
    for path in paths:
        if found is None:
            found = path
            continue
        n = 0
        while n < min(len(found), len(path)) and found[n] == path[n]:
            n += 1
        found = found[:n]
    prefix = found or ""
    return prefix[: len(prefix) - len(prefix) % step]


def sums_under(paths: Iterable[str], values: Mapping[str, int]) -> dict[str, int]:
    """`sum_under` for each of `paths` in one pass over `values` (each value is added to every one
    of `paths` that is a prefix of its path)."""
    out = dict.fromkeys(paths, 0)
    lengths = sorted({len(p) for p in out})
    for path, value in values.items():
        for n in lengths:
            if n > len(path):
                break
            if path[:n] in out:
                out[path[:n]] += value
    return out


def in_user_subtree[Q: models.QuerySet[Any]](queryset: Q, user: Any, path_lookup: str = "org_path") -> Q:
    """Deny by default: rows whose tree path (`path_lookup`) lies in the user's subtree."""
    org = user_org(user)
    if org is None:
        return queryset.none()
    return queryset.filter(**{f"{path_lookup}__startswith": org.path})


class SubtreeQuerySet[N: models.Model](models.QuerySet[N]):
    """Rows that carry their organization's tree path in `org_path`: `.visible_to(user)` keeps
    the user's subtree (deny by default)."""

    def visible_to(self, user: Any) -> SubtreeQuerySet[N]:
        return in_user_subtree(self, user)


def get_visible_or_404[M: models.Model](queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    try:
        return queryset.visible_to(user).get(**lookup)  # type: ignore[attr-defined]
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require(allowed: bool, message: str = "您没有权限进行此操作") -> None:
    """Actions call this first; a denied request raises before anything is written."""
    if not allowed:
        raise AccessDenied(message)


if TYPE_CHECKING:
    from jiceng.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind the login requirement (LoginRequiredMiddleware): `user` is a real user."""

    user: User  # type: ignore[assignment]

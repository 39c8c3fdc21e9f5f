"""Small helpers shared by the thin views of every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest

from .errors import AccessDenied, DomainError


def run_action(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Run one action; a refusal shows its Chinese message (outside the subtree it is a 404).

    Returns whether the action succeeded.
    """
    try:
        action()
    except AccessDenied as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True

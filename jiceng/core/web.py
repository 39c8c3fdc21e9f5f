"""Small helpers shared by the thin views of every app: the one error path of the pages."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .errors import AccessDenied, DomainError


@dataclass
class Outcome:
    """What `run_action` did: truthy when the action succeeded; `value` is what it returned."""

    ok: bool
    value: Any = None
    error: str = ""

    def __bool__(self) -> bool:
        return self.ok


def run_action(request: HttpRequest, action: Callable[[], Any], done: str = "", *, form: Any = None) -> Outcome:
    """Run one action; a refusal shows its Chinese message (outside the subtree it is a 404).

    With `form`, the refusal is shown on the form (so what was typed stays on the page);
    otherwise as a page message. `done` is the success message (none when empty).
    """
    try:
        value = action()
    except AccessDenied as exc:
        raise Http404 from exc
    except DomainError as exc:
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
        return Outcome(False, error=exc.message)
    if done:
        messages.success(request, done)
    return Outcome(True, value)


def my_sections(request: HttpRequest, today: Any) -> list[SafeString]:
    """The registered sections (core.registry.register_my_page) that have something for this user,
    rendered in order: the home page of what to do and the person's own page show them."""
    from .registry import my_page_sections

    out = []
    for entry in my_page_sections():
        context = entry.context(request.user, today)
        if context is not None:
            out.append(SafeString(render_to_string(entry.template, context, request=request)))
    return out


def client_address(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, or the header a trusted reverse proxy sets
    (LOGIN_CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP) when the site runs behind one. Login lockout and
    the public objection form's rate limit both count by it."""
    if request is None:
        return None
    header = getattr(settings, "LOGIN_CLIENT_IP_HEADER", "")
    for value in (request.META.get(header, "") if header else "", request.META.get("REMOTE_ADDR", "")):
        try:  # the column is an address type on PostgreSQL: anything else would fail the insert
            return str(ipaddress.ip_address(str(value).split(",")[0].strip()))
        except ValueError:
            continue
    return None

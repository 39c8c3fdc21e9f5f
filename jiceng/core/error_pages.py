"""Chinese error pages that fit a phone (issue 10.10).

Django renders templates/404.html, 403.html, 400.html and 500.html itself when DEBUG is off;
two cases have no template of their own and are handled here: a refused CSRF check
(`CSRF_FAILURE_VIEW`) and 405, which `require_POST` answers with an empty body.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page opened too long ago (or with cookies off): say so, and how to go on."""
    return HttpResponse(render_to_string("403_csrf.html", request=request), status=403)


class ErrorPageMiddleware:
    """Give a body to the empty 405 answers of `require_POST` / `require_GET` views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            response.content = render_to_string("405.html", request=request).encode()
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

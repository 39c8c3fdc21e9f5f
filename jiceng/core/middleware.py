"""Request hygiene shared by every view and the API."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict


def _without_nul(data: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, values in data.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") if isinstance(v, str) else v for v in values])
    clean._mutable = False
    return clean


class StripNulBytesMiddleware:
    """Remove NUL characters from query and form parameters.

    PostgreSQL text cannot hold NUL (0x00): without this, a parameter carrying one turns a
    search or a form into a server error. No legitimate input contains it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            request.GET = _without_nul(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in FORM_TYPES and _has_nul(request.POST):
            request.POST = _without_nul(request.POST)  # type: ignore[assignment]
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in value for _, values in data.lists() for value in values if isinstance(value, str))

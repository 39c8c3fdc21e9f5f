"""Request hygiene shared by every view and the API."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from .text import clean_text, has_control

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _clean(data: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, values in data.lists():
        clean.setlist(clean_text(key), [clean_text(v) if isinstance(v, str) else v for v in values])
    clean._mutable = False
    return clean


def _dirty(data: QueryDict) -> bool:
    return any(
        has_control(key) or any(isinstance(v, str) and has_control(v) for v in values) for key, values in data.lists()
    )


class CleanInputMiddleware:
    """Remove control characters from query strings, form fields and uploaded file names.

    PostgreSQL text cannot hold NUL and spreadsheets cannot hold most C0 characters: without this,
    a parameter or a pasted text carrying one turns a search, a form or a later export into a
    server error. See `core.text`; JSON bodies are cleaned by the API's parser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _dirty(request.GET):
            request.GET = _clean(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in FORM_TYPES:
            if _dirty(request.POST):
                request.POST = _clean(request.POST)  # type: ignore[assignment]
            for _field, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.name = clean_text(upload.name or "")
        return self.get_response(request)

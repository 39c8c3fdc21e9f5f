"""Compress pages (HTML) in the app server; JSON, CSV and files are left to nginx or sent as they are.

Django's GZipMiddleware compresses every response; API clients (and schemathesis driving the WSGI
app directly) then receive gzip they did not unpack. Pages are what a phone on a weak network
waits for, and Django pads compressed responses at random against BREACH.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class PageGZipMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)

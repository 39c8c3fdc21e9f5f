"""API schema helpers shared by the apps' routers (django-ninja)."""

from __future__ import annotations

from ninja import Schema


class CleanIn(Schema):
    """Base of every JSON body. Control characters (NUL included: PostgreSQL text cannot hold it)
    are removed by the API's parser (`jiceng/api.py` CleanParser) before any schema sees the
    body — a validator here would never run, ninja wraps the input first."""

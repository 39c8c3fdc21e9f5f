"""Bench section 'list_pages' (to be filled in)."""

from __future__ import annotations

from typing import Any


def run(ctx: Any) -> None:
    ctx.report("list_pages", "not measured yet")

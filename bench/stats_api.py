"""Bench section 'stats_api' (to be filled in)."""

from __future__ import annotations

from typing import Any


def run(ctx: Any) -> None:
    ctx.report("stats_api", "not measured yet")

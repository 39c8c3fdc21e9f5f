"""Bench section 'ledgers' (to be filled in)."""

from __future__ import annotations

from typing import Any


def run(ctx: Any) -> None:
    ctx.report("ledgers", "not measured yet")

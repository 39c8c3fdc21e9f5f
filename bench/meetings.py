"""Bench section 'meetings' (to be filled in)."""

from __future__ import annotations

from typing import Any


def run(ctx: Any) -> None:
    ctx.report("meetings", "not measured yet")

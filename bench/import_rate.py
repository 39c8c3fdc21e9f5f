"""Bench section 'import_rate' (to be filled in)."""

from __future__ import annotations

from typing import Any


def run(ctx: Any) -> None:
    ctx.report("import_rate", "not measured yet")

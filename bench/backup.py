"""Backup and restore of the bench database (the county demo by default), timed."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ensure_scale


def run(ctx: Any) -> None:
    from jiceng.core import backup
    from jiceng.people.models import Person

    ensure_scale(ctx.scale)
    people = Person.objects.count()
    with tempfile.TemporaryDirectory(dir=Path("var")) as tmp:
        info = backup.create(Path(tmp))
        ctx.report(
            f"backup ({people} people, database + media)", f"{info.seconds:.1f} s, {info.size / 1_048_576:.1f} MB"
        )
        started = time.perf_counter()
        backup.restore(info.path)
        seconds = time.perf_counter() - started
    assert Person.objects.count() == people
    ctx.report("restore of that backup (checked, one transaction)", f"{seconds:.1f} s")

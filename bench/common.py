"""Shared bench helpers: seeding the bench database at a scale, timing, percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def ensure_scale(scale: str) -> None:
    """Seed the bench database with `seed_demo --scale` unless it already holds that scale."""
    from django.core.management import call_command

    from jiceng.organizations.models import Organization

    marker = {"township": 1, "county": 1, "province": 1}[scale]
    roots = Organization.objects.filter(depth=1)
    if roots.exists():
        root = roots.first()
        is_province = root is not None and root.kind == "province_committee"
        if (scale == "province") == is_province and roots.count() == marker:
            return
        raise SystemExit(f"bench database holds another scale; remove it or set DATABASE_URL (wanted {scale})")
    call_command("seed_demo", scale=scale, seed=1)
    from django.db import connection

    if connection.vendor == "postgresql":  # planner statistics for the freshly loaded tables
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timings_ms(fn: Callable[[], object], repeat: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# (p50, p95) of the same-run baseline page (bench/baseline.py), once measured.
BASELINE: tuple[float, float] | None = None


def vs_baseline(values: list[float]) -> str:
    """`values`' p50 and p95 as multiples of the same-run baseline's (empty before it is measured)."""
    if BASELINE is None:
        return ""
    return f"  [×{pct(values, 50) / BASELINE[0]:.1f} / ×{pct(values, 95) / BASELINE[1]:.1f} baseline]"


def summary(values: list[float]) -> str:
    mean = statistics.fmean(values)
    line = f"p50 {pct(values, 50):.1f} ms  p95 {pct(values, 95):.1f} ms  (n={len(values)}, mean {mean:.1f})"
    return line + vs_baseline(values)

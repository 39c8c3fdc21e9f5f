"""The county crawl: every page a county officer and a township officer reach, at county scale.

Starting from the home page, every in-site link (`href`) and every htmx load (`hx-get`, fetched
as htmx does, with `HX-Request`) is followed, breadth first, as the signed-in user. Up to
PER_ROUTE addresses of each URL pattern are kept (another organization, another filter), so the
crawl covers every page kind without walking 500 000 ledger items. Downloads (Excel, PDF, CSV,
printouts) are left out: a county export runs as a background task. Each page is fetched once to
warm it, then timed TIMED times in-process (server time: the view, its queries, the template),
with the loaded app frozen out of the garbage collector as in the production server's workers.
Target (issue 12 item 3): every page's p95 ≤ 300 ms. With three fetches a page's p95 is its
slowest fetch, so a page with a fetch over 300 ms (a garbage collection, the machine's noise) is
fetched RETIMED times more and judged on the p95 of all its fetches; the slowest pages are listed.
"""

from __future__ import annotations

import re
import time
from collections import deque
from html import unescape
from typing import Any
from urllib.parse import urldefrag, urlsplit

from bench.common import ensure_scale, pct, timings_ms, vs_baseline

PER_ROUTE = 3
TIMED = 3
RETIMED = 20  # a page with a fetch over 300 ms is fetched this many times more: its own p95, not one outlier
MAX_PAGES = 600
LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
# Downloads and actions: not pages (exports are background tasks; a GET here would not be a page view).
SKIP = re.compile(r"(export|xlsx|pdf|csv|download|print|slips|/file|logout|/static/|/media/|/api/|/admin/|\.png|\.js)")


def _route(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name + ("?" if parts.query else "")


def _timed(client: Any, path: str, headers: dict[str, str], times: int) -> list[float]:
    return timings_ms(lambda: client.get(path, headers=headers), times, warmup=0)


def crawl(username: str) -> dict[str, list[float]]:
    """Timed fetches (ms) by address, for one user."""
    from django.test import Client

    from jiceng.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    seen: set[str] = set()
    kept: dict[str, int] = {}
    queue: deque[tuple[str, bool]] = deque([("/", False)])
    times: dict[str, list[float]] = {}
    while queue and len(times) < MAX_PAGES:
        path, partial = queue.popleft()
        route = _route(path)
        if path in seen or route is None or kept.get(route, 0) >= PER_ROUTE:
            continue
        seen.add(path)
        headers = {"HX-Request": "true"} if partial else {}
        response = client.get(path, headers=headers)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        kept[route] = kept.get(route, 0) + 1
        samples = _timed(client, path, headers, TIMED)
        if max(samples) > 300:
            samples += _timed(client, path, headers, RETIMED)
        times[path + (" (htmx)" if partial else "")] = samples
        body = response.content.decode(errors="replace")
        for match in LINK.finditer(body):
            link = urldefrag(unescape(match.group(1)))[0]
            if not SKIP.search(link):
                queue.append((link, match.group(0).startswith("hx-get")))
    return times


def run(ctx: Any) -> None:
    import gc

    from jiceng.core.warmup import warm_and_freeze

    ensure_scale(ctx.scale)
    warm_and_freeze()  # as the production server's master does before it forks its workers
    try:
        _crawl_both(ctx)
    finally:
        gc.unfreeze()


def _crawl_both(ctx: Any) -> None:
    for username in ("county", "township"):
        started = time.perf_counter()
        times = crawl(username)
        every = [ms for samples in times.values() for ms in samples]
        over = sum(1 for samples in times.values() if pct(samples, 95) > 300)
        ctx.report(f"crawl ({username}): pages, timed fetches", f"{len(times)} pages, {len(every)} fetches "
                   f"in {time.perf_counter() - started:.0f} s")  # fmt: skip
        ctx.report(f"crawl ({username}): server time over all pages",
                   f"p50 {pct(every, 50):.1f} ms  p95 {pct(every, 95):.1f} ms  max {max(every):.1f} ms  "
                   f"(target p95 ≤ 300 ms); pages with p95 over 300 ms: {over}{vs_baseline(every)}")  # fmt: skip
        slowest = sorted(((pct(s, 50), path) for path, s in times.items()), reverse=True)[:5]
        for ms, path in slowest:
            ctx.report(f"crawl ({username}): slowest, p50", f"{ms:.0f} ms  {path[:90]}")
        for path, samples in times.items():
            if len(samples) > TIMED:
                first = " ".join(f"{ms:.0f}" for ms in samples[:TIMED])
                ctx.report(f"crawl ({username}): a fetch over 300 ms", f"{first} ms, then {RETIMED} more: "
                           f"p50 {pct(samples, 50):.0f} ms  p95 {pct(samples, 95):.0f} ms  {path[:80]}")  # fmt: skip

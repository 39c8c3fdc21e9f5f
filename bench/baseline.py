"""The same-run baseline: absolute times differ from machine to machine, ratios travel.

A login-protected page with the base template and one indexed query, through the full stack
(session, middleware, template) as the page benches measure theirs. Its p50 and p95 are kept in
bench.common, whose `summary()` then prints every latency's ratio to them.
"""

from __future__ import annotations

from typing import Any

from bench import common
from bench.common import ensure_scale, pct, timings_ms


def run(ctx: Any) -> None:
    from django.conf import settings
    from django.test import Client

    from jiceng.accounts.models import User

    ensure_scale(ctx.scale)
    settings.ROOT_URLCONF = "bench.urls"
    client = Client()
    client.force_login(User.objects.get(username="township"))

    def fetch() -> object:
        response = client.get("/bench-baseline/")
        assert response.status_code == 200
        return response

    times = timings_ms(fetch, repeat=200, warmup=10)
    common.BASELINE = (pct(times, 50), pct(times, 95))
    ctx.report("baseline page (login, base template, one indexed query)", common.summary(times))

"""People list page throughput through the full Django stack (session login, template, htmx partial)."""

from __future__ import annotations

import time
from typing import Any

from bench.common import ensure_scale, summary, timings_ms

QUERIES = {
    "no filter": {},
    "search 'zs'": {"q": "zs"},
    "category + age 35-55": {"category": "full", "age_min": "35", "age_max": "55"},
    "post = dual (一肩挑)": {"post": "dual"},
    "page 20": {"page": "20"},
}


def run(ctx: Any) -> None:
    from django.test import Client

    from jiceng.accounts.models import User

    ensure_scale(ctx.scale)
    for username in ("township", "county"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for label, params in QUERIES.items():

            def fetch(p: dict[str, str] = params, c: Client = client) -> object:
                response = c.get("/people/", p, headers={"HX-Request": "true"})
                assert response.status_code == 200
                return response

            times = timings_ms(fetch, repeat=30)
            ctx.report(f"people list ({username}) {label}", summary(times))
        started, count = time.perf_counter(), 0
        while time.perf_counter() - started < 3:
            client.get("/people/")
            count += 1
        ctx.report(
            f"people list ({username}) full page throughput", f"{count / (time.perf_counter() - started):.1f} req/s"
        )

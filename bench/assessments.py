"""A county's year round (issue 16): every village of the county scored on 30 indicators, all
computed from the records of the other apps, then the round's results page.

Targets (PostgreSQL): the round computed in ≤ 10 s; the results page p95 ≤ 100 ms. The scheme is
the 五个好 template's copy with its tree replaced by 30 metric indicators (five categories of six,
cycling over every registered organization metric); the villages are those of the county demo
(the economy bench tops them up to 285).
"""

from __future__ import annotations

import time
from typing import Any

from bench.common import ensure_scale, pct, summary, timings_ms

COMPUTE_S, PAGE_MS = 10.0, 100.0
POINTS = (4, 4, 3, 3, 3, 3)  # six indicators making a category's 20 points


def _tree() -> list[dict[str, Any]]:
    from jiceng.core.registry import metrics

    keys = [m.key for m in metrics("organization")]
    tree, n = [], 0
    for c in range(5):
        indicators = []
        for points in POINTS:
            key = keys[n % len(keys)]
            rule = {"kind": "linear", "zero": 0, "full": 100}
            indicators.append({"code": f"K{n + 1}", "name": f"指标{n + 1}", "points": points, "method": "metric",
                               "metric": key, "rule": rule})  # fmt: skip
            n += 1
        tree.append({"code": "ABCDE"[c], "name": f"类别{c + 1}", "points": 20, "indicators": indicators})
    return tree


def run(ctx: Any) -> None:
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from jiceng.accounts.models import User
    from jiceng.assessments import actions
    from jiceng.assessments.models import Round, Scheme

    ensure_scale(ctx.scale)
    officer = User.objects.select_related("organization").get(username="county")
    county = officer.organization
    assert county is not None
    today = timezone.localdate()
    with transaction.atomic():
        scheme = actions.copy_template(officer, county, "wugehao")
        Scheme.objects.filter(pk=scheme.pk).update(name="县级年度考核（测试，30项指标）", tree=_tree())
        scheme.refresh_from_db()
        number = Round.objects.filter(scheme__owner=county, year=today.year).count() + 1
        rnd = actions.open_round(officer, scheme, organization=county, year=today.year, period="year", number=number,
                                 today=today)  # fmt: skip
    started = time.perf_counter()
    actions.compute(officer, rnd, today=today)
    seconds = time.perf_counter() - started
    results = rnd.results.count()
    verdict = "ok" if seconds <= COMPUTE_S else f"over the {COMPUTE_S:.0f} s target"
    ctx.report("county year round computed (villages × indicators)", f"{results} × 30 in {seconds:.1f} s  {verdict}")

    client = Client()
    client.force_login(officer)
    url = reverse("assessments:round", args=[rnd.pk])

    def fetch() -> object:
        response = client.get(url)
        assert response.status_code == 200
        return response

    times = timings_ms(fetch, repeat=30)
    verdict = "ok" if pct(times, 95) <= PAGE_MS else f"over the {PAGE_MS:.0f} ms target"
    ctx.report("round results page (county)", f"{summary(times)}  {verdict}")
    with transaction.atomic():  # the bench leaves no round behind
        rnd.results.all().delete()
        Round.objects.filter(pk=rnd.pk).delete()

"""Stats API latency through the whole Django stack (bearer token, JSON), cold and warm.

Targets (PostgreSQL): county p50 ≤ 20 ms, province p50 ≤ 150 ms (warm). Cold = first request
after a write in the subtree (the snapshot is recomputed live).
"""

from __future__ import annotations

import time
from typing import Any

from bench.common import ensure_scale, summary, timings_ms

TARGETS = {"county": 20.0, "province": 150.0}


def targets(root: Any) -> list[tuple[str, Any]]:
    from jiceng.organizations.models import Organization
    from jiceng.organizations.rules import OrgKind

    county = root if root.kind == OrgKind.COUNTY_COMMITTEE else root.children_qs().first()
    township = county.children_qs().filter(kind=OrgKind.TOWNSHIP_COMMITTEE).first()
    village = Organization.objects.filter(path__startswith=township.path, is_village_level=True).first()
    found = [("village", village), ("township", township), ("county", county)]
    if root.kind == OrgKind.PROVINCE_COMMITTEE:
        found.append(("province", root))
    return found


def run(ctx: Any) -> None:
    from django.test import Client
    from django.utils import timezone

    from jiceng.accounts.models import ApiToken, Role, User
    from jiceng.organizations.models import Organization
    from jiceng.people.models import Person
    from jiceng.reports.models import StatsSnapshot

    ensure_scale(ctx.scale)
    root = Organization.objects.get(depth=1)
    user, _ = User.objects.update_or_create(
        username="bench-api", defaults={"organization": root, "role": Role.COUNTY_OFFICER}
    )
    token = ApiToken.objects.issue(user, name="bench")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    today = timezone.localdate().isoformat()
    ctx.report("people in the database", f"{Person.objects.count():,}")
    for label, org in targets(root):
        url = f"/api/v1/orgs/{org.pk}/stats"
        StatsSnapshot.objects.filter(organization=org).delete()
        started = time.perf_counter()
        response = client.get(url, {"as_of": today})
        cold = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content[:200]
        members = response.json()["members"]["total"]

        def fetch(u: str = url, day: str = today) -> object:
            return client.get(u, {"as_of": day})

        warm = timings_ms(fetch, repeat=60)
        target = TARGETS.get(label)
        note = f"  target p50 ≤ {target:.0f} ms" if target else ""
        ctx.report(f"stats API {label} ({members:,} members) cold", f"{cold:.1f} ms")
        ctx.report(f"stats API {label} warm", summary(warm) + note)
        past = timings_ms(lambda u=url: fetch(u, "2020-12-31"), repeat=5, warmup=0)  # type: ignore[misc]
        ctx.report(f"stats API {label} as_of=2020-12-31 (first live, then cached)", summary(past))

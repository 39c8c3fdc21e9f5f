"""Page weight: bytes a real browser (Debian's chromium via Playwright) transfers, empty cache.

Against the production server (gunicorn + WhiteNoise, as `make run` serves), every page in a
fresh browser context: HTML, CSS, scripts and whatever they load, headers included, as sent on
the wire (compressed). Budgets from issue 12: login ≤ 60 KB; first page after login ≤ 150 KB
without charts, ≤ 300 KB with them; the public board and the ballot page ≤ 80 KB.
"""

from __future__ import annotations

import shutil
from typing import Any

from bench.common import ensure_scale
from bench.servers import running

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
KB = 1024


def _targets() -> list[tuple[str, str, str | None, int]]:
    """(label, path, username or None, budget in KB)."""
    from jiceng.accounts.models import User
    from jiceng.organizations.models import Organization

    village = Organization.objects.filter(is_village_level=True, dissolved_on__isnull=True).order_by("path").first()
    assert village is not None
    township = User.objects.get(username="township")
    home = f"/orgs/{township.organization_id}/"
    return [
        ("login page", "/accounts/login/", None, 60),
        ("first page after login: dashboard (township, charts)", home, "township", 300),
        ("people list (township, no charts)", "/people/", "township", 150),
        ("ledgers (township, no charts)", "/ledgers/", "township", 150),
        ("meetings (township, no charts)", "/meetings/", "township", 150),
        ("org tree (township, Alpine + htmx)", "/orgs/", "township", 150),
        ("public board (village)", f"/openness/board/{village.pk}/", None, 80),
        ("ballot page", f"/evaluations/v/{_open_round(village)}/", None, 80),
    ]


def _open_round(village: Any) -> str:
    from jiceng.accounts.models import Role, User
    from jiceng.evaluations import actions

    user, _ = User.objects.update_or_create(
        username="bench-pages", defaults={"organization": village, "role": Role.TOWNSHIP_OFFICER}
    )
    round_ = actions.create_round(user, organization=village, kind="report", title="页面体积测试", year=2026,
                                  scale="satisfaction", pool="representatives")  # fmt: skip
    actions.add_subjects(user, round_, names=[f"评议对象{i}" for i in range(1, 8)])
    actions.generate_codes(user, round_, 5)
    actions.open_round(user, round_)
    return round_.public_key


def _weigh(browser: Any, base: str, path: str, state: Any) -> tuple[int, int]:
    """(bytes transferred, requests) for one page load in a fresh context (empty cache)."""
    context = browser.new_context(storage_state=state, viewport={"width": 360, "height": 740})
    page = context.new_page()
    total = [0, 0]

    def finished(request: Any) -> None:
        sizes = request.sizes()
        total[0] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        total[1] += 1

    page.on("requestfinished", finished)
    page.goto(base + path, wait_until="networkidle")
    context.close()
    return total[0], total[1]


def _login(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "jiceng2026")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    state = context.storage_state()
    context.close()
    return state


def run(ctx: Any) -> None:
    import os

    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        ctx.report("page weight", "skipped: chromium is not installed (apt-get install chromium)")
        return
    ensure_scale(ctx.scale)
    targets = _targets()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with running("prod") as port, sync_playwright() as p:
        base = f"http://127.0.0.1:{port}"
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        states: dict[str | None, Any] = {None: None}
        for label, path, username, budget in targets:
            if username not in states:
                states[username] = _login(browser, base, username)  # type: ignore[arg-type]
            size, requests = _weigh(browser, base, path, states[username])
            verdict = "ok" if size <= budget * KB else "OVER BUDGET"
            ctx.report(f"page weight: {label}", f"{size / KB:6.1f} KB in {requests} requests "
                       f"(budget {budget} KB: {verdict})")  # fmt: skip
        browser.close()

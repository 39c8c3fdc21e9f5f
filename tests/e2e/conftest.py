"""Playwright driving Debian's chromium (`playwright install` cannot download browsers here)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"


def shot(page: Any, name: str) -> None:
    """A screenshot for the user guide (docs/guide/img/NAME.png), taken only when JICENG_SCREENSHOTS=1;
    a page of the desktop/phone pair takes the shots named for its viewport (phone-*: the phone)."""
    if not os.environ.get("JICENG_SCREENSHOTS"):
        return
    if getattr(page, "viewport_name", None) in (None, "desktop") or name.startswith("phone"):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the live server and Playwright's sync API share a thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request: Any, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="zh-CN")
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Pages at a given viewport (and context options such as `user_agent`); their contexts (and
    keep-alive connections) close after the test."""
    contexts: list[Any] = []

    def make(viewport: str, **options: Any) -> Any:
        contexts.append(browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN", **options))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


def login(page: Any, url: str, username: str) -> None:
    """Log in through the login page with the test password."""
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url

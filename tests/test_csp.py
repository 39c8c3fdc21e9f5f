"""No inline script anywhere (the Content-Security-Policy forbids it), and the policy is sent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def templates() -> list[Path]:
    return sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("jiceng/*/templates/**/*.html")])


def test_no_template_has_inline_script_or_event_handlers() -> None:
    found = []
    for path in templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JS_URL):
            found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []
    assert len(templates()) > 40  # the scan saw the templates


def test_pages_carry_a_policy_without_inline_script(personas: dict[str, Any]) -> None:
    client = Client()
    login = client.get("/accounts/login/")
    policy = login["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    client.force_login(personas["township_officer"])
    dashboard = client.get("/", follow=True)
    assert dashboard["Content-Security-Policy"] == policy
    body = dashboard.content.decode()
    assert "echarts" not in body.split("<script")[0]  # no library in the head; app.js loads it if needed
    assert body.count("<script") == 1 and 'data-echarts="/static/vendor/echarts/echarts.min.js"' in body

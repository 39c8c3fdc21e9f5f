"""The production server as `make run` starts it: gunicorn + worker + scheduler, DEBUG off.

Runs on its own SQLite file and key directory (whatever database the suite uses), on a free port.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory: Any) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("prod")
    keep = ("PATH", "HOME", "LANG", "CI")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({"JICENG_VAR_DIR": str(tmp), "DATABASE_URL": f"sqlite:///{tmp}/prod.sqlite3"})
    subprocess.run(["make", "-s", "static"], cwd=ROOT, check=True, capture_output=True, timeout=300)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    port = _free_port()
    log = open(tmp / "serve.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([*manage, "serve", "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if _get(base + "/accounts/login/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
        log.close()
        output = (tmp / "serve.log").read_text()
        assert code == 0, output
        assert "Traceback" not in output, output


def test_login_page_is_served_without_debug_and_with_a_strict_csp(server: str) -> None:
    status, headers, body = _get(server + "/accounts/login/")
    assert status == 200
    assert "登录" in body.decode()
    assert headers["Server"].startswith("gunicorn")
    # No keep-alive at the app server: a worker holds only the connections it is serving.
    assert headers["Connection"] == "close"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    missing = _get(server + "/no-such-page/")
    assert missing[0] == 404 and b"Traceback" not in missing[2] and b"DEBUG" not in missing[2]


def test_static_files_are_hashed_precompressed_and_cached_for_a_year(server: str) -> None:
    page = _get(server + "/accounts/login/")[2].decode()
    css = page.split('href="/static/vendor/bootstrap/')[1].split('"')[0]
    assert re.fullmatch(r"bootstrap\.min\.[0-9a-f]{12}\.css", css)
    url = f"{server}/static/vendor/bootstrap/{css}"
    for encoding in ("br", "gzip"):
        status, headers, body = _get(url, **{"Accept-Encoding": encoding})
        assert status == 200
        assert headers["Content-Encoding"] == encoding
        assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
        assert len(body) < 40_000  # 232 KB uncompressed
    # HTML is compressed by the app server too.
    assert _get(server + "/accounts/login/", **{"Accept-Encoding": "gzip"})[1].get("Content-Encoding") == "gzip"


def test_healthz_reports_the_database_and_the_worker_heartbeat(server: str) -> None:
    for _ in range(60):  # the scheduler's first heartbeat goes through the worker within seconds
        status, _headers, body = _get(server + "/healthz")
        if status == 200:
            break
        time.sleep(0.5)
    report = json.loads(body)
    assert status == 200, report
    assert report["database"] == "ok" and report["status"] == "ok"
    assert report["worker"]["ok"] is True and report["worker"]["age_seconds"] <= 60
    assert report["scheduler"]["ok"] is True

"""Start the development server (`make dev`) or the production server (`make run`) for a bench.

Both serve the bench database (the DATABASE_URL the bench set up) with the keys in var/, as
subprocesses on a free port; the production one as `manage.py serve` starts it (gunicorn).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"dev": "开发服务器（runserver）", "prod": "生产服务器（gunicorn）"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command(kind: str, port: int) -> tuple[list[str], dict[str, str]]:
    manage = [sys.executable, str(ROOT / "manage.py")]
    env = {**os.environ}
    if kind == "dev":
        env["DEBUG"] = "true"
        return [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], env
    env["DEBUG"] = "false"
    return [*manage, "serve", "--bind", f"127.0.0.1:{port}", "--no-worker", "--no-scheduler"], env


@contextmanager
def running(kind: str) -> Iterator[int]:
    """Yield the port of a running server of `kind` ("dev" or "prod"); stop it afterwards."""
    port = free_port()
    args, env = _command(kind, port)
    log_path = ROOT / "var" / f"bench-{kind}-server.log"
    log = open(log_path, "wb")  # noqa: SIM115 (closed below; the server's request log is large)
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait(port, proc, log_path)
        yield port
    finally:
        log.close()
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"服务器未能启动：{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("服务器 120 秒内未能启动")

"""`check --deploy` with the documented production settings (docs/deploy/jiceng.env): 0 warnings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = ROOT / "docs" / "deploy" / "jiceng.env"


def documented_env(tmp: Path) -> dict[str, str]:
    env = {}
    for line in ENV_FILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    for name in ("SECRET_KEY", "ID_NUMBER_KEY", "BALLOT_CODE_KEY"):
        key = tmp / name.lower()
        key.write_text(secrets.token_urlsafe(64))
        env[f"{name}_FILE"] = str(key)
    # Where this machine has no county server: a SQLite file and a temporary var/ stand in.
    env.update({"DATABASE_URL": f"sqlite:///{tmp}/deploy.sqlite3", "JICENG_VAR_DIR": str(tmp)})
    return env


def test_check_deploy_gives_no_warning_with_the_documented_settings(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env={**base, **documented_env(tmp_path)}, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_the_documented_settings_take_effect(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    code = ("from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_AGE)")  # fmt: skip
    done = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT,
                          env={**base, **documented_env(tmp_path)}, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.stdout.split("\n")[0] == (
        "False True True ('HTTP_X_FORWARDED_PROTO', 'https') ['https://dangjian.example-county.gov.cn'] 31536000 7200"
    ), done.stderr


def test_an_unreachable_database_stops_with_a_chinese_message(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env = {**base, "JICENG_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nowhere",
           "DATABASE_CONNECT_TIMEOUT": "2"}  # fmt: skip
    for args in (["migrate"], ["serve", "--bind", "127.0.0.1:1"]):
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)  # fmt: skip
        assert done.returncode != 0
        assert "无法连接" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr

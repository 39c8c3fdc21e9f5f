"""`make run`: the production web server, the task worker and the scheduler, supervised together."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

ROOT = Path(settings.BASE_DIR)


class Command(BaseCommand):
    help = "以生产方式运行：gunicorn 网页服务、后台任务进程、定时进程（任一退出则全部停止）"
    requires_system_checks = []  # run below, with the database checks (the ID-number key)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("WEB_BIND", "127.0.0.1:8000"))
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程")
        parser.add_argument("--no-scheduler", action="store_true", help="不启动定时进程")

    def handle(self, *args: Any, **opts: Any) -> None:
        self._preflight()
        python, manage = sys.executable, str(ROOT / "manage.py")
        commands = {
            "网页服务": [
                python,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "jiceng" / "gunicorn_conf.py"),
                "--bind",
                opts["bind"],
            ],
        }
        if not opts["no_worker"]:
            commands["后台任务进程"] = [python, manage, "db_worker", "--queue-name", "*", "--no-reload"]
        if not opts["no_scheduler"]:
            commands["定时进程"] = [python, manage, "run_scheduler"]
        sys.exit(self._supervise(commands))

    def _preflight(self) -> None:
        try:
            connection.ensure_connection()
        except DatabaseError as exc:
            db = settings.DATABASES["default"]
            raise CommandError(f"无法连接数据库（{db.get('HOST') or db['NAME']}）：{exc}".strip()) from exc
        if not settings.DEBUG and not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            raise CommandError("尚未收集静态文件：请先运行 manage.py collectstatic（make run 会自动运行）")
        call_command("check", databases=["default"])  # the ID-number key check among them
        connection.close()

    def _supervise(self, commands: dict[str, list[str]]) -> int:
        children = {name: subprocess.Popen(cmd, cwd=ROOT) for name, cmd in commands.items()}
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = 0
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    self.stderr.write(f"{name}已退出（返回码 {child.returncode}），停止全部进程")
                    code, stopping = child.returncode or 1, True
                    break
            time.sleep(0.5)
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children.values():
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
        return code

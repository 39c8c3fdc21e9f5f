import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from jiceng.core import schedules


class Command(BaseCommand):
    help = "定时进程：按时把每日任务（台账检查、统计预计算、备份）加入后台队列（make run 自动启动）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="检查间隔（秒）")
        parser.add_argument("--once", action="store_true", help="只检查一次")

    def handle(self, *args: Any, **opts: Any) -> None:
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        names = "、".join(job.label for job in schedules.jobs())
        self.stdout.write(f"定时进程已启动：{names}")
        while self.running:
            close_old_connections()
            for name in schedules.tick():
                self.stdout.write(f"已加入队列：{schedules.get(name).label}")
            close_old_connections()
            if opts["once"]:
                break
            time.sleep(opts["interval"])

    def _stop(self, signum: int, frame: Any) -> None:
        self.running = False

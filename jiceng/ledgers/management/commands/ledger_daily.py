from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiceng.ledgers.tasks import daily_check, run_daily


class Command(BaseCommand):
    help = "台账每日检查：临期预警、逾期上报（make run 的定时进程每天自动运行；此命令用于手工补跑）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="交给后台任务进程执行")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["enqueue"]:
            daily_check.enqueue()
            self.stdout.write("已加入后台任务队列。")
            return
        result = run_daily()
        self.stdout.write(f"临期预警 {result.warned} 件，逾期上报 {result.escalated} 件。")

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiceng.reports.warm import warm


class Command(BaseCommand):
    help = "预先计算各组织当日统计（make run 的定时进程每天自动运行），并清理 30 天前的统计快照"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="统计日期，默认今天")
        parser.add_argument("--keep-days", type=int, default=30)

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(warm(opts["as_of"], opts["keep_days"]))

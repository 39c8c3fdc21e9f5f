from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiceng.people.roster import template_bytes


class Command(BaseCommand):
    help = "生成空白花名册模板（.xlsx）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="输出文件，如 花名册模板.xlsx")

    def handle(self, *args: Any, **opts: Any) -> None:
        Path(opts["out"]).write_bytes(template_bytes())
        self.stdout.write(f"已生成模板：{opts['out']}")

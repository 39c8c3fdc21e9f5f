from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.core import backup


class Command(BaseCommand):
    help = "从备份文件恢复数据库与上传文件（先全部检查，再整体替换；当前数据将被覆盖）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="backup 命令生成的 .tar 文件")
        parser.add_argument("--check", action="store_true", help="只检查备份能否恢复，不做修改")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        try:
            manifest = backup.check(path) if opts["check"] else backup.restore(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if opts["check"]:
            self.stdout.write(f"备份可以恢复（{manifest['created']}，{manifest['engine']}）。")
            return
        # A backup from an older version: bring its schema up to this one.
        call_command("migrate", interactive=False, verbosity=0)
        call_command("check", databases=["default"], verbosity=0)
        self.stdout.write(f"已从 {path.name} 恢复（备份时间 {manifest['created']}）。请重启服务。")

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.core import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到目录 DIR（一个 .tar 文件；密钥文件请另行保管）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", nargs="?", default=None, help="备份目录（默认 BACKUP_DIR）")
        parser.add_argument(
            "--keep", type=int, default=None, help=f"只保留最新的 N 个备份（定时备份：{settings.BACKUP_KEEP}）"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        directory = Path(opts["directory"]) if opts["directory"] else backup.default_dir()
        try:
            info = backup.create(directory, keep=opts["keep"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已备份到 {info.path}（{info.size / 1_048_576:.1f} MB，{info.seconds:.1f} 秒）")

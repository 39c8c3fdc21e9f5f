from typing import Any

from django.core.management.base import BaseCommand

from jiceng.people.models import ERROR_FILE_DAYS
from jiceng.people.tasks import expire_import_files


class Command(BaseCommand):
    help = f"删除超过{ERROR_FILE_DAYS}天的导入错误说明文件和已结束导入遗留的上传文件（建议每天运行）"

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(f"已删除 {expire_import_files()} 个文件")

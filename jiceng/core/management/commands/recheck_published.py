from typing import Any

from django.core.management.base import BaseCommand

from jiceng.core.privacy import recheck_published


class Command(BaseCommand):
    help = "重新检查已公开的内容：含身份证号、电话号码或当事人姓名的，自动撤回并提示经办人（建议每天运行）"

    def handle(self, *args: Any, **opts: Any) -> None:
        for label, withdrawn in recheck_published().items():
            self.stdout.write(f"{label}：撤回 {withdrawn} 条")

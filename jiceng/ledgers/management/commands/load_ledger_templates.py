from typing import Any

from django.core.management.base import BaseCommand

from jiceng.ledgers.defaults import install_templates


class Command(BaseCommand):
    help = "载入（或补齐）系统自带的台账类型模板"

    def handle(self, *args: Any, **opts: Any) -> None:
        created = install_templates()
        self.stdout.write(f"新增模板 {created} 个。")

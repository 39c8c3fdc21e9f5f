import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiceng.ledgers import rollup
from jiceng.organizations.models import Organization


class Command(BaseCommand):
    help = "重建台账统计汇总（批量导入事项之后，或怀疑汇总与事项不一致时）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", type=int, help="只重建该组织及其下级的汇总（组织编号）")
        parser.add_argument("--check", action="store_true", help="只比较汇总与逐条重新计数的结果，不修改")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["check"]:
            stored, live = rollup.stored_counts(), rollup.live_counts()
            differ = {key for key in stored.keys() | live.keys() if stored[key] != live[key]}
            self.stdout.write(f"汇总 {len(stored)} 行，不一致 {len(differ)} 行")
            return
        prefix = Organization.objects.get(pk=opts["org"]).path if opts["org"] else ""
        started = time.perf_counter()
        rows = rollup.rebuild(prefix)
        self.stdout.write(f"已重建台账统计汇总：{rows} 行，用时 {time.perf_counter() - started:.1f} 秒")

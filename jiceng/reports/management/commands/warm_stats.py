import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jiceng.organizations.models import Organization
from jiceng.reports.models import StatsSnapshot
from jiceng.reports.stats import org_stats


class Command(BaseCommand):
    help = "预先计算各组织当日统计（建议每天凌晨运行一次），并清理 30 天前的统计快照"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="统计日期，默认今天")
        parser.add_argument("--keep-days", type=int, default=30)

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.perf_counter()
        day = opts["as_of"] or timezone.localdate()
        orgs = Organization.objects.active().order_by("-depth", "path")
        for org in orgs.iterator():
            org_stats(org, day)
        old = timezone.now() - dt.timedelta(days=opts["keep_days"])
        removed, _ = StatsSnapshot.objects.filter(computed_at__lt=old).delete()
        seconds = time.perf_counter() - started
        self.stdout.write(f"已计算 {orgs.count()} 个组织的 {day} 统计，清理旧快照 {removed} 条（{seconds:.1f} 秒）")

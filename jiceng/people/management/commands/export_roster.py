from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.core import audit
from jiceng.core.actor import SYSTEM
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import join_path, split_path
from jiceng.people.roster import export_bytes


class Command(BaseCommand):
    help = "把某组织及其全部下级导出为花名册（与模板格式相同）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out")
        parser.add_argument("--org", required=True, help="组织全称路径")
        parser.add_argument("--full-ids", action="store_true", help="导出完整公民身份号码（记入审计）")

    def handle(self, *args: Any, **opts: Any) -> None:
        org = Organization.objects.active().filter(full_path=join_path(split_path(opts["org"]))).first()
        if org is None:
            raise CommandError(f"找不到组织：{opts['org']}")
        Path(opts["out"]).write_bytes(export_bytes(org, full_ids=opts["full_ids"]))
        if opts["full_ids"]:
            audit.record(SYSTEM, "export", org, org=org, changes={"完整身份证号": True, "文件": opts["out"]})
        self.stdout.write(f"已导出：{opts['out']}")

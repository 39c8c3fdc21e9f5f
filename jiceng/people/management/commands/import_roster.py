import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.people.roster import import_roster

LABELS = {
    "orgs_created": "新建组织", "orgs_updated": "更新组织", "orgs_unchanged": "组织无变化",
    "people_created": "新增人员", "people_updated": "更新人员", "people_unchanged": "人员无变化",
}  # fmt: skip


class Command(BaseCommand):
    help = "导入花名册（全部校验通过才写入；--dry-run 只校验并报告数量）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="花名册 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.perf_counter()
        try:
            plan = import_roster(opts["file"], dry_run=opts["dry_run"])
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{opts['file']}") from exc
        for warning in plan.warnings:
            self.stderr.write(f"提示 {warning}")
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"共 {len(plan.problems)} 处错误，未写入任何数据。")
        counts = "，".join(f"{LABELS[k]} {v}" for k, v in plan.counts().items())
        verb = "校验通过（未写入）" if opts["dry_run"] else "导入完成"
        self.stdout.write(f"{verb}：{counts}（{time.perf_counter() - started:.1f} 秒）")

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jiceng.core.registry import demo_seeders
from jiceng.demo.generator import SCALES
from jiceng.demo.seed import seed
from jiceng.organizations.models import Organization


class Command(BaseCommand):
    help = "生成演示数据（确定性的合成数据：组织、人员、干部、演示账户），并列出演示账户"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="county")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有组织时不生成，只列出演示账户")

    def handle(self, *args: Any, **opts: Any) -> None:
        if Organization.objects.exists():
            if not opts["if_empty"]:
                raise CommandError("数据库中已有组织数据；演示数据只能生成到空数据库中。")
            self.stdout.write("数据库中已有数据，跳过演示数据生成。")
        else:
            today = timezone.localdate()
            seed(opts["scale"], opts["seed"], today, self.stdout.write)
            # Each domain app registers its own demo data from its AppConfig.ready (core.registry).
            for entry in demo_seeders():
                entry.seeder(today, opts["seed"], self.stdout.write)
            self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
        call_command("demo_logins", stdout=self.stdout)

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.accounts.actions import create_or_update_user
from jiceng.accounts.models import Role
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import join_path, split_path


class Command(BaseCommand):
    help = "创建或更新一个限定在某组织及其下级范围内的用户"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="组织全称路径，如 某县委/某镇党委")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = join_path(split_path(opts["org"]))
        org = Organization.objects.active().filter(full_path=path).first()
        if org is None:
            raise CommandError(f"找不到组织：{opts['org']}")
        password = sys.stdin.readline().rstrip("\n") if opts["password_stdin"] else None
        if opts["password_stdin"] and not password:
            raise CommandError("标准输入中没有密码")
        user, created = create_or_update_user(
            None, username=opts["username"], organization=org, role=opts["role"], password=password
        )
        self.stdout.write(
            f"{'已创建' if created else '已更新'}用户 {user.username}（{org.full_path}，{user.get_role_display()}）"
        )

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "为用户生成一个接口令牌（只输出令牌本身，一行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"找不到用户：{opts['username']}")
        self.stdout.write(ApiToken.objects.issue(user, name="command line"))

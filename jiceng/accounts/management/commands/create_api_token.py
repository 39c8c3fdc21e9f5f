from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.accounts.actions import issue_token
from jiceng.accounts.models import MAX_TOKEN_DAYS, TOKEN_DAYS, User
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError


class Command(BaseCommand):
    help = "为用户生成一个接口令牌（只输出令牌本身，一行）；到期自动失效，可用 revoke_api_token 吊销"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=TOKEN_DAYS,
                            help=f"有效天数（默认 {TOKEN_DAYS}，最多 {MAX_TOKEN_DAYS}）")  # fmt: skip
        parser.add_argument("--name", default="command line", help="用途说明，如“县里统计脚本”")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"找不到用户：{opts['username']}")
        try:
            token = issue_token(SYSTEM, user, name=opts["name"], days=opts["days"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(token)

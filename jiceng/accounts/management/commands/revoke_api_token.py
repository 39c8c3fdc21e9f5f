import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.accounts.actions import revoke_tokens
from jiceng.accounts.models import User
from jiceng.core.actor import SYSTEM


class Command(BaseCommand):
    help = "吊销用户的接口令牌：默认吊销全部；--token-stdin 从标准输入读入一个令牌，只吊销它"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--token-stdin", action="store_true", help="从标准输入读取要吊销的令牌")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"找不到用户：{opts['username']}")
        token = sys.stdin.readline().strip() if opts["token_stdin"] else None
        if opts["token_stdin"] and not token:
            raise CommandError("标准输入中没有令牌")
        count = revoke_tokens(SYSTEM, user, token)
        if token is not None and count == 0:
            raise CommandError("该用户没有这个有效令牌")
        self.stdout.write(f"已吊销 {user.username} 的 {count} 个接口令牌")

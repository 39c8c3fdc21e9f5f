from typing import Any

from django.core.management.base import BaseCommand

from jiceng.accounts.models import User
from jiceng.demo.seed import DEMO_PASSWORD, DEMO_USERNAMES


class Command(BaseCommand):
    help = "列出演示账户"

    def handle(self, *args: Any, **opts: Any) -> None:
        users = User.objects.filter(username__in=DEMO_USERNAMES).select_related("organization", "person")
        if not users:
            self.stdout.write("没有演示账户（数据库中不是演示数据）。")
            return
        self.stdout.write(f"演示账户（密码均为 {DEMO_PASSWORD}）：")
        for user in sorted(users, key=lambda u: DEMO_USERNAMES.index(u.username)):
            org = user.organization.full_path if user.organization else ""
            name = user.person.name if user.person else "（未关联人员）"
            self.stdout.write(f"  {user.username:<10} {name.ljust(4, '\u3000')} {user.get_role_display():<12} {org}")

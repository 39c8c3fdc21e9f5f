import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiceng.accounts.actions import create_or_update_user
from jiceng.accounts.models import Role
from jiceng.core.actor import SYSTEM
from jiceng.core.errors import DomainError
from jiceng.organizations.models import Organization
from jiceng.organizations.rules import join_path, split_path
from jiceng.people.crypto import id_digest
from jiceng.people.models import Person
from jiceng.people.rules import id_problem, mask_id, normalize_id


class Command(BaseCommand):
    help = "创建或更新一个限定在某组织及其下级范围内的用户"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="组织全称路径，如 某县委/某镇党委")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
        parser.add_argument("--person", metavar="公民身份号码", help="账户所属的人员（按公民身份号码查找已登记的人员）")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = join_path(split_path(opts["org"]))
        org = Organization.objects.active().filter(full_path=path).first()
        if org is None:
            raise CommandError(f"找不到组织：{opts['org']}")
        person = find_person(opts["person"]) if opts["person"] else None
        password = sys.stdin.readline().rstrip("\n") if opts["password_stdin"] else None
        if opts["password_stdin"] and not password:
            raise CommandError("标准输入中没有密码")
        try:
            user, created = create_or_update_user(
                SYSTEM, username=opts["username"], organization=org, role=opts["role"], password=password, person=person
            )
        except ValidationError as exc:
            raise CommandError("密码不符合要求：" + "；".join(exc.messages)) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{'已创建' if created else '已更新'}用户 {user.username}（{org.full_path}，{user.get_role_display()}）"
        )
        if person is not None:
            self.stdout.write(f"账户属于：{person.name}（{person.organization.full_path}）")


def find_person(number: str) -> Person:
    """The person with this ID number, matched by its keyed digest (numbers are stored encrypted)."""
    number = normalize_id(number)
    if problem := id_problem(number):
        raise CommandError(f"--person：{problem}")
    person = Person.objects.select_related("organization").filter(id_digest=id_digest(number)).first()
    if person is None:
        raise CommandError(f"找不到公民身份号码为 {mask_id(number)} 的人员（请先登记或导入花名册）")
    return person

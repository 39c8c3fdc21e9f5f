import io

import pytest
from django.core.management import CommandError, call_command

from jiceng.accounts.models import User
from jiceng.core.models import AuditEvent
from jiceng.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def create_user(*args: str) -> str:
    out = io.StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_create_user_links_the_person_found_by_id_number(tree):
    person = make_person(tree.east1, "钱书记")
    out = create_user("qian", "--org", "测试县委/东镇党委/东一村党支部", "--role", "village_secretary",
                      "--person", person.id_number.lower())  # fmt: skip
    assert out == (
        "已创建用户 qian（测试县委/东镇党委/东一村党支部，村党支部书记）\n"
        "账户属于：钱书记（测试县委/东镇党委/东一村党支部）\n"
    )
    user = User.objects.get(username="qian")
    assert user.person == person and not user.has_usable_password()
    changes = [e.changes for e in AuditEvent.objects.filter(object_type="accounts.user").order_by("id")]
    assert changes[-1] == {"person": ["", "钱书记"]}
    assert AuditEvent.objects.filter(object_type="accounts.user").earliest("id").actor_name == "系统"


def test_create_user_without_person_keeps_its_behaviour(tree):
    out = create_user("plain", "--org", "测试县委/东镇党委", "--role", "township_officer")
    assert out == "已创建用户 plain（测试县委/东镇党委，乡镇组织委员）\n"
    assert User.objects.get(username="plain").person is None


def test_create_user_relinks_an_existing_account(tree):
    create_user("qian", "--org", "测试县委/东镇党委", "--role", "township_officer")
    person = make_person(tree.east2, "钱镇长")
    create_user("qian", "--org", "测试县委/东镇党委", "--role", "township_officer", "--person", person.id_number)
    assert User.objects.get(username="qian").person == person


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("42282219700517001", "--person：公民身份号码应为18位"),
        ("422822197005170019", "--person：公民身份号码校验位不正确"),
    ],
)
def test_create_user_refuses_a_malformed_id_number(tree, number, message):
    with pytest.raises(CommandError) as err:
        create_user("x", "--org", "测试县委", "--role", "county_officer", "--person", number)
    assert str(err.value) == message
    assert not User.objects.filter(username="x").exists()


def test_create_user_refuses_an_unknown_person_without_printing_the_number(tree):
    from jiceng.people.tests.factories import valid_id

    number = valid_id()
    with pytest.raises(CommandError) as err:
        create_user("x", "--org", "测试县委", "--role", "county_officer", "--person", number)
    assert str(err.value) == f"找不到公民身份号码为 {number[:4]}**********{number[-4:]} 的人员（请先登记或导入花名册）"
    assert not User.objects.filter(username="x").exists()


def test_create_user_refuses_a_member_account_for_a_person_elsewhere(tree):
    person = make_person(tree.west1, "孙西")
    with pytest.raises(CommandError) as err:
        create_user("sun", "--org", "测试县委/东镇党委/东一村党支部", "--role", "member", "--person", person.id_number)
    assert str(err.value) == (
        "党员的账户只能属于本组织及下级组织的人员：孙西属于测试县委/西镇党委/西一村党支部，账户属于测试县委/东镇党委/东一村党支部"
    )
    assert not User.objects.filter(username="sun").exists()


def test_create_user_keeps_a_linked_member_within_their_persons_organization(tree):
    person = make_person(tree.east1, "孙东")
    create_user("sun", "--org", "测试县委/东镇党委/东一村党支部", "--role", "member", "--person", person.id_number)
    with pytest.raises(CommandError) as err:
        create_user("sun", "--org", "测试县委/东镇党委/东二村党支部", "--role", "member")
    assert str(err.value).startswith("党员的账户只能属于本组织及下级组织的人员：孙东属于测试县委/东镇党委/东一村党支部")
    assert User.objects.get(username="sun").organization == tree.east1

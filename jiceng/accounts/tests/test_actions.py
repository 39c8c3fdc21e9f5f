import datetime as dt
from typing import Any, cast

import pytest
from django.utils import timezone

from jiceng.accounts import actions
from jiceng.accounts.forms import UserChoiceField, picker_label
from jiceng.accounts.models import FirstLoginCode, LoginFailure, Role, User
from jiceng.accounts.tests.factories import NEW_PASSWORD, code_for, make_account
from jiceng.core.actor import SYSTEM, display_name
from jiceng.core.errors import AccessDenied, DomainError
from jiceng.core.models import AuditEvent
from jiceng.people import actions as people_actions
from jiceng.people.rules import PartyTitle, PostBody
from jiceng.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def audit_of(user: User) -> list[dict]:
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk)).order_by("id")
    return [{"actor": e.actor_name, "action": e.action, "changes": e.changes} for e in events]


# ---------------------------------------------------------------- linking


def test_link_an_account_to_a_person_of_its_branch(tree, personas):
    officer = personas["township_officer"]
    account = make_account(tree.east1, "laowang")
    person = make_person(tree.group, "王老五")  # a party group inside the account's branch
    actions.link_person(officer, account, person)
    account.refresh_from_db()
    assert account.person == person and display_name(account) == "王老五"
    assert audit_of(account)[-1] == {"actor": "east_officer", "action": "update", "changes": {"person": ["", "王老五"]}}


def test_relinking_records_both_names(tree, personas):
    account = make_account(tree.east1, "laowang", person=make_person(tree.east1, "王一"))
    actions.link_person(personas["county_officer"], account, make_person(tree.east1, "王二"))
    assert audit_of(account)[-1]["changes"] == {"person": ["王一", "王二"]}


def test_a_member_account_cannot_belong_to_a_person_of_another_branch(tree, personas):
    account = make_account(tree.east1, "laowang")
    person = make_person(tree.east2, "李二")
    with pytest.raises(DomainError) as err:
        actions.link_person(personas["township_officer"], account, person)
    assert err.value.message == (
        "党员的账户只能属于本组织及下级组织的人员：李二属于测试县委/东镇党委/东二村党支部，账户属于测试县委/东镇党委/东一村党支部"
    )
    account.refresh_from_db()
    assert account.person is None


def test_an_officer_account_may_belong_to_a_person_of_a_village(tree, personas):
    account = make_account(tree.east, "zhuzhang", role=Role.TOWNSHIP_OFFICER)
    actions.link_person(personas["county_officer"], account, make_person(tree.east2, "朱镇"))
    account.refresh_from_db()
    assert account.person is not None and account.person.name == "朱镇"


def test_a_person_has_one_account(tree, personas):
    person = make_person(tree.east1, "王三")
    make_account(tree.east1, "wangsan", person=person)
    other = make_account(tree.east1, "wangsan2")
    with pytest.raises(DomainError) as err:
        actions.link_person(personas["township_officer"], other, person)
    assert err.value.message == "王三已有账户（登录名 wangsan）"


def test_linking_outside_the_subtree_or_a_peer_is_refused(tree, personas):
    west_account = make_account(tree.west1, "xiyi")
    with pytest.raises(AccessDenied):
        actions.link_person(personas["township_officer"], west_account, make_person(tree.east1, "甲"))
    colleague = make_account(tree.east, "tongshi", role=Role.TOWNSHIP_OFFICER)
    with pytest.raises(AccessDenied):
        actions.link_person(personas["township_officer"], colleague, make_person(tree.east, "乙"))
    with pytest.raises(AccessDenied):
        actions.link_person(personas["village_secretary"], make_account(tree.east1, "c"), make_person(tree.east1, "丙"))
    assert User.objects.filter(person__isnull=False).count() == 0


def test_create_or_update_user_links_the_person_and_refuses_one_outside(tree):
    person = make_person(tree.east1, "陈书记")
    user, created = actions.create_or_update_user(
        SYSTEM, username="chen", organization=tree.east1, role=Role.VILLAGE_SECRETARY, password=None, person=person
    )
    assert created and user.person == person and not user.has_usable_password()
    with pytest.raises(DomainError):
        actions.create_or_update_user(
            SYSTEM, username="chen2", organization=tree.east2, role=Role.MEMBER, password=None, person=person
        )
    assert not User.objects.filter(username="chen2").exists()  # all or nothing


# ---------------------------------------------------------------- bulk creation


def test_bulk_accounts_for_members_of_a_branch(tree, personas):
    people = [make_person(tree.east1, name) for name in ("张三", "李四", "张三")]
    make_account(tree.west1, "zhangsan")  # taken elsewhere in the county: names are unique everywhere
    result = actions.bulk_create_accounts(personas["township_officer"], people, Role.MEMBER)
    made = {u.person_id: (u.username, u.role, str(u.organization)) for u in result.created}
    assert made == {
        people[0].pk: ("zhangsan2", "member", "东一村党支部"),
        people[1].pk: ("lisi", "member", "东一村党支部"),
        people[2].pk: ("zhangsan3", "member", "东一村党支部"),
    }
    assert result.skipped == []
    assert all(not u.has_usable_password() for u in result.created)
    assert audit_of(result.created[1]) == [{"actor": "east_officer", "action": "create", "changes": {
        "person": "李四", "organization": "测试县委/东镇党委/东一村党支部", "role": "党员"}}]  # fmt: skip


def test_login_names_never_use_the_id_number(tree, personas):
    person = make_person(tree.east1, "王五")
    [user] = actions.bulk_create_accounts(personas["township_officer"], [person], Role.MEMBER).created
    assert user.username == "wangwu" and person.id_number[-6:] not in user.username


def test_people_who_have_an_account_are_skipped(tree, personas):
    has = make_person(tree.east1, "钱一")
    make_account(tree.east1, "qianyi", person=has)
    new = make_person(tree.east1, "钱二")
    result = actions.bulk_create_accounts(personas["township_officer"], [has, new], Role.MEMBER)
    assert [u.username for u in result.created] == ["qianer"] and result.skipped == [has]
    assert User.objects.filter(person=has).count() == 1


@pytest.mark.parametrize(
    ("persona", "org", "role", "message"),
    [
        ("township_officer", "east", Role.TOWNSHIP_OFFICER,
         "您不能在东镇党委创建“乡镇组织委员”账户：只能创建低于本人角色的账户，或在下级组织创建同级账户"),
        ("township_officer", "east", Role.VILLAGE_SECRETARY, "“村党支部书记”账户不能设在乡镇党委（东镇党委）"),
        ("county_officer", "east1", Role.TOWNSHIP_OFFICER, "“乡镇组织委员”账户不能设在党支部（东一村党支部）"),
    ],
)  # fmt: skip
def test_roles_the_officer_may_not_grant_are_refused_with_the_reason(tree, personas, persona, org, role, message):
    people = [make_person(tree.east2, "甲一", category="resident"), make_person(getattr(tree, org), "甲二")]
    with pytest.raises(DomainError) as err:
        actions.bulk_create_accounts(personas[persona], people[1:] if role != Role.MEMBER else people, role)
    assert err.value.message == message
    assert User.objects.filter(person__in=people).count() == 0


def test_a_party_groups_members_get_accounts_of_their_branch(tree, personas):
    person = make_person(tree.group, "组员")
    [user] = actions.bulk_create_accounts(personas["township_officer"], [person], Role.MEMBER).created
    assert user.organization == tree.east1 and user.person == person


def test_county_officer_creates_township_officer_accounts(tree, personas):
    person = make_person(tree.east, "组织委员")
    [user] = actions.bulk_create_accounts(personas["county_officer"], [person], Role.TOWNSHIP_OFFICER).created
    assert (user.role, user.organization) == ("township_officer", tree.east)


def test_bulk_creation_outside_the_subtree_writes_nothing(tree, personas):
    people = [make_person(tree.east1, "东人"), make_person(tree.west1, "西人")]
    with pytest.raises(AccessDenied):
        actions.bulk_create_accounts(personas["township_officer"], people, Role.MEMBER)
    assert User.objects.filter(person__isnull=False).count() == 0
    with pytest.raises(AccessDenied):
        actions.bulk_create_accounts(personas["village_secretary"], people[:1], Role.MEMBER)


def test_bulk_creation_needs_someone(tree, personas):
    with pytest.raises(DomainError) as err:
        actions.bulk_create_accounts(personas["township_officer"], [], Role.MEMBER)
    assert err.value.message == "请至少选择一人"


# ---------------------------------------------------------------- first-login codes


@pytest.fixture
def account(tree):
    return make_account(tree.east1, "zhaoliu", person=make_person(tree.east1, "赵六"))


def test_a_code_is_stored_only_hashed_and_sets_the_password_once(account, personas):
    [issued] = actions.issue_codes(personas["township_officer"], [account])
    stored = FirstLoginCode.objects.get(user=account)
    assert issued.code not in stored.code_hash and len(stored.code_hash) == 64
    assert stored.issued_by == personas["township_officer"]
    assert stored.expires_at - stored.issued_at == dt.timedelta(days=30)
    user = actions.redeem_code(username="zhaoliu", code=issued.printed.lower(), password=NEW_PASSWORD)
    assert user.check_password(NEW_PASSWORD)
    stored.refresh_from_db()
    assert stored.used_at is not None
    with pytest.raises(DomainError) as err:
        actions.redeem_code(username="zhaoliu", code=issued.code, password="another-pass-2026")
    assert err.value.message == "该登录码已经用过，密码已设置，请直接登录。忘记密码的，请联系组织委员重新打印登录码。"
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    assert [e["changes"] for e in audit_of(account)] == [
        {"首次登录码": f"发放，有效期至 {timezone.localtime(stored.expires_at):%Y-%m-%d}"},
        {"密码": "首次登录时设置"},
    ]


def test_an_expired_code_is_refused(account):
    issued_at = timezone.now() - dt.timedelta(days=31)
    [issued] = actions.issue_codes(SYSTEM, [account], now=issued_at)
    with pytest.raises(DomainError) as err:
        actions.redeem_code(username="zhaoliu", code=issued.code, password=NEW_PASSWORD)
    expiry = timezone.localtime(issued_at + dt.timedelta(days=30))
    assert err.value.message == f"该登录码已过期（有效期至 {expiry:%Y-%m-%d}），请联系组织委员重新打印登录码。"
    account.refresh_from_db()
    assert not account.has_usable_password()


def test_a_code_is_valid_until_the_last_moment(account):
    [issued] = actions.issue_codes(SYSTEM, [account])
    stored = FirstLoginCode.objects.get(user=account)
    just_before = stored.expires_at - dt.timedelta(seconds=1)
    actions.redeem_code(username="zhaoliu", code=issued.code, password=NEW_PASSWORD, now=just_before)
    account.refresh_from_db()
    assert account.has_usable_password()


def test_reissuing_makes_the_old_code_useless(account, personas):
    old = code_for(account)
    [new] = actions.issue_codes(personas["township_officer"], [account])
    with pytest.raises(DomainError) as err:
        actions.redeem_code(username="zhaoliu", code=old, password=NEW_PASSWORD)
    assert err.value.message == "该登录码已作废（之后又打印过新的登录码），请使用最新的一张。"
    actions.redeem_code(username="zhaoliu", code=new.code, password=NEW_PASSWORD)
    assert FirstLoginCode.objects.open().filter(user=account).count() == 0
    assert audit_of(account)[1]["changes"]["首次登录码"].startswith("重新发放（原登录码作废），有效期至 ")


def test_wrong_codes_and_unknown_names_get_one_answer_and_count_as_failures(account, settings):
    settings.LOGIN_MAX_FAILURES = 3
    code_for(account)
    for username, code in (("zhaoliu", "AAAA-AAAA"), ("nobody", "AAAA-AAAA"), ("zhaoliu", "")):
        with pytest.raises(DomainError) as err:
            actions.redeem_code(username=username, code=code, password=NEW_PASSWORD)
        assert err.value.message == "登录名或登录码不正确。"
    assert LoginFailure.objects.filter(username="zhaoliu").count() == 2


def test_after_too_many_failures_even_the_right_code_waits(account, settings):
    settings.LOGIN_MAX_FAILURES = 2
    code = code_for(account)
    for _ in range(2):
        with pytest.raises(DomainError):
            actions.redeem_code(username="zhaoliu", code="WRONGCOD", password=NEW_PASSWORD)
    with pytest.raises(DomainError) as err:
        actions.redeem_code(username="zhaoliu", code=code, password=NEW_PASSWORD)
    assert err.value.message.startswith("失败次数过多，已暂时锁定")
    assert FirstLoginCode.objects.open().filter(user=account).count() == 1


def test_the_password_must_pass_the_validators_and_the_code_stays_usable(account):
    code = code_for(account)
    with pytest.raises(DomainError) as err:
        actions.redeem_code(username="zhaoliu", code=code, password="short")
    assert err.value.message.startswith("密码不符合要求：")
    actions.redeem_code(username="zhaoliu", code=code, password=NEW_PASSWORD)


def test_codes_for_accounts_outside_or_above_are_refused(tree, personas):
    west = make_account(tree.west1, "xiyi")
    with pytest.raises(AccessDenied):
        actions.issue_codes(personas["township_officer"], [west])
    with pytest.raises(AccessDenied):
        actions.issue_codes(personas["township_officer"], [personas["township_officer"]])
    with pytest.raises(AccessDenied):
        actions.issue_codes(personas["village_secretary"], [personas["member"]])
    assert FirstLoginCode.objects.count() == 0


def test_no_codes_for_a_deactivated_account(account):
    account.is_active = False
    account.save()
    with pytest.raises(DomainError) as err:
        actions.issue_codes(SYSTEM, [account])
    assert err.value.message == "账户 zhaoliu 已停用，不能发放登录码"


# ---------------------------------------------------------------- pickers


def choices_of(field: UserChoiceField) -> list[tuple[Any, str]]:
    return [choice for choice in cast(Any, field).choices]  # (not list(): its len() would count first)


def test_acting_users_over_and_in_a_subtree_never_members(tree, personas):
    make_account(tree.east2, "east2_secretary", role=Role.VILLAGE_SECRETARY)
    names = lambda qs: sorted(qs.values_list("username", flat=True))  # noqa: E731
    assert names(User.objects.acting_over(tree.east1.path)) == ["county", "east1_secretary", "east_officer"]
    assert names(User.objects.acting_in(tree.east.path)) == [
        "county", "east1_secretary", "east2_secretary", "east_officer"]  # fmt: skip
    personas["village_secretary"].is_active = False
    personas["village_secretary"].save()
    assert names(User.objects.acting_over(tree.group.path)) == ["county", "east_officer"]


def test_picker_labels_are_names_with_post_or_role(tree, personas, django_assert_num_queries):
    secretary = make_person(tree.east1, "李书记")
    people_actions.add_post(SYSTEM, secretary, body=PostBody.PARTY, title=PartyTitle.SECRETARY)
    people_actions.add_post(SYSTEM, secretary, body="village_committee", title="director")
    actions.link_person(SYSTEM, personas["village_secretary"], secretary)
    actions.link_person(SYSTEM, personas["township_officer"], make_person(tree.east, "王委员"))
    field = UserChoiceField(User.objects.acting_over(tree.east1.path))
    with django_assert_num_queries(2):  # users with people, then their current posts with organizations
        labels = [label for _, label in choices_of(field)][1:]
    assert labels == ["county（测试县委·县委组织部工作人员）", "王委员（东镇党委·乡镇组织委员）",
                      "李书记（东一村党支部书记、村民委员会主任）"]  # fmt: skip
    assert field.label == "姓名（职务/角色）"
    assert picker_label(personas["member"]) == "east1_member（东一村党支部·党员）"


def test_a_queryset_set_later_is_read_the_same_way(tree, personas):
    field = UserChoiceField(label="承办人")
    field.queryset = User.objects.acting_over(tree.east1.path).filter(username="east1_secretary")
    assert [label for _, label in choices_of(field)][1:] == ["east1_secretary（东一村党支部·村党支部书记）"]

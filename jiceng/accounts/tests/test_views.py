import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiceng.accounts import actions
from jiceng.accounts.models import FirstLoginCode, Role, User
from jiceng.accounts.tests.factories import NEW_PASSWORD, code_for, make_account
from jiceng.core import registry
from jiceng.core.actor import SYSTEM
from jiceng.core.testing import pdf_text
from jiceng.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def account(tree: Any) -> User:
    return make_account(tree.east1, "zhaoliu", person=make_person(tree.east1, "赵六"))


# ---------------------------------------------------------------- first login


def first_login(client: Client, username: str, code: str, one: str = NEW_PASSWORD, two: str | None = None) -> Any:
    data = {"username": username, "code": code, "new_password1": one, "new_password2": two or one}
    return client.post(reverse("first_login"), data)


def test_first_login_sets_the_password_logs_in_and_lands_on_my_page(account: User) -> None:
    client = Client()
    page = client.get(reverse("first_login"), {"u": "zhaoliu"}).content.decode()
    assert 'value="zhaoliu"' in page
    response = first_login(client, "zhaoliu", code_for(account))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(account.pk)
    home = client.get(reverse("home"))
    assert home["Location"] == reverse("my_page")  # a member's home is their own page
    assert "赵六" in client.get(reverse("my_page")).content.decode()
    fresh = Client()
    assert fresh.post(reverse("login"), {"username": "zhaoliu", "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("one", "two", "message"),
    [
        (NEW_PASSWORD, "something-else-1", "两次输入的密码不一致"),
        ("short1", None, "密码不符合要求："),
    ],
)
def test_first_login_with_bad_passwords_says_why_and_keeps_the_code(account: User, one, two, message) -> None:
    code = code_for(account)
    response = first_login(Client(), "zhaoliu", code, one, two)
    assert response.status_code == 200 and message in response.content.decode()
    assert FirstLoginCode.objects.get(user=account).used_at is None
    assert first_login(Client(), "zhaoliu", code).status_code == 302


def test_first_login_with_a_wrong_code_says_so_and_logs_nobody_in(account: User) -> None:
    code_for(account)
    client = Client()
    response = first_login(client, "zhaoliu", "ZZZZ-ZZZZ")
    assert response.status_code == 200 and "登录名或登录码不正确。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = first_login(client, "zhaoliu", "")
    assert "这个字段是必填项" in response.content.decode()


def test_login_page_points_to_the_first_login_page() -> None:
    page = Client().get(reverse("login")).content.decode()
    assert reverse("first_login") in page


# ---------------------------------------------------------------- my page


def test_my_page_shows_the_persons_own_record(tree: Any, personas: dict[str, User]) -> None:
    person = make_person(tree.east1, "孙小红", phone="13912345678")
    actions.link_person(SYSTEM, personas["member"], person)
    page = client_for(personas["member"]).get(reverse("my_page")).content.decode()
    record = page[page.index('id="my-record"') :]
    assert "孙小红" in record and person.id_masked in record and "13912345678" in record
    assert "测试县委/东镇党委/东一村党支部" in record and person.id_number not in page


def test_my_page_of_an_unlinked_account_says_so(personas: dict[str, User]) -> None:
    page = client_for(personas["member"]).get(reverse("my_page")).content.decode()
    assert "还没有关联到人员信息" in page and "east1_member" in page


def test_my_page_renders_the_sections_other_apps_register(personas: dict[str, User], tmp_path, settings) -> None:
    (tmp_path / "fake_section.html").write_text('<section id="fake">{{ title }}：{{ count }} 项</section>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    seen = []

    def shown(user: Any, today: Any) -> dict[str, Any]:
        seen.append(user.pk)
        return {"title": "我的会议", "count": 2}

    registry.register_my_page(10, "test.fake", "fake_section.html", shown)
    registry.register_my_page(20, "test.hidden", "fake_section.html", lambda user, today: None)
    try:
        page = client_for(personas["member"]).get(reverse("my_page")).content.decode()
    finally:
        registry._MY_PAGE.pop("test.fake")
        registry._MY_PAGE.pop("test.hidden")
    assert page.count('<section id="fake">') == 1 and '<section id="fake">我的会议：2 项</section>' in page
    assert seen == [personas["member"].pk]


def test_officers_home_is_what_to_do_with_a_link_to_the_dashboard(tree: Any, personas: dict[str, User]) -> None:
    response = client_for(personas["township_officer"]).get(reverse("home"))
    assert response.status_code == 200 and "待办" in response.content.decode()
    assert reverse("reports:dashboard", kwargs={"org_id": tree.east.pk}) in response.content.decode()


def test_the_navbar_shows_the_persons_name(tree: Any, personas: dict[str, User]) -> None:
    actions.link_person(SYSTEM, personas["township_officer"], make_person(tree.east, "周组委"))
    page = client_for(personas["township_officer"]).get(reverse("people:list")).content.decode()
    assert "周组委 · 东镇党委 · 乡镇组织委员" in page


# ---------------------------------------------------------------- officers: creating accounts, codes


def test_creation_page_lists_a_branchs_members_and_marks_who_has_an_account(tree: Any, personas) -> None:
    make_person(tree.east1, "党员甲")
    make_person(tree.east1, "群众乙", category="resident")
    make_person(tree.east2, "党员丙")
    make_account(tree.east1, "dangyuanding", person=make_person(tree.east1, "党员丁"))
    client = client_for(personas["township_officer"])
    page = client.get(reverse("account_create"), {"org": tree.east1.pk}).content.decode()
    assert re.findall(r"<td>(党员.|群众.)</td>", page) == ["党员丁", "党员甲"]
    assert 'name="person"' in page and page.count('name="person"') == 1  # 党员丁 already has one
    assert "dangyuanding" in page
    everyone = client.get(reverse("account_create"), {"org": tree.east1.pk, "all": "1"}).content.decode()
    assert re.findall(r"<td>(党员.|群众.)</td>", everyone) == ["党员丁", "党员甲", "群众乙"]


def test_creating_accounts_then_printing_the_codes(tree: Any, personas) -> None:
    people = [make_person(tree.east1, "张三"), make_person(tree.east1, "李四")]
    client = client_for(personas["township_officer"])
    response = client.post(reverse("account_create") + f"?org={tree.east1.pk}",
                           {"person": [p.pk for p in people], "role": Role.MEMBER})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("account_list") + "?status=no_code"
    listing = client.get(response["Location"]).content.decode()
    assert "已创建 2 个账户" in listing
    boxes = re.findall(r'name="user" value="(\d+)"[^>]*checked', listing)
    made = User.objects.filter(person__in=people)
    assert sorted(int(b) for b in boxes) == sorted(made.values_list("pk", flat=True))
    pdf = client.post(reverse("account_codes"), {"user": boxes})
    assert pdf["Content-Type"] == "application/pdf" and pdf["Cache-Control"] == "no-store"
    assert pdf["Content-Disposition"].startswith("attachment;")
    text = pdf_text(pdf.content)
    assert "张三" in text and "李四" in text and "zhangsan" in text and "lisi" in text
    assert "http://testserver/accounts/first-login/" in text
    slips = re.findall(r"登录名：(\w+)\s*首次登录码：([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})", text)
    assert sorted(name for name, _ in slips) == ["lisi", "zhangsan"]
    for username, code in slips:  # the printed codes are the ones that work
        assert first_login(Client(), username, code).status_code == 302
    active = client.get(reverse("account_list"), {"status": "active"}).content.decode()
    assert ">zhangsan<" in active and ">lisi<" in active
    assert "没有符合条件的账户" in client.get(reverse("account_list"), {"status": "no_code"}).content.decode()


def test_creating_with_nobody_chosen_says_so(tree: Any, personas) -> None:
    client = client_for(personas["township_officer"])
    response = client.post(reverse("account_create"), {"role": Role.MEMBER})
    assert response.status_code == 200 and "请至少选择一人" in response.content.decode()
    assert User.objects.count() == 5


def test_a_refused_role_is_shown_on_the_page(tree: Any, personas) -> None:
    person = make_person(tree.east, "镇干部")
    client = client_for(personas["county_officer"])
    response = client.post(reverse("account_create"), {"person": [person.pk], "role": Role.VILLAGE_SECRETARY})
    assert "“村党支部书记”账户不能设在乡镇党委（东镇党委）" in response.content.decode()
    assert not User.objects.filter(person=person).exists()


def test_the_role_choices_are_below_the_officers_own(personas) -> None:
    page = client_for(personas["township_officer"]).get(reverse("account_create")).content.decode()
    assert re.findall(r'<option value="(\w+)"[^>]*>(?:村党支部书记|党员|乡镇组织委员|县委组织部工作人员)', page) == [
        "village_secretary", "member"]  # fmt: skip


def test_account_list_statuses_and_filter(tree: Any, personas) -> None:
    pending = make_account(tree.east1, "pending", person=make_person(tree.east1, "待登录"))
    code_for(pending)
    make_account(tree.east1, "nocode", person=make_person(tree.east1, "未发码"))
    client = client_for(personas["township_officer"])
    page = client.get(reverse("account_list"), {"org": tree.east1.pk}).content.decode()
    assert "待首次登录" in page and "未发登录码" in page and "east1_member" in page
    only = client.get(reverse("account_list"), {"status": "pending"}).content.decode()
    assert "待登录" in only and "未发码" not in only and "east1_member" not in only
    searched = client.get(reverse("account_list"), {"q": "wfm"}).content.decode()  # pinyin initials of 未发码
    assert "未发码" in searched and "待登录" not in searched


def test_printing_for_an_account_outside_the_subtree_is_not_found(tree: Any, personas) -> None:
    west = make_account(tree.west1, "xiyi")
    east = make_account(tree.east1, "dongyi")
    response = client_for(personas["township_officer"]).post(reverse("account_codes"), {"user": [east.pk, west.pk]})
    assert response.status_code == 404 and FirstLoginCode.objects.count() == 0


def test_printing_for_a_colleague_is_refused_with_a_message(tree: Any, personas) -> None:
    client = client_for(personas["township_officer"])
    colleague = make_account(tree.east, "tongshi", role=Role.TOWNSHIP_OFFICER)
    response = client.post(reverse("account_codes"), {"user": [colleague.pk]})
    assert response.status_code == 404 and FirstLoginCode.objects.count() == 0


def test_link_page_links_by_id_number(tree: Any, personas) -> None:
    account = make_account(tree.east1, "wuming")
    person = make_person(tree.east1, "吴明")
    client = client_for(personas["township_officer"])
    response = client.post(reverse("account_link", args=[account.pk]), {"id_number": person.id_number.lower()})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.person == person
    other = make_person(tree.west1, "西边人")
    again = client.post(
        reverse("account_link", args=[make_account(tree.east1, "x").pk]), {"id_number": other.id_number}
    )
    assert "您的范围内没有这个公民身份号码的人员" in again.content.decode()


def test_person_page_shows_the_account(tree: Any, personas) -> None:
    person = make_person(tree.east1, "郑九")
    client = client_for(personas["township_officer"])
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "尚无账户" in page and reverse("account_create") in page
    make_account(tree.east1, "zhengjiu", person=person)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert '登录名 <span class="mono">zhengjiu</span>' in page


def test_account_list_flags_a_person_who_moved_to_another_branch(tree: Any, personas) -> None:
    from jiceng.people import actions as people_actions

    person = make_person(tree.east1, "冯走")
    make_account(tree.east1, "fengzou", person=person)
    client = client_for(personas["township_officer"])
    assert "已转至" not in client.get(reverse("account_list")).content.decode()
    people_actions.update_person(SYSTEM, person, organization=tree.east2)
    assert "已转至东二村党支部" in client.get(reverse("account_list")).content.decode()


def test_account_list_reads_a_page_in_a_fixed_number_of_queries(tree: Any, personas, django_assert_max_num_queries):
    for i in range(30):
        code_for(make_account(tree.east1, f"u{i}", person=make_person(tree.east1, f"人{i}")))
    client = client_for(personas["township_officer"])
    # session, user, person, org options, count, page, codes, and the navigation bar's organization.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("account_list")).status_code == 200

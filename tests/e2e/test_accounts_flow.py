"""Accounts on a 360 px phone: an officer creates accounts for two members and prints the sheet of
first-login codes; a member uses the code from the sheet, sets a password and sees their own page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD
from jiceng.accounts.models import User
from jiceng.accounts.tests.factories import NEW_PASSWORD
from jiceng.core.testing import pdf_text
from jiceng.people.tests.factories import make_person

from .conftest import VIEWPORTS, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser: Any) -> Iterator[Callable[[], Any]]:
    """New phone pages, each in its own browser context (the officer's phone, the member's phone)."""
    contexts: list[Any] = []

    def make() -> Any:
        contexts.append(browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", accept_downloads=True))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


def test_officer_prints_codes_and_a_member_logs_in_with_one(
    phone: Callable[[], Any], live_server: Any, tree: Any, personas: dict[str, Any]
) -> None:
    url = live_server.url
    make_person(tree.east1, "张三")
    make_person(tree.east1, "李四")
    make_person(tree.east2, "王五")  # another branch: not listed once the branch is chosen

    officer = phone()
    officer.goto(f"{url}/accounts/login/")
    officer.fill("#id_username", "east_officer")
    officer.fill("#id_password", PASSWORD)
    officer.click("button[type=submit]")
    officer.wait_for_load_state()
    officer.goto(f"{url}/accounts/manage/new/")
    officer.select_option("select[name=org]", str(tree.east1.pk))
    officer.get_by_role("button", name="筛选").click()
    officer.wait_for_url(re.compile(rf"org={tree.east1.pk}"))
    assert officer.locator("input[name=person]:checked").count() == 2
    assert officer.locator("text=王五").count() == 0
    shot(officer, "phone-accounts-create")
    officer.click("text=为勾选的人员创建账户")
    officer.wait_for_selector("text=已创建 2 个账户")
    assert officer.locator("input[name=user]:checked").count() == 2
    shot(officer, "phone-accounts-list")
    with officer.expect_download() as download:
        officer.click("text=打印所选人员的首次登录码")
    sheet = pdf_text(Path(download.value.path()).read_bytes())
    slips = dict(re.findall(r"登录名：(\w+)\s*首次登录码：([A-Z0-9]{4}-[A-Z0-9]{4})", sheet))
    assert sorted(slips) == ["lisi", "zhangsan"] and "张三" in sheet and "李四" in sheet
    assert f"{url}/accounts/first-login/" in sheet.replace("\n", "")  # a long address wraps on the slip

    member = phone()
    member.goto(f"{url}/")
    member.click("text=第一次使用？用纸条上的首次登录码设置密码")
    member.fill("#id_username", "zhangsan")
    member.fill("#id_code", slips["zhangsan"].lower())
    member.fill("#id_new_password1", NEW_PASSWORD)
    member.fill("#id_new_password2", NEW_PASSWORD)
    shot(member, "phone-first-login")
    member.click("button[type=submit]")
    member.wait_for_selector("#my-record")
    assert member.url == f"{url}/accounts/me/"
    record = member.inner_text("#my-record")
    assert "张三" in record and "测试县委/东镇党委/东一村党支部" in record
    assert member.locator(".alert-success").inner_text().strip() == "密码已设置。以后请用登录名和这个密码登录。"
    assert member.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    shot(member, "phone-my-page")
    assert User.objects.get(username="zhangsan").check_password(NEW_PASSWORD)
    assert not User.objects.get(username="lisi").has_usable_password()

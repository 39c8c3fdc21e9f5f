"""Log in → import a roster on the web → people list with search → dashboard with charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD
from jiceng.people.models import Person
from jiceng.people.tests.test_roster import person_row, workbook

from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_import_list_dashboard(page: Any, live_server: Any, personas: dict[str, Any], tmp_path: Path) -> None:
    url = live_server.url
    page.goto(f"{url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "east_officer")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".alert-danger").inner_text().strip() == "用户名或密码不正确。"
    page.fill("#id_username", "east_officer")
    page.fill("#id_password", PASSWORD)
    if page.viewport_name == "desktop":
        shot(page, "01-login")
    page.click("button[type=submit]")
    page.wait_for_selector("#todo")

    # Import a roster through the web page (a background task; progress page).
    roster = tmp_path / "花名册.xlsx"
    people = [
        person_row(所在党组织="测试县委/东镇党委/东一村党支部"),
        person_row(
            姓名="李芳",
            公民身份号码=_female_id(),
            性别="女",
            出生日期="",
            人员类别="入党积极分子",
            入党日期="",
            转正日期="",
            党内职务="",
            村委会职务="",
            职务任职日期="",
            所在党组织="测试县委/东镇党委/东二村党支部",
        ),
    ]
    roster.write_bytes(workbook(orgs=[], people=people).getvalue())
    page.goto(f"{url}/people/roster/")
    page.set_input_files("#id_file", str(roster))
    shot(page, "02-import")
    page.click("text=上传并导入")
    page.wait_for_selector("text=导入完成", timeout=15000)
    assert "新增人员 2" in page.inner_text("#progress")
    shot(page, "03-import-done")
    assert Person.objects.count() == 2

    # People list: search by pinyin initials updates the table through htmx.
    page.goto(f"{url}/people/")
    page.wait_for_selector("text=共 2 人")
    page.fill("#id_q", "lf")
    page.wait_for_selector("text=共 1 人")
    assert "李芳" in page.inner_text("#results") and "张三" not in page.inner_text("#results")
    shot(page, "04-people")
    if page.viewport_name == "phone":
        shot(page, "phone-people")

    # Dashboard: the figures and the three charts are drawn (ECharts canvases).
    page.goto(f"{url}/orgs/{personas['township_officer'].organization_id}/")
    page.wait_for_selector("#chart-pyramid canvas")
    assert page.locator("#member-total").inner_text() == "1"
    assert page.locator(".chart canvas").count() == 3
    shot(page, "05-dashboard")
    if page.viewport_name == "phone":
        shot(page, "phone-dashboard")
        # The phone layout has no horizontal scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def _female_id() -> str:
    import datetime as dt

    from jiceng.people.tests.factories import valid_id

    return valid_id(dt.date(1992, 2, 2), male=False)

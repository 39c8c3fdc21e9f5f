"""公示 end to end: published on a village's public page, an objection raised from a phone in
WeChat without login, handled by the township officer, and the waiting workflow step completing
only after the period (over 国庆 2026) and the handling. The clock is moved with `travel`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiceng.core import engine
from jiceng.core.errors import DomainError
from jiceng.core.workflow import State
from jiceng.notices.models import Objection
from jiceng.notices.tests.factories import FakeSubject, publish, travel

from .conftest import VIEWPORTS, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# What WeChat's built-in browser (XWEB) on an Android phone says it is.
WECHAT = ("Mozilla/5.0 (Linux; Android 10; V2001A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
          "Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220903 Mobile Safari/537.36 MicroMessenger/8.0.28.2240"
          "(0x28001C35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64")  # fmt: skip
STEP = State("notice", "公示", step="notice")


def step_refusal(on: dt.date) -> str | None:
    """What the engine says when the waiting case tries to leave its 公示 step on `on`."""
    try:
        subject: Any = FakeSubject()  # the check reads notices by ref and step: no case needed
        engine._check_step(subject, STEP, on)
    except DomainError as exc:
        return exc.message
    return None


def test_notice_objection_from_a_phone_handling_and_the_step(new_page: Any, live_server: Any, tree: Any,
                                                             personas: dict) -> None:  # fmt: skip
    url = live_server.url
    with travel(dt.date(2026, 9, 30)):
        notice = publish(tree.east1, personas["township_officer"], title="发展对象公示")
    assert (notice.starts_on, notice.ends_on) == (dt.date(2026, 9, 30), dt.date(2026, 10, 12))

    # 8 October: a villager opens the village's public page in WeChat on a 360 px phone, no login.
    phone = new_page("phone", user_agent=WECHAT, is_mobile=True, has_touch=True)
    with travel(dt.date(2026, 10, 8)):
        phone.goto(f"{url}/ledgers/public/{tree.east1.pk}/")
        assert "发展对象公示" in phone.inner_text("#notice-board")
        phone.click("#notice-board a:has-text('查看全文、提出异议')")
        phone.wait_for_selector("#objection-form")
        assert "2026年9月30日至2026年10月12日（5个工作日）" in phone.inner_text("#notice-period")
        phone.fill("#id_text", "<b>该同志</b>去年有三个月未参加组织生活，请核实。")
        phone.fill("#id_contact", "13912345678")
        phone.click("#objection-submit")
        phone.wait_for_selector("#receipt-code")
        code = phone.inner_text("#receipt-code")
        assert phone.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"] + 1
        # The public pages show nothing of the objector.
        phone.goto(f"{url}/notices/public/{notice.pk}/")
        assert "13912345678" not in phone.content()
    objection = Objection.objects.get()
    assert (objection.state, objection.contact, objection.received_on) == ("received", "13912345678",
                                                                           dt.date(2026, 10, 8))  # fmt: skip

    # The step waits: during the period, and after it while the objection is open.
    assert step_refusal(dt.date(2026, 10, 12)) == (
        "“公示”环节：公示期为2026-09-30至2026-10-12，期满后（2026-10-13起）才能办理下一环节"
    )
    assert step_refusal(dt.date(2026, 10, 13)) == (
        "“公示”环节：公示期间收到的异议尚有1件未处理完毕，处理完毕后才能办理下一环节"
    )

    # 13 October: the township officer verifies and answers on the notice's page.
    officer = new_page("desktop")
    with travel(dt.date(2026, 10, 13)):
        login(officer, url, "east_officer")
        officer.goto(f"{url}/notices/{notice.pk}/")
        card = officer.locator(f"#objection-{objection.pk}")
        assert "<b>该同志</b>去年有三个月" in card.locator(".objection-text").inner_text()  # shown as text
        assert "13912345678" in card.inner_text()  # contact: for officers only
        card.locator("[data-move=investigating]").click()
        officer.wait_for_selector(f"#objection-{objection.pk} .objection-state:has-text('核实中')")
        card = officer.locator(f"#objection-{objection.pk}")
        card.locator("[data-move=dismissed]").click()
        assert "“异议不成立”需要填写：答复意见" in officer.inner_text(f"#objection-{objection.pk}")
        card = officer.locator(f"#objection-{objection.pk}")
        card.locator("textarea[name=answer]").fill("经走访核实，该同志按时参加了组织生活，异议不成立。")
        card.locator("[data-move=dismissed]").click()
        officer.wait_for_selector(f"#objection-{objection.pk} .objection-state:has-text('异议不成立')")
        assert officer.inner_text("#step-status") == "公示已完成（异议不成立），等待公示的环节可以办理下一步"
    assert step_refusal(dt.date(2026, 10, 13)) is None

    # The villager looks the answer up with the receipt code.
    with travel(dt.date(2026, 10, 14)):
        phone.goto(f"{url}/notices/receipt/")
        phone.fill("#id_code", code)
        phone.click("#receipt-form button")
        phone.wait_for_selector("#receipt-result")
        assert phone.inner_text("#receipt-state") == "异议不成立"
        assert "按时参加了组织生活" in phone.inner_text("#receipt-answer")

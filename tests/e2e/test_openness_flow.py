"""公开 end to end on a phone: a 村民自治事项 from the 议案 to 村务公开, the 村民代表会议's vote
recorded once in the meetings app (组织法 Art. 26) and linked; the village's board shows the
result; a villager opens the board from the QR poster's URL, raises an objection to a 公示 without
login; the township officer answers it and the villager reads the answer by the receipt code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiceng.core.testing import pdf_text
from jiceng.notices.models import Objection
from jiceng.notices.tests.factories import running_now
from jiceng.openness import actions
from jiceng.openness.models import Procedure, Publication
from jiceng.openness.tests.factories import representatives_vote

from .conftest import VIEWPORTS, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_village_matter_to_the_board_and_an_objection_from_the_qr_url(new_page: Any, live_server: Any, tree: Any,
                                                                       personas: dict) -> None:  # fmt: skip
    url, today = live_server.url, timezone.localdate()
    secretary = personas["village_secretary"]
    proc = actions.start_procedure(secretary, tree.east1, "zizhi", "村内主干道路灯安装", today,
                                   note="户联理事会提出议案")  # fmt: skip
    # The 村民代表会议 and its vote are recorded once, in the meetings app: 5 of 6 present, 4 in favour.
    meeting = representatives_vote(tree.east1, today - dt.timedelta(days=1), present=5, votes_for=4,
                                   text="同意安装路灯40盏，费用由村集体承担")  # fmt: skip

    phone = new_page("phone", is_mobile=True, has_touch=True)
    login(phone, url, "east1_secretary")
    phone.goto(f"{url}/openness/procedures/{proc.pk}/")

    def step(target: str) -> None:
        phone.click(f"button[data-target={target}]")
        phone.wait_for_load_state()

    step("plan")
    step("vote")
    step("implement")  # out of order: the vote is not linked yet
    assert "还没有关联会议记录" in phone.inner_text("#step-error")
    phone.select_option("#link-form select", str(meeting.pk))
    phone.click("#link-form button")
    phone.wait_for_selector("#linked-meetings")
    step("implement")
    step("publish")
    phone.fill("#step-publish-form #id_title", "路灯安装实施结果公开")
    phone.fill("#step-publish-form #id_body", "经村民代表会议表决通过，村内主干道已安装路灯40盏，费用由村集体承担。")
    phone.click("#step-publish-form button")
    phone.wait_for_selector("#step-publications")
    step("done")
    assert Procedure.objects.get(pk=proc.pk).step == "done"
    assert phone.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"] + 1
    pub = Publication.objects.get(source_ref=f"openness.procedure:{proc.pk}")

    # A 公示 runs on the village's board; the poster's QR code carries the board's URL.
    notice = running_now(tree.east1, title="路灯维护员人选公示")
    poster = pdf_text(Client().get(reverse("openness:poster", args=[tree.east1.pk])).content).replace("\n", "")
    board_path = reverse("openness:board", args=[tree.east1.pk])
    assert board_path in poster

    villager = new_page("phone", is_mobile=True, has_touch=True)
    villager.goto(f"{url}{board_path}")
    assert "路灯安装实施结果公开" in villager.inner_text("#section-village")
    assert villager.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"] + 1
    villager.click(f"#section-village a[href='{reverse('openness:publication', args=[pub.pk])}']")
    assert "路灯40盏" in villager.inner_text("#pub-body")
    villager.go_back()
    villager.click("#notice-board a:has-text('查看全文、提出异议')")
    villager.wait_for_selector("#objection-form")
    villager.fill("#id_text", "人选未经村民代表推荐，请核实。")
    villager.click("#objection-submit")
    villager.wait_for_selector("#receipt-code")
    code = villager.inner_text("#receipt-code")
    objection = Objection.objects.get()
    assert objection.notice_id == notice.pk

    officer = new_page("desktop")
    login(officer, url, "east_officer")
    officer.goto(f"{url}/notices/{notice.pk}/")
    card = officer.locator(f"#objection-{objection.pk}")
    card.locator("[data-move=investigating]").click()
    officer.wait_for_selector(f"#objection-{objection.pk} .objection-state:has-text('核实中')")
    card = officer.locator(f"#objection-{objection.pk}")
    card.locator("textarea[name=answer]").fill("经核实，人选已经村民代表会议推荐，异议不成立。")
    card.locator("[data-move=dismissed]").click()
    officer.wait_for_selector(f"#objection-{objection.pk} .objection-state:has-text('异议不成立')")

    villager.goto(f"{url}/notices/receipt/")
    villager.fill("#id_code", code)
    villager.click("#receipt-form button")
    villager.wait_for_selector("#receipt-result")
    assert villager.inner_text("#receipt-state") == "异议不成立"
    assert "已经村民代表会议推荐" in villager.inner_text("#receipt-answer")

"""Print slips → three phones vote → one paper ballot keyed by two clerks → close → reconcile → publish;
the published recount file recounts to the published totals."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD
from jiceng.evaluations.models import Ballot, Round
from jiceng.people.tests.factories import make_person

from .test_foundation_flow import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"\b[2-9A-HJKMNP-Z]{8}\b")


def login(browser: Any, url: str, username: str, viewport: dict[str, int] | None = None) -> Any:
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, locale="zh-CN",
                                  accept_downloads=True)  # fmt: skip
    page = context.new_page()
    page.viewport_name = "desktop" if viewport is None else "phone"
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def rate_all(page: Any, label: str) -> None:
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_text(label, exact=True).click()


def test_slips_phones_paper_publish_recount(browser: Any, live_server: Any, tree: Any, personas: Any,
                                            tmp_path: Path) -> None:  # fmt: skip
    url = live_server.url
    for name in ("赵一", "钱二"):
        make_person(tree.east1, name)
    officer = login(browser, url, "east_officer")

    # Create the round and take the members of the branch as subjects.
    officer.goto(f"{url}/evaluations/new/")
    officer.select_option("#id_organization", label="东一村党支部")
    officer.select_option("#id_kind", "mass")
    officer.fill("#id_title", "党员群众背靠背评议")
    officer.click("main button[type=submit]")
    picks = officer.locator("#subject-picks input[type=checkbox]")
    officer.click("#pick-none")  # 全不选 / 全选 (issue 10.12)
    assert [picks.nth(i).is_checked() for i in range(picks.count())] == [False, False]
    officer.click("#pick-all")
    assert [picks.nth(i).is_checked() for i in range(picks.count())] == [True, True]
    officer.get_by_role("button", name="加入评议对象").click()
    assert officer.locator("ol.list-group li").count() == 2
    shot(officer, "eval-01-draft")

    # Print the slips: the codes exist only in this PDF.
    officer.fill("input[name=count]", "8")
    with officer.expect_download() as download:
        officer.click("#print-slips")
    pdf = tmp_path / "slips.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    codes = CODE.findall(text)
    assert len(codes) == 8 and len(set(codes)) == 8
    officer.goto(officer.url)
    officer.check("#confirm-open")
    officer.get_by_role("button", name="开始投票").click()
    officer.wait_for_selector("text=投票中")
    round_ = Round.objects.get()
    vote_url = f"{url}/evaluations/v/{round_.public_key}/"

    # Five phones (at least three, and five ballots in all before any breakdown is shown) scan their slips: the code arrives in the fragment and is posted by the page.
    receipts = []
    for code, label in zip(codes[:5], ["满意", "满意", "基本满意", "满意", "不满意"], strict=True):
        phone = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
        phone.viewport_name = "phone"
        phone.goto(f"{vote_url}#{code}")
        assert phone.input_value("#code") == code
        assert "#" not in phone.url  # dropped from the address bar and history
        phone.get_by_role("button", name="下一步：填写选票").click()  # the code is checked first
        phone.wait_for_selector("#code-ok")
        rate_all(phone, label)
        shot(phone, "phone-eval-vote")
        phone.get_by_role("button", name="提交选票").click()
        phone.wait_for_selector("#receipt")
        receipts.append(phone.inner_text("#receipt").strip())
        phone.context.close()

    # A voter without a phone: the clerk voids the slip; two clerks key the paper ballot independently.
    officer.goto(f"{url}/evaluations/{round_.pk}/")
    officer.fill("input[name=code]", codes[5].lower())
    officer.get_by_role("button", name="作废并换纸质票").click()
    officer.wait_for_selector("text=评议码已作废")
    for page in (officer, login(browser, url, "east1_secretary", PHONE)):
        page.goto(f"{url}/evaluations/{round_.pk}/paper/")
        page.fill("#number", "1")
        rate_all(page, "不满意")
        page.click("main button[type=submit]")
        page.wait_for_selector(".alert-success")
    assert Ballot.objects.filter(channel="paper").count() == 1

    # Close with the signatures counted on the attendance list, reconcile, publish.
    officer.goto(f"{url}/evaluations/{round_.pk}/")
    officer.fill("input[name=signatures]", "5")  # a typo: 7 signed
    officer.check("#confirm-close")
    officer.get_by_role("button", name="结束投票").click()
    officer.wait_for_selector("text=选票合计 6 张多于签到人数 5 人")
    officer.fill("input[aria-label=更正签到人数]", "7")
    officer.get_by_role("button", name="更正签到人数").click()
    officer.wait_for_selector("text=核对通过")
    shot(officer, "eval-02-reconcile")
    officer.check("#confirm-publish")
    officer.get_by_role("button", name="公布结果").click()
    officer.wait_for_selector("text=评议结果已公布")

    # The public page (no login) shows totals, receipts and the digest; the file recounts to it.
    public = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    public.goto(f"{url}/evaluations/p/{round_.public_key}/")
    assert public.inner_text("#ballot-total").strip() == "6"
    assert public.inner_text("#receipts").split() == sorted(receipts)
    with public.expect_download() as download:
        public.click("#recount-link")
    recount_path = tmp_path / "recount.csv"
    download.value.save_as(recount_path)
    import hashlib

    assert hashlib.sha256(recount_path.read_bytes()).hexdigest() == public.inner_text("#recount-digest").strip()
    recount = Counter((r["评议对象"], r["评价"]) for r in csv.DictReader(io.StringIO(recount_path.read_text())))
    for row in public.locator("#results tbody tr").all():
        subject = row.get_attribute("data-subject")
        for cell in row.locator("td[data-option]").all():
            shown = int(cell.inner_text().split("（")[0])
            assert shown == recount[(subject, cell.get_attribute("data-option"))]
    assert recount[("赵一", "满意")] == 3 and recount[("赵一", "不满意")] == 2
    public.context.close()
